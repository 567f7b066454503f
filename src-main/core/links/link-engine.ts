import { sql } from 'kysely';
import type { SqlRunner } from '../db/sql-runner';
import type { Logger } from '../logger';
import { issueProfile, type IssueProfile } from './issue-text';
import { normaliseName } from './names';
import { LINK_WINDOW_MS, scoreLink, timeGap, type LinkItem, type ScoredLink } from './scoring';

export interface LinkEngineDeps {
  db: SqlRunner;
  clock: () => Date;
  logger: Logger;
  /** Interactions per chunk (one short write transaction each, the event loop free between them). */
  chunkSize?: number;
}

/** A chat's first message (its occurred_at is its last one): the start of its span. */
const chatStart = sql<
  string | null
>`CASE WHEN channel = 'chat' THEN (SELECT min(m.sent_at) FROM chat_messages m WHERE m.interaction_id = interactions.id) END`;

/** The columns the scorer reads; the ordered size comes out of the stored WB JSON. */
const itemColumns = (db: SqlRunner) =>
  db.build.selectFrom('interactions').select([
    'id',
    'account_id',
    'channel',
    'order_id',
    'customer_id',
    'nm_id',
    'occurred_at',
    'customer_name',
    'text',
    'pros',
    'cons',
    chatStart.as('started_at'),
    sql<string | null>`coalesce(
        json_extract(raw_json, '$.productDetails.size'),
        json_extract(raw_json, '$.goodCard.size'),
        json_extract(raw_json, '$.message.attachments.goodCard.size'))`.as('size'),
  ]);
type ItemRow = ReturnType<typeof itemColumns> extends { execute(): Promise<(infer R)[]> } ? R : never;

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The linking pass (DESIGN §6). For the interactions a sync touched (or all of an account) it
 * finds candidates only through indexes — the same order id, the same customer id, the same
 * product inside ±7 days of the item's time (a chat's span: first to last message) — scores each pair (scoring.ts) and keeps one row per pair in
 * link_candidates (a_id < b_id). Links below 0.65 are not stored: within one product every item of
 * a week would pair with every other at 0.45, a cross product that says nothing; the product thread
 * is read from the nm_id index instead. A decided link (confirmed or rejected) is never changed,
 * deleted or suggested again; an undecided one that no longer qualifies is deleted.
 */
