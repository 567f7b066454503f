/**
 * Saves text as a file from the page: a Blob behind a temporary link with `download`. Works the
 * same in the Electron renderer (its will-download default saves it) and in the host page in a
 * browser; the object URL is released once the click has been handled.
 */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
