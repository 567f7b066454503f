import {
  decidedActionMode,
  LINK_MEDIUM,
  parseLinkSignals,
  strongestSignal,
  type LinkDecision,
  type LinkKind,
  type LinkSignal,
  type ThreadKind,
  type Timeline,
  type TimelineStep,
} from '../../../src-shared/domain/links';
import type { Interaction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { wbPortalUrl } from './wb-portal';

/** DESIGN §6's deterministic confidences, for items that carry the same WB identifier as the opened one. */
const SAME_ORDER_CONFIDENCE = 0.99;
const SAME_CUSTOMER_CONFIDENCE = 0.95;
/** A thread is a conversation, not an archive: a buyer with hundreds of items shows the newest ones. */
const MAX_IDENTITY_MATCHES = 50;

type StepRow = Pick<
  Interaction,
  | 'id'
  | 'account_id'
  | 'channel'
  | 'external_id'
  | 'occurred_at'
  | 'text'
  | 'rating'
  | 'last_reply_text'
  | 'source'
  | 'order_id'
  | 'customer_id'
>;

const STEP_COLUMNS = [
  'id',
  'account_id',
  'channel',
  'external_id',
  'occurred_at',
  'text',
  'rating',
  'last_reply_text',
  'source',
  'order_id',
  'customer_id',
] as const;

/** Why another item is in the thread: the strongest reason wins, the link row (if any) carries the decision. */
interface Match {
  signal: LinkSignal;
  kind: LinkKind;
  confidence: number;
  linkId: number | null;
  decision: LinkDecision | null;
}

/**
 * The thread of an interaction (DESIGN §6), in time order. Every lookup walks an index: the item by
 * its key, its links from either side (`link_candidates_a` / `_b`), the items sharing its order or
 * buyer id (`interactions_order` / `interactions_customer`) and the steps by their keys. Items that
 * share a WB id are in the thread even before the linking pass has run; a link the seller rejected
 * hides its item, whatever the identifiers say.
 */
export function threadTimeline(db: SqlRunner, id: number): Timeline {
  const self = db.get(db.build.selectFrom('interactions').select(STEP_COLUMNS).where('id', '=', id));
  if (!self) throw new CoreError('not_found', { entity: 'interaction', id });

  const matches = new Map<number, Match>();
  const rejected = new Set<number>();
  const offer = (otherId: number, match: Match) => {
    const known = matches.get(otherId);
    if (!known) return matches.set(otherId, match);
    // Keep the link row (decision, id) whichever side found the stronger reason.
    const stronger = match.confidence > known.confidence ? match : known;
    matches.set(otherId, {
      ...stronger,
      linkId: known.linkId ?? match.linkId,
      decision: known.decision ?? match.decision,
    });
  };

  for (const link of linksOf(db, id)) {
    const otherId = link.a_id === id ? link.b_id : link.a_id;
    if (link.decision === 'rejected') {
      rejected.add(otherId);
      continue;
    }
    if (link.confidence < LINK_MEDIUM && link.decision !== 'confirmed') continue;
    const signal = strongestSignal(parseLinkSignals(link.signals_json));
    if (!signal) continue;
    offer(otherId, {
      signal,
      kind: link.kind,
      confidence: link.confidence,
      linkId: link.id,
      decision: link.decision,
    });
  }
  const identity = (column: SharedIdColumn, value: string | null, signal: LinkSignal, confidence: number) => {
    if (!value) return;
    for (const row of db.all(sharedIdQuery(db, self.account_id, column, value, id)))
      offer(row.id, { signal, kind: 'deterministic', confidence, linkId: null, decision: null });
  };
  identity('order_id', self.order_id, 'same_order', SAME_ORDER_CONFIDENCE);
  identity('customer_id', self.customer_id, 'same_customer', SAME_CUSTOMER_CONFIDENCE);
  for (const otherId of rejected) matches.delete(otherId);

  const others = matches.size
    ? db.all(
        db.build
          .selectFrom('interactions')
          .select(STEP_COLUMNS)
          .where('id', 'in', [...matches.keys()]),
      )
    : [];
  const steps: TimelineStep[] = [selfStep(self)];
  for (const row of others) {
    const match = matches.get(row.id)!;
    steps.push({
      ...stepFields(row),
      matchReason: match.signal,
      confidence: match.confidence,
      actionMode: decidedActionMode(match.kind, match.confidence, match.decision),
      linkId: match.linkId,
      decision: match.decision,
    });
  }
  steps.sort((x, y) => (x.occurredAt < y.occurredAt ? -1 : x.occurredAt > y.occurredAt ? 1 : x.id - y.id));
  return { interactionId: id, kind: threadKind([...matches.values()]), steps };
}

/** Customer + order when something shares the order, customer for a buyer's deterministic links, product for guesses. */
function threadKind(matches: Match[]): ThreadKind {
  if (matches.length === 0) return 'single';
  if (matches.some((m) => m.signal === 'same_order')) return 'customer_order';
  if (matches.some((m) => m.kind === 'deterministic' || m.decision === 'confirmed')) return 'customer';
  return 'product';
}

type SharedIdColumn = 'order_id' | 'customer_id';

/** The items of the same shop carrying the same WB order or buyer id (`interactions_order` / `_customer`). */
export function sharedIdQuery(db: SqlRunner, accountId: number, column: SharedIdColumn, value: string, id: number) {
  return db.build
    .selectFrom('interactions')
    .select('id')
    .where('account_id', '=', accountId)
    .where(column, '=', value)
    .where('id', '!=', id)
    .limit(MAX_IDENTITY_MATCHES);
}

/** An item's links from one side (`link_candidates_a` / `link_candidates_b`). */
export function linksFromQuery(db: SqlRunner, side: 'a_id' | 'b_id', id: number) {
  return db.build
    .selectFrom('link_candidates')
    .select(['id', 'a_id', 'b_id', 'kind', 'confidence', 'signals_json', 'decision'])
    .where(side, '=', id);
}

function linksOf(db: SqlRunner, id: number) {
  // Two indexed lookups rather than one OR, which SQLite may answer with a scan.
  return [...db.all(linksFromQuery(db, 'a_id', id)), ...db.all(linksFromQuery(db, 'b_id', id))];
}

function stepFields(row: StepRow) {
  return {
    id: row.id,
    channel: row.channel,
    externalId: row.external_id,
    occurredAt: row.occurred_at,
    text: row.text,
    rating: row.rating,
    answerText: row.last_reply_text,
    wbUrl: wbPortalUrl(row.channel, row.source),
  };
}

function selfStep(row: StepRow): TimelineStep {
  return {
    ...stepFields(row),
    matchReason: 'self',
    confidence: 1,
    actionMode: 'auto',
    linkId: null,
    decision: null,
  };
}
