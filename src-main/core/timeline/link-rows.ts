import {
  decidedActionMode,
  linkBand,
  parseLinkSignals,
  type LinkDecision,
  type LinkView,
} from '../../../src-shared/domain/links';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';

/** One link with both of its items, as the seller and the CLI see it. */
export function getLinkView(db: SqlRunner, linkId: number): LinkView {
  const row = db.get(
    db.build
      .selectFrom('link_candidates as l')
      .innerJoin('interactions as a', 'a.id', 'l.a_id')
      .innerJoin('interactions as b', 'b.id', 'l.b_id')
      .select([
        'l.id',
        'l.kind',
        'l.confidence',
        'l.signals_json',
        'l.decision',
        'a.id as aId',
        'a.channel as aChannel',
        'a.external_id as aExternalId',
        'b.id as bId',
        'b.channel as bChannel',
        'b.external_id as bExternalId',
      ])
      .where('l.id', '=', linkId),
  );
  if (!row) throw new CoreError('not_found', { entity: 'link', id: linkId });
  return {
    id: row.id,
    a: { id: row.aId, channel: row.aChannel, externalId: row.aExternalId },
    b: { id: row.bId, channel: row.bChannel, externalId: row.bExternalId },
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
