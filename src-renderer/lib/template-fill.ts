import type { Template } from '../../src-shared/domain/settings';

/** A template the seller picks by hand is filled by the same code core uses for drafts. */
export { renderTemplate as fillTemplate } from '../../src-shared/domain/template-render';

/** Templates that fit this item: its channel, and its star rating when the template names ratings. */
export function templateFits(
  template: Template,
  channel: Template['channels'][number],
  rating: number | null,
): boolean {
  if (!template.channels.includes(channel)) return false;
  return !template.ratings || (rating !== null && template.ratings.includes(rating));
}
