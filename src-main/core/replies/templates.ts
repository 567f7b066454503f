import type { Channel } from '../../../src-shared/domain/interaction';
import { templateListSchema, templateSchema, type Template } from '../../../src-shared/domain/settings';

export { templateListSchema, templateSchema, type Template };
export { renderTemplate, type TemplateFacts } from '../../../src-shared/domain/template-render';

/**
 * Local reply templates. WB switched its template API off in 2025 (CONTRACT §4, "Removed"), so
 * templates live per account in the settings JSON and are validated with these schemas on load.
 *
 * Text syntax: `{имя}`, `{товар}`, `{артикул}`; a `[...]` segment that holds a variable is kept
 * (without the brackets) only when every variable in it is known, so
 * «Подробные характеристики[ товара «{товар}»] указаны в карточке» reads well either way.
 */
export interface PickOptions {
  channel: Channel;
  rating?: number | null;
  intent?: string | null;
  /** Template ids used for recent replies, most recent first. */
  recentlyUsedIds?: readonly string[];
}

function fits(template: Template, { channel, rating, intent }: PickOptions): boolean {
  if (!template.channels.includes(channel)) return false;
  if (template.ratings && (rating == null || !template.ratings.includes(rating))) return false;
  if (template.intents && (intent == null || !template.intents.includes(intent))) return false;
  return true;
}

/** A template made for this exact rating/intent beats a catch-all one. */
function specificity(template: Template): number {
  return (template.ratings ? 1 : 0) + (template.intents ? 1 : 0);
}

/**
 * The best-fitting template, rotated so buyers do not read the same text under every review:
 * among the most specific matches, one never used recently wins (first in list order), otherwise
 * the one used longest ago. Deterministic for the same inputs.
 */
export function pickTemplate(candidates: readonly Template[], options: PickOptions): Template | null {
  const matches = candidates.filter((t) => fits(t, options));
  if (matches.length === 0) return null;
  const top = Math.max(...matches.map(specificity));
  const tier = matches.filter((t) => specificity(t) === top);
  const recent = options.recentlyUsedIds ?? [];
  const age = (t: Template) => {
    const index = recent.indexOf(t.id);
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  let best = tier[0] ?? null;
  for (const t of tier) if (best && age(t) > age(best)) best = t;
  return best;
}
