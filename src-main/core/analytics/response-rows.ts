import type { ReviewSignal } from '../../../src-shared/domain/interaction';
import { sql } from 'kysely';
import type { AnalyticsSource } from '../../../src-shared/domain/analytics';
import type { Channel, QuestionIntent } from '../../../src-shared/domain/interaction';
import { allDayEveryDay, DEFAULT_WORKING_HOURS } from '../../../src-shared/domain/working-hours';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { assessPriority, DEFAULT_SLA_HOURS, reviewSignals, type SlaSettings } from '../inbox/priority';
import { readSlaSettings } from '../settings';
import { dueTimes } from './due-times';

/**
 * One thing a seller had to answer, with when it arrived and when (if) it was answered: the rows
 * behind every response figure and the interactions CSV.
 *
 * What "first response time" means per channel:
 * - review / question: `occurred_at` (WB's createdDate) -> the earlier of our reply leaving the app
 *   (an answer or a question rejection in the outbox that reached `sent_pending` / `confirmed`: its
 *   send time) and the answer date WB shows (`last_reply_at`: questions' answer.createDate). An item
 *   answered outside the app whose answer has no date on WB (WB gives reviews' answers none) counts
 *   as answered, with the time unknown: it is left out of the time figures, never guessed.
 * - chat: per buyer turn: the first buyer message after a seller message (or the chat's first
 *   message) -> the next seller message, whether sent from the app (outbox send time, also before
 *   the next sync brings it back) or from WB's portal (chat_messages from the events feed). Further
 *   buyer messages of the same turn do not start new waits; WB's own system messages are ignored.
 */
export interface ResponseRow {
  interactionId: number;
  accountId: number;
  channel: Channel;
  externalId: string;
  source: AnalyticsSource;
  arrivedMs: number;
  answered: boolean;
  /** Null when unanswered or answered at an unknown time. */
  answeredMs: number | null;
  /** The SLA due time of the wait, counted in the shop's working hours like the inbox does. */
  dueMs: number | null;
  nmId: number | null;
  productName: string | null;
  rating: number | null;
  status: string;
  text: string;
  /** Reviews: the problem signals the text names. */
  signals: ReviewSignal[];
}

export const sourceOf = (account: Pick<Account, 'is_demo'>, rowSource: string): AnalyticsSource =>
  account.is_demo === 1 || rowSource === 'demo' ? 'demo' : 'wb_api';

const parse = (iso: string | null) => (iso ? Date.parse(iso) : null);

/** Every review and question that arrived in [fromAt, toAt), and every chat buyer turn that started in it. */
export function responseRows(db: SqlRunner, accounts: Account[], fromAt: string, toAt: string): ResponseRow[] {
  const rows: ResponseRow[] = [];
  for (const account of accounts) {
    const sla = readSlaSettings(db, account.id);
    const dueAt = dueTimes(sla.workingHours ?? DEFAULT_WORKING_HOURS, Date.parse(fromAt));
    itemRows(db, account, sla, dueAt, fromAt, toAt, rows);
    chatTurnRows(db, account, sla, dueAt, Date.parse(fromAt), fromAt, toAt, rows);
  }
  return rows;
}

type DueAt = ReturnType<typeof dueTimes>;

function itemRows(
  db: SqlRunner,
  account: Account,
  sla: SlaSettings,
  dueAt: DueAt,
  fromAt: string,
  toAt: string,
  out: ResponseRow[],
) {
  const hoursOf = slaHoursOf(sla);
  // One range scan of interactions_arrival; the outbox look-up per row is an index probe (outbox_interaction).
  const items = db.all(
    db.build
      .selectFrom('interactions as i')
      .select([
        'i.id',
        'i.channel',
        'i.external_id',
        'i.source',
        'i.occurred_at',
        'i.rating',
        'i.text',
        'i.cons',
        'i.intent',
        'i.nm_id',
        'i.product_name',
        'i.status',
        'i.last_reply_text',
        'i.last_reply_at',
        'i.sla_due_at',
        'i.needs_response',
      ])
      .select((eb) =>
        eb
          .selectFrom('outbox as o')
          .select(sql<string | null>`min(coalesce(o.sent_at, o.wb_sent_at, o.confirmed_at))`.as('at'))
          .whereRef('o.interaction_id', '=', 'i.id')
          .where('o.kind', 'in', ['answer', 'reject'])
          .where('o.state', 'in', ['sent_pending', 'confirmed'])
          .as('our_reply_at'),
      )
      .where('i.account_id', '=', account.id)
      .where('i.occurred_at', '>=', fromAt)
      .where('i.occurred_at', '<', toAt)
      .where('i.channel', 'in', ['review', 'question']),
  );
  for (const item of items) {
    const arrivedMs = Date.parse(item.occurred_at);
    const ours = parse(item.our_reply_at);
    const wbs = parse(item.last_reply_at);
    const answeredMs = ours !== null && wbs !== null ? Math.min(ours, wbs) : (ours ?? wbs);
    const text = item.channel === 'review' ? `${item.text} ${item.cons ?? ''}` : item.text;
    const signals = item.channel === 'review' ? reviewSignals(text) : [];
    out.push({
      interactionId: item.id,
      accountId: account.id,
      channel: item.channel,
      externalId: item.external_id,
      source: sourceOf(account, item.source),
      arrivedMs,
      answered: item.last_reply_text !== null || ours !== null,
      answeredMs,
      dueMs: item.sla_due_at ? Date.parse(item.sla_due_at) : dueAt(arrivedMs, hoursOf(item, text, signals.length > 0)),
      nmId: item.nm_id,
      productName: item.product_name,
      rating: item.rating,
      status: item.status,
      text: item.text,
      signals,
    });
  }
}

