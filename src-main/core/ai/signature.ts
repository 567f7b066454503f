/** The seller's sign-off goes on its own line, once, whichever provider wrote the body. */
export function appendSignature(text: string, signature: string | undefined): string {
  const sign = signature?.trim();
  if (!sign || text.trimEnd().endsWith(sign)) return text;
  return `${text.trimEnd()}\n\n${sign}`;
}
