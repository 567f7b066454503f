import type { Template } from '../../src-shared/domain/settings';

/**
 * Fills {имя}/{товар}/{артикул} for a template the seller picked by hand. Mirrors core's
 * renderTemplate (src-main/core/replies/templates.ts) — drafts are filled there; a manual pick
 * must read the same: a `[...]` segment with a variable is kept only when all its variables are
 * known, and a missing name leaves no dangling comma.
 */
export interface TemplateFacts {
  customerName?: string | null;
  productName?: string | null;
  productArticle?: string | null;
  nmId?: number | null;
}

const VARIABLE = /\{(имя|товар|артикул)\}/g;
const OPTIONAL_SEGMENT = /\[([^[\]]*\{(?:имя|товар|артикул)\}[^[\]]*)\]/g;

// WB sends placeholder names like "" or "-"; a name without a letter is no name.
function present(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && /\p{L}|\p{N}/u.test(trimmed) ? trimmed : null;
}

export function fillTemplate(template: Pick<Template, 'text'>, facts: TemplateFacts): string {
  const values: Record<string, string | null> = {
    имя: present(facts.customerName),
    товар: present(facts.productName),
    артикул: present(facts.productArticle) ?? (facts.nmId != null ? String(facts.nmId) : null),
  };
  let text = template.text.replace(OPTIONAL_SEGMENT, (_whole, inner: string) => {
    const names = [...inner.matchAll(VARIABLE)].map((match) => match[1] ?? '');
    return names.every((name) => values[name]) ? inner : '';
  });
  if (!values['имя']) {
    text = text
      .replace(/(^|[.!?]\s+)\{имя\}\s*,\s*(\p{L})/gu, (_w, lead: string, first: string) => lead + first.toUpperCase())
      .replace(/\s*,\s*\{имя\}(?=\s*[.!?,;:]|$)/gu, '');
  }
  text = text.replace(VARIABLE, (_whole, name: string) => values[name] ?? '');
  return text
    .replace(/«\s*»|\(\s*\)|"\s*"/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([.,!?;:)»])/g, '$1')
    .replace(/([(«])[ \t]+/g, '$1')
    .replace(/^[ \t]+|[ \t]+$/gm, '')
    .trim();
}

/** Templates that fit this item: its channel, and its star rating when the template names ratings. */
export function templateFits(template: Template, channel: Template['channels'][number], rating: number | null): boolean {
  if (!template.channels.includes(channel)) return false;
  return !template.ratings || (rating !== null && template.ratings.includes(rating));
}