export class LinkEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly statements;

  constructor(private readonly deps: LinkEngineDeps) {
    const { db } = deps;
    this.statements = {
      byIds: (ids: number[]) =>
        db.all(itemColumns(db).where(sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)),
      byOrder: db.prepare((p: { account_id: number; order_id: string }) =>
        itemColumns(db).where('account_id', '=', p.account_id).where('order_id', '=', p.order_id),
      ),
      byCustomer: db.prepare((p: { account_id: number; customer_id: string }) =>
        itemColumns(db).where('account_id', '=', p.account_id).where('customer_id', '=', p.customer_id),
      ),
      // The product's items whose time falls in [from, to] (a chat's occurred_at is its last message)…
      byProduct: db.prepare((p: { account_id: number; nm_id: number; from: string; to: string }) =>
        itemColumns(db)
          .where('account_id', '=', p.account_id)
          .where('nm_id', '=', p.nm_id)
          .where('occurred_at', '>=', p.from)
          .where('occurred_at', '<=', p.to)
          .orderBy('occurred_at'),
      ),
      // …and its chats that end later but began by `to`: their span reaches back into the window.
      chatsSpanning: db.prepare((p: { account_id: number; nm_id: number; to: string }) =>
        itemColumns(db)
          .where('account_id', '=', p.account_id)
          .where('nm_id', '=', p.nm_id)
          .where('occurred_at', '>', p.to)
          .where('channel', '=', 'chat')
          .where(chatStart, '<=', p.to),
      ),
      buyerMessages: db.prepare((p: { id: number }) =>
        db.build
          .selectFrom('chat_messages')
          .select('text')
          .where('interaction_id', '=', p.id)
          .where('sender', '=', 'client')
          .orderBy('sent_at')
          .limit(20),
      ),
      upsert: db.prepare(
        (p: {
          a_id: number;
          b_id: number;
          kind: 'deterministic' | 'probabilistic';
          confidence: number;
          signals_json: string;
          now: string;
        }) =>
          db.build
            .insertInto('link_candidates')
            .values({
              a_id: p.a_id,
              b_id: p.b_id,
              kind: p.kind,
              confidence: p.confidence,
              signals_json: p.signals_json,
              created_at: p.now,
              updated_at: p.now,
            })
            .onConflict((oc) =>
              oc
                .columns(['a_id', 'b_id'])
                .doUpdateSet((eb) => ({
                  kind: eb.ref('excluded.kind'),
                  confidence: eb.ref('excluded.confidence'),
                  signals_json: eb.ref('excluded.signals_json'),
                  updated_at: eb.ref('excluded.updated_at'),
                }))
                .where('link_candidates.decision', 'is', null),
            ),
      ),
      undecidedOf: db.prepare((p: { id: number }) =>
        db.build
          .selectFrom('link_candidates')
          .select(['id', 'a_id', 'b_id'])
          .where('decision', 'is', null)
          .where((eb) => eb.or([eb('a_id', '=', p.id), eb('b_id', '=', p.id)])),
      ),
      remove: db.prepare((p: { id: number }) => db.build.deleteFrom('link_candidates').where('id', '=', p.id)),
    };
  }

  /** Recomputes the links of these interactions (chunked, awaitable); resolves to the number of distinct qualifying pairs seen. */
  recomputeFor(ids: readonly number[]): Promise<number> {
    const unique = [...new Set(ids)];
    const run = this.queue.then(() => this.pass(unique));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Every interaction of the account (the `links.recompute` IPC). */
  recomputeAll(accountId: number): Promise<number> {
    const { db } = this.deps;
    const ids = db
      .all(db.build.selectFrom('interactions').select('id').where('account_id', '=', accountId).orderBy('id'))
      .map((r) => r.id);
    return this.recomputeFor(ids);
  }

  /** After a sync: queued behind any running pass; a failure is logged, never thrown into the sync. */
  schedule(ids: readonly number[]): void {
    if (ids.length === 0 || this.stopped) return;
    void this.recomputeFor(ids).catch((error: unknown) =>
      this.deps.logger.error('links.pass_failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  }

  /** Waits for queued passes. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** Shutdown: running passes stop at their next chunk boundary. */
  stop(): void {
    this.stopped = true;
  }

  private async pass(ids: number[]): Promise<number> {
    const size = this.deps.chunkSize ?? 250;
    // Chunks of neighbours: sorted by product and time, a chunk reads few product windows and
    // consecutive chunks barely overlap (items without a product last, by id).
    ids = this.inProductOrder(ids);
    const found = new Set<string>();
    // Items read in this pass, kept across chunks (neighbouring chunks share product windows); bounded.
    const items = new Map<number, LinkItem>();
    for (let start = 0; start < ids.length && !this.stopped && this.deps.db.open; start += size) {
      if (items.size > 100_000) items.clear();
      for (const pair of this.chunk(ids.slice(start, start + size), items)) found.add(pair);
      if (start + size < ids.length) await yieldToLoop();
    }
    return found.size;
  }

  private inProductOrder(ids: number[]): number[] {
    const { db } = this.deps;
    const keyed: { id: number; account: number; nm: number; at: string }[] = [];
    for (let start = 0; start < ids.length; start += 5_000) {
      const slice = JSON.stringify(ids.slice(start, start + 5_000));
      for (const r of db.all(
        db.build
          .selectFrom('interactions')
          .select(['id', 'account_id', 'nm_id', 'occurred_at'])
          .where(sql<boolean>`id IN (SELECT value FROM json_each(${slice}))`),
      ))
        keyed.push({ id: r.id, account: r.account_id, nm: r.nm_id ?? Number.MAX_SAFE_INTEGER, at: r.occurred_at });
    }
    keyed.sort((x, y) => x.account - y.account || x.nm - y.nm || (x.at < y.at ? -1 : x.at > y.at ? 1 : x.id - y.id));
    return keyed.map((k) => k.id);
  }

  /** One chunk in one write transaction; returns the keys of the qualifying pairs it saw. */
  private chunk(ids: number[], items: Map<number, LinkItem>): Iterable<string> {
    const { db, clock } = this.deps;
    const s = this.statements;
    const toItem = (row: ItemRow): LinkItem => {
      const known = items.get(row.id);
      if (known) return known;
      const item = this.toItem(row);
      items.set(row.id, item);
      return item;
    };
    const rows = s.byIds(ids);
    const touched = rows.map(toItem);
    const accountOf = new Map(rows.map((r) => [r.id, r.account_id]));

    // Same product: one window read per (account, product) for all touched items of it.
    const byProduct = new Map<string, LinkItem[]>();
    for (const item of touched) {
      if (item.nmId === null) continue;
      const key = `${accountOf.get(item.id)}:${item.nmId}`;
      byProduct.set(key, [...(byProduct.get(key) ?? []), item]);
    }
    const productWindow = new Map<string, LinkItem[]>();
    for (const [key, group] of byProduct) {
      // A chat's window runs from its first message to 7 days after its last.
      const from = new Date(Math.min(...group.map((i) => i.startMs ?? i.occurredMs)) - LINK_WINDOW_MS).toISOString();
      const to = new Date(Math.max(...group.map((i) => i.occurredMs)) + LINK_WINDOW_MS).toISOString();
      const [account, nm] = key.split(':').map(Number) as [number, number];
      productWindow.set(
        key,
        [
          ...s.byProduct.all({ account_id: account, nm_id: nm, from, to }),
          ...s.chatsSpanning.all({ account_id: account, nm_id: nm, to }),
        ].map(toItem),
      );
    }

    const produced = new Map<string, { a: number; b: number; link: ScoredLink }>();
    const linkedTo = new Map<number, Set<number>>();
    for (const item of touched) {
      const account = accountOf.get(item.id)!;
      const candidates: LinkItem[] = [];
      if (item.orderId !== null)
        candidates.push(...s.byOrder.all({ account_id: account, order_id: item.orderId }).map(toItem));
      if (item.customerId !== null)
        candidates.push(...s.byCustomer.all({ account_id: account, customer_id: item.customerId }).map(toItem));
      if (item.nmId !== null)
        for (const other of productWindow.get(`${account}:${item.nmId}`) ?? [])
          // Within one channel only an identifier links (scoring.ts): those come from the queries above.
          if (other.channel !== item.channel && timeGap(other, item) <= LINK_WINDOW_MS) candidates.push(other);
      const mine = new Set<number>();
      linkedTo.set(item.id, mine);
      for (const other of candidates) {
        if (other.id === item.id || mine.has(other.id)) continue;
        const key = pairKey(item.id, other.id);
        const link = produced.get(key)?.link ?? scoreLink(item, other);
        if (!link) continue;
        mine.add(other.id);
        produced.set(key, { a: Math.min(item.id, other.id), b: Math.max(item.id, other.id), link });
      }
    }

    const now = clock().toISOString();
    db.transaction(
      () => {
        for (const { a, b, link } of produced.values())
          s.upsert.run({
            a_id: a,
            b_id: b,
            kind: link.kind,
            confidence: link.confidence,
            signals_json: JSON.stringify(link.signals),
            now,
          });
        for (const [id, mine] of linkedTo)
          for (const row of s.undecidedOf.all({ id })) {
            const other = row.a_id === id ? row.b_id : row.a_id;
            if (!mine.has(other)) s.remove.run({ id: row.id });
          }
      },
      { fsync: false },
    );
    return produced.keys();
  }

  private toItem(row: ItemRow): LinkItem {
    const s = this.statements;
    let issue: IssueProfile | null = null;
    const size = row.size === null || row.size === '' || row.size === '0' ? null : String(row.size);
    return {
      id: row.id,
      channel: row.channel,
      orderId: row.order_id,
      customerId: row.customer_id,
      nmId: row.nm_id,
      occurredMs: Date.parse(row.occurred_at),
      ...(row.started_at !== null && { startMs: Date.parse(row.started_at) }),
      name: normaliseName(row.customer_name),
      size,
      // Read lazily: only pairs of the same product compare texts. A chat's text is its buyer's messages.
      get issue() {
        issue ??= issueProfile(
          row.channel === 'chat'
            ? s.buyerMessages
                .all({ id: row.id })
                .map((m) => m.text)
                .join('\n') || row.text
            : [row.text, row.pros, row.cons].filter(Boolean).join('\n'),
        );
        return issue;
      },
    };
  }
}
