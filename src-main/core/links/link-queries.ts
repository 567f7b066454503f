import type { Channel } from '../../../src-shared/domain/interaction';
import { linkActionMode, linkBand, parseLinkSignals, type LinkView } from '../../../src-shared/domain/links';
import type { SqlRunner } from '../db/sql-runner';

export interface LinkFilter {
  accountId: number;
  interactionId?: number;
  minConfidence?: number;
}

/** Stored links joined to both of their items (`a`, `b`): what a LinkView is made of. */
export function linksWithEnds(db: SqlRunner) {
  return db.build
    .selectFrom('link_candidates as l')
    .innerJoin('interactions as a', 'a.id', 'l.a_id')
    .innerJoin('interactions as b', 'b.id', 'l.b_id')
    .select([
      'l.id',
      'l.kind',
      'l.confidence',
      'l.signals_json',
      'l.decision',
      'a.id as a_id',
      'a.channel as a_channel',
      'a.external_id as a_external_id',
      'b.id as b_id',
      'b.channel as b_channel',
      'b.external_id as b_external_id',
    ]);
}

/**
 * Stored links with both ends, strongest first. Every stored link is >= 0.65 (link-engine.ts), so
 * `analytics` appears only for a link decided before the pass would drop it.
 */
export function listLinks(db: SqlRunner, filter: LinkFilter): LinkView[] {
  let query = linksWithEnds(db).where('a.account_id', '=', filter.accountId);
  if (filter.interactionId !== undefined) {
    const id = filter.interactionId;
    query = query.where((eb) => eb.or([eb('l.a_id', '=', id), eb('l.b_id', '=', id)]));
  }
  if (filter.minConfidence !== undefined) query = query.where('l.confidence', '>=', filter.minConfidence);
  return db.all(query.orderBy('l.confidence', 'desc').orderBy('l.id')).map((row) => ({
    id: row.id,
    a: { id: row.a_id, channel: row.a_channel as Channel, externalId: row.a_external_id },
    b: { id: row.b_id, channel: row.b_channel as Channel, externalId: row.b_external_id },
    kind: row.kind,
    confidence: row.confidence,
    band: linkBand(row.confidence),
    signals: parseLinkSignals(row.signals_json),
    actionMode: linkActionMode(row.kind, row.confidence),
    decision: row.decision,
  }));
}