/**
 * The SLA target in working hours the inbox gives an item. The stored `sla_due_at` is cleared once
 * an item is answered, so for those the due time is worked out again from the same function and
 * settings (assessPriority). Its target depends only on channel, rating, intent and whether the text
 * names a problem signal: asked once per combination, around the clock from the epoch, where the
 * due time in ms is the target itself.
 */
function slaHoursOf(sla: SlaSettings) {
  const cache = new Map<string, number>();
  const clock = allDayEveryDay('UTC');
  return (
    item: { channel: Channel; rating: number | null; intent: string | null },
    text: string,
    signal: boolean,
  ): number => {
    const key = `${item.channel}|${item.rating}|${item.intent}|${signal}`;
    let hours = cache.get(key);
    if (hours === undefined) {
      const due = assessPriority({
        channel: item.channel,
        rating: item.rating,
        // The first item of its kind stands for all: the key holds whether its text names a signal.
        text,
        intent: (item.intent as QuestionIntent | null) ?? null,
        occurredAt: new Date(0),
        needsResponse: true,
        now: new Date(0),
        slaHours: sla.slaHours,
        workingHours: clock,
      }).slaDueAt;
      hours = Date.parse(due!) / 3_600_000;
      cache.set(key, hours);
    }
    return hours;
  };
}

function chatTurnRows(
  db: SqlRunner,
  account: Account,
  sla: SlaSettings,
  dueAt: DueAt,
  fromMs: number,
  fromAt: string,
  toAt: string,
  out: ResponseRow[],
) {
  // Chats with a message in the period (interactions_chat_activity), each with its whole history
  // (chat_messages_timeline): a turn that started before the period needs its earlier messages.
  const messages = db.all(
    db.build
      .selectFrom('interactions as i')
      .innerJoin('chat_messages as m', 'm.interaction_id', 'i.id')
      .select([
        'i.id',
        'i.external_id',
        'i.source',
        'i.nm_id',
        'i.product_name',
        'i.status',
        'm.sender',
        'm.sent_at',
        'm.text',
      ])
      .where('i.account_id', '=', account.id)
      // A literal, not a parameter: SQLite uses the partial index only when it can see the term.
      .where(sql<boolean>`i.channel = 'chat'`)
      .where('i.last_message_at', '>=', fromAt)
      .orderBy('i.id')
      .orderBy('m.sent_at')
      .orderBy('m.id'),
  );
  if (messages.length === 0) return;
  // Our chat sends count as the seller's answer from the moment they left, before a sync brings them back.
  const sends = new Map<number, number[]>();
  for (const send of db.all(
    db.build
      .selectFrom('outbox')
      .select(['interaction_id', sql<string>`coalesce(sent_at, wb_sent_at)`.as('at')])
      .where('account_id', '=', account.id)
      .where('kind', '=', 'chat_message')
      .where('state', 'in', ['sent_pending', 'confirmed'])
      .where(sql<boolean>`coalesce(sent_at, wb_sent_at) IS NOT NULL`),
  )) {
    const list = sends.get(send.interaction_id) ?? [];
    list.push(Date.parse(send.at));
    sends.set(send.interaction_id, list);
  }
  const toMs = Date.parse(toAt);
  const chatHours = sla.slaHours?.chat ?? DEFAULT_SLA_HOURS.chat;
  let start = 0;
  while (start < messages.length) {
    let end = start;
    while (end < messages.length && messages[end]!.id === messages[start]!.id) end += 1;
    const chat = messages[start]!;
    const events: { ms: number; buyer: boolean; text: string }[] = [];
    for (let i = start; i < end; i += 1) {
      const message = messages[i]!;
      if (message.sender === 'wb') continue;
      events.push({ ms: Date.parse(message.sent_at), buyer: message.sender === 'client', text: message.text });
    }
    for (const ms of sends.get(chat.id) ?? []) events.push({ ms, buyer: false, text: '' });
    events.sort((a, b) => a.ms - b.ms || Number(a.buyer) - Number(b.buyer));
    let waiting: { ms: number; text: string } | null = null;
    const turns: { ms: number; text: string; answeredMs: number | null }[] = [];
    for (const event of events) {
      if (event.buyer) {
        if (!waiting) waiting = { ms: event.ms, text: event.text };
      } else if (waiting) {
        turns.push({ ...waiting, answeredMs: event.ms });
        waiting = null;
      }
    }
    if (waiting) turns.push({ ...waiting, answeredMs: null });
    for (const turn of turns) {
      if (turn.ms < fromMs || turn.ms >= toMs) continue;
      out.push({
        interactionId: chat.id,
        accountId: account.id,
        channel: 'chat',
        externalId: chat.external_id,
        source: sourceOf(account, chat.source),
        arrivedMs: turn.ms,
        answered: turn.answeredMs !== null,
        answeredMs: turn.answeredMs,
        dueMs: dueAt(turn.ms, chatHours),
        nmId: chat.nm_id,
        productName: chat.product_name,
        rating: null,
        status: chat.status,
        text: turn.text,
        signals: [],
      });
    }
    start = end;
  }
}
