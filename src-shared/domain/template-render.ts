import type { Template } from './settings';

/**
 * Filling a reply template — shared, so a template the seller picks by hand in the renderer
 * reads exactly like a draft core fills. Text syntax: `{имя}`, `{товар}`, `{артикул}`; a `[...]`
 * segment that holds a variable is kept (without the brackets) only when every variable in it is
 * known, so «Подробные характеристики[ товара «{товар}»] указаны в карточке» reads well either way.
 */
export interface TemplateFacts {
  customerName?: string | null;
  productName?: string | null;
  productArticle?: string | null;
  nmId?: number | null;
}

const VARIABLE = /\{(имя|товар|артикул)\}/g;
const OPTIONAL_SEGMENT = /\[([^\[\]]*\{(?:имя|товар|артикул)\}[^\[\]]*)\]/g;

function present(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  // WB sends placeholder names like "" or "-"; a name without a letter is no name.
  return trimmed && /\p{L}|\p{N}/u.test(trimmed) ? trimmed : null;
}

function variableValues(facts: TemplateFacts): Record<string, string | null> {
  return {
    имя: present(facts.customerName),
    товар: present(facts.productName),
    артикул: present(facts.productArticle) ?? (facts.nmId != null ? String(facts.nmId) : null),
  };
}

/** Fill a template; missing variables are dropped so the text still reads as a human wrote it. */
export function renderTemplate(template: Pick<Template, 'text'>, facts: TemplateFacts): string {
  const values = variableValues(facts);
  let text = template.text.replace(OPTIONAL_SEGMENT, (_whole, inner: string) => {
    const names = [...inner.matchAll(VARIABLE)].map((m) => m[1] ?? '');
    return names.every((name) => values[name]) ? inner : '';
  });
  text = dropMissingName(text, values['имя'] ?? null);
  text = text.replace(VARIABLE, (_whole, name: string) => values[name] ?? '');
  return tidy(text);
}

/**
 * «{имя}, спасибо!» → «Спасибо!»; «Спасибо, {имя}!» → «Спасибо!». A bare missing name elsewhere
 * just disappears and tidy() closes the gap.
 */
function dropMissingName(text: string, name: string | null): string {
  if (name) return text;
  return text
    .replace(/(^|[.!?]\s+)\{имя\}\s*,\s*(\p{L})/gu, (_w, lead: string, first: string) => lead + first.toUpperCase())
    .replace(/\s*,\s*\{имя\}(?=\s*[.!?,;:]|$)/gu, '');
}

/** Remove the debris an omitted variable leaves behind: empty quotes/brackets, doubled spaces, space before punctuation. */
function tidy(text: string): string {
  return text
    .replace(/«\s*»|\(\s*\)|"\s*"/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([.,!?;:)»])/g, '$1')
    .replace(/([(«])[ \t]+/g, '$1')
    .replace(/^[ \t]+|[ \t]+$/gm, '')
    .trim();
}
