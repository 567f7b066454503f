import {
  decidedActionMode,
  linkBand,
  parseLinkSignals,
  type LinkDecision,
  type LinkView,
} from '../../../src-shared/domain/links';
import type { SqlRunner } from '../db/sql-runner';
import { linksWithEnds } from '../links/link-queries';
import { CoreError } from '../errors';

/** One link with both of its items, as the seller and the CLI see it. */
export function getLinkView(db: SqlRunner, linkId: number): LinkView {
  const row = db.get(linksWithEnds(db).where('l.id', '=', linkId));
  if (!row) throw new CoreError('not_found', { entity: 'link', id: linkId });
  return {
    id: row.id,
    a: { id: row.a_id, channel: row.a_channel, externalId: row.a_external_id },
    b: { id: row.b_id, channel: row.b_channel, externalId: row.b_external_id },
    kind: row.kind,
    confidence: row.confidence,
    band: linkBand(row.confidence),
    signals: parseLinkSignals(row.signals_json),
    actionMode: decidedActionMode(row.kind, row.confidence, row.decision),
    decision: row.decision,
  };
}

/**
 * The seller's word on a link: confirmed («это тот же покупатель») or rejected («не связано»). A
 * rejected link leaves every timeline; the linking pass keeps the decision when it runs again.
 */
export function decideLink(db: SqlRunner, linkId: number, decision: LinkDecision, now: Date): LinkView {
  const changed = db.run(
    db.build.updateTable('link_candidates').set({ decision, decided_at: now.toISOString() }).where('id', '=', linkId),
  );
  if (changed.changes === 0) throw new CoreError('not_found', { entity: 'link', id: linkId });
  return getLinkView(db, linkId);
}
