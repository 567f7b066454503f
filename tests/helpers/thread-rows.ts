import type { SqlRunner } from '../../src-main/core/db/sql-runner';

/** One item of a fixture; times are hours before the fixture's `now`. */
export interface ItemSpec {
  channel: 'review' | 'question' | 'chat';
  externalId: string;
  hoursAgo: number;
  nmId?: number;
  customerId?: string;
  customerName?: string;
  orderId?: string;
  text?: string;
  cons?: string;
  rating?: number;
  reply?: string;
  productName?: string;
}

export interface LinkSpec {
  a: number;
  b: number;
  kind: 'deterministic' | 'probabilistic';
  confidence: number;
  signals: string[];
  decision?: 'confirmed' | 'rejected';
}

/**
 * Test setup for threads and context: rows written straight into the tables through the SqlRunner
 * (the sync and the linking pass are not what these tests are about).
 */
export function threadRows(now: Date) {
  const stamp = now.toISOString();
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

  const insertAccount = (db: SqlRunner): number =>
    db.get(
      db.build
        .insertInto('accounts')
        .values({
          name: 'Shop',
          token_ref: null,
          token_expires_at: null,
          token_type: null,
          seller_id: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning('id'),
    )!.id;

  const insertItem = (db: SqlRunner, accountId: number, item: ItemSpec): number =>
    db.get(
      db.build
        .insertInto('interactions')
        .values({
          account_id: accountId,
          channel: item.channel,
          external_id: item.externalId,
          nm_id: item.nmId ?? null,
          product_article: null,
          product_name: item.productName ?? null,
          brand: null,
          customer_name: item.customerName ?? null,
          customer_id: item.customerId ?? null,
          order_id: item.orderId ?? null,
          text: item.text ?? '',
          pros: null,
          cons: item.cons ?? null,
          rating: item.rating ?? null,
          occurred_at: hoursAgo(item.hoursAgo),
          priority_reason: null,
          intent: null,
          sla_due_at: null,
          wb_state: null,
          last_reply_text: item.reply ?? null,
          last_reply_at: null,
          answer_editable: null,
          reply_sign: null,
          last_message_at: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning('id'),
    )!.id;

  const insertLink = (db: SqlRunner, link: LinkSpec): number =>
    db.get(
      db.build
        .insertInto('link_candidates')
        .values({
          a_id: link.a,
          b_id: link.b,
          kind: link.kind,
          confidence: link.confidence,
          signals_json: JSON.stringify(link.signals),
          created_at: stamp,
          decision: link.decision ?? null,
          decided_at: link.decision ? stamp : null,
          updated_at: stamp,
        })
        .returning('id'),
    )!.id;

  return { hoursAgo, insertAccount, insertItem, insertLink };
}
