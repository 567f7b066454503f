import type { AccountView } from '../../src-shared/domain/account';
import type { Channel } from '../../src-shared/domain/interaction';
import type { SyncErrorReason, SyncHealthView, SyncStatusView } from '../../src-shared/domain/sync';
import type { PushEvents } from '../../src-shared/ipc/events';
import { clockTime, fullDateTime, relativeTime } from './time';
import { countOf, DAY_FORMS, formatCount, REPLY_FORMS } from './plural';
import { syncReasonText } from './sync-labels';

/**
 * What the status bar says (issue 11 item 6), worked out from the stores' facts alone so it can
 * be tested without a window. One main item (syncing, offline, an error or the last sync) and
 * the extras that hold: the token, a WB limit being waited out, replies in the outbox.
 */
export type StatusAction = 'retry' | 'replace_token';
export type StatusTone = 'info' | 'ok' | 'warn' | 'error';

export interface StatusItem {
  kind:
    | 'demo'
    | 'syncing'
    | 'synced'
    | 'never'
    | 'offline'
    | 'unreachable'
    | 'error'
    | 'token_invalid'
    | 'token_expiring'
    | 'limit'
    | 'outbox';
  text: string;
  tone: StatusTone;
  /** A tooltip with more detail (the full time, core's whole sentence). */
  title?: string;
  /** 0..100 for a determinate bar, null for an indeterminate one; only while syncing. */
  percent?: number | null;
  actions?: StatusAction[];
}

export interface StatusInput {
  account: Pick<AccountView, 'isDemo'>;
  status: SyncStatusView | undefined;
  health: SyncHealthView | undefined;
  syncing: boolean;
  progress: Partial<Record<Channel, PushEvents['sync.progress']>> | undefined;
  /** A whole run that failed (no token, core unavailable): its Russian message. */
  runError: string | null;
  /** navigator.onLine */
  online: boolean;
  now: Date;
}

/** Channel names as the progress line counts them: «отзывы 3 400 из 12 000». */
const CHANNEL_COUNTED: Record<Channel, string> = { review: 'отзывы', question: 'вопросы', chat: 'чаты' };
const TOKEN_REASONS: SyncErrorReason[] = ['wb_token_invalid', 'wb_token_expired', 'no_token'];
/** A limit wait shorter than this is the normal pace of requests, not worth a line. */
export const LIMIT_SHOWN_AFTER_MS = 10_000;

export function statusItems(input: StatusInput): StatusItem[] {
  if (input.account.isDemo) return [{ kind: 'demo', text: 'Демо-магазин — без синхронизации с WB', tone: 'info' }];
  const items: StatusItem[] = [mainItem(input)];
  const token = tokenItem(input);
  if (token) items.push(token);
  const limit = limitItem(input);
  if (limit) items.push(limit);
  items.push(...outboxItems(input));
  return items;
}

const waitingReplies = (health: SyncHealthView | undefined) =>
  health ? health.outbox.queued + health.outbox.sending : 0;

function mainItem(input: StatusInput): StatusItem {
  const { status, health, now } = input;
  const queued = waitingReplies(health);
  const queueTail = queued > 0 ? ` — ${countOf(queued, REPLY_FORMS)} в очереди` : '';
  if (!input.online) return { kind: 'offline', text: `Нет сети${queueTail}`, tone: 'warn' };
  if (input.syncing) return syncingItem(input);

  const failing = (status?.channels ?? []).filter(
    (channel) => channel.covered && channel.status === 'error' && !TOKEN_REASONS.includes(channel.reason ?? 'internal'),
  );
  if (failing.length > 0 && failing.every((channel) => channel.reason === 'wb_unreachable'))
    return {
      kind: 'unreachable',
      text: `Нет связи с WB${queueTail}`,
      tone: 'warn',
      title: syncReasonText('wb_unreachable', failing[0]!.message),
      actions: ['retry'],
    };
  if (failing.length > 0 || input.runError) {
    const first = failing[0];
    const text = first ? syncReasonText(first.reason, first.message) : (input.runError ?? '');
    return { kind: 'error', text: `Ошибка синхронизации: ${text}`, tone: 'error', title: text, actions: ['retry'] };
  }
  const last = lastSuccessAt(status);
  if (!last) return { kind: 'never', text: 'Ещё не синхронизировано', tone: 'info' };
  return {
    kind: 'synced',
    text: `Синхронизировано ${relativeTime(last, now)}`,
    tone: 'ok',
    title: fullDateTime(last),
  };
}

function syncingItem({ progress, status }: StatusInput): StatusItem {
  const running: { channel: Channel; fetched: number; total: number | null }[] = [];
  for (const channel of ['review', 'question', 'chat'] as const) {
    const live = progress?.[channel];
    if (live?.status === 'syncing') running.push({ channel, fetched: live.fetched, total: live.total });
    else if (!live) {
      const stored = status?.channels.find((view) => view.channel === channel);
      if (stored?.covered && stored.status === 'syncing')
        running.push({ channel, fetched: stored.fetched, total: stored.total });
    }
  }
  const parts = running.map(({ channel, fetched, total }) =>
    total && fetched <= total
      ? `${CHANNEL_COUNTED[channel]} ${formatCount(fetched)} из ${formatCount(total)}`
      : fetched > 0
        ? `${CHANNEL_COUNTED[channel]} ${formatCount(fetched)}`
        : CHANNEL_COUNTED[channel],
  );
  const known = running.filter((entry) => entry.total && entry.fetched <= entry.total);
  const total = known.reduce((sum, entry) => sum + (entry.total ?? 0), 0);
  const fetched = known.reduce((sum, entry) => sum + entry.fetched, 0);
  const percent = known.length === running.length && total > 0 ? Math.round((fetched / total) * 100) : null;
  return {
    kind: 'syncing',
    text: parts.length ? `Синхронизация: ${parts.join(', ')}` : 'Синхронизация…',
    tone: 'info',
    percent,
  };
}

function tokenItem({ status }: StatusInput): StatusItem | null {
  if (!status) return null;
  const bad = status.channels.find(
    (channel) => channel.covered && channel.status === 'error' && TOKEN_REASONS.includes(channel.reason ?? 'internal'),
  );
  const expired = status.tokenWarning?.code === 'wb_token_expired';
  if (bad || expired) {
    const detail = bad
      ? syncReasonText(bad.reason, bad.message)
      : syncReasonText('wb_token_expired', status.tokenWarning);
    return {
      kind: 'token_invalid',
      text: 'Токен недействителен',
      tone: 'error',
      title: detail,
      actions: ['retry', 'replace_token'],
    };
  }
  if (status.tokenWarning?.code === 'wb_token_expiring') {
    const days = status.tokenWarning.params.days;
    return {
      kind: 'token_expiring',
      text: days <= 0 ? 'Токен истекает сегодня' : `Токен истекает через ${countOf(days, DAY_FORMS)}`,
      tone: 'warn',
      title: status.tokenExpiresAt ? `Срок действия до ${fullDateTime(status.tokenExpiresAt)}` : undefined,
      actions: ['replace_token'],
    };
  }
  return null;
}

function limitItem({ health, now }: StatusInput): StatusItem | null {
  const waiting = (health?.limits ?? [])
    .filter((limit) => limit.nextRequestAt && Date.parse(limit.nextRequestAt) - now.getTime() > LIMIT_SHOWN_AFTER_MS)
    .sort((a, b) => Date.parse(a.nextRequestAt!) - Date.parse(b.nextRequestAt!));
  const first = waiting[0];
  if (!first) return null;
  return {
    kind: 'limit',
    text: `Лимит WB: следующий запрос в ${clockTime(first.nextRequestAt!)}`,
    tone: 'warn',
    title: first.blocked ? 'WB ответил 429: запросы приостановлены до этого времени' : undefined,
  };
}

function outboxItems({ health, online }: StatusInput): StatusItem[] {
  if (!health) return [];
  const items: StatusItem[] = [];
  const queued = waitingReplies(health);
  // Offline, the main item already counts the queue.
  if (online && queued > 0)
    items.push({ kind: 'outbox', text: `${countOf(queued, REPLY_FORMS)} в очереди`, tone: 'info' });
  const { failed, conflict } = health.outbox;
  if (failed > 0) items.push({ kind: 'outbox', text: `Не отправлено: ${countOf(failed, REPLY_FORMS)}`, tone: 'error' });
  if (conflict > 0) items.push({ kind: 'outbox', text: `Конфликт: ${countOf(conflict, REPLY_FORMS)}`, tone: 'warn' });
  return items;
}

/** Newest successful sync over the covered channels, or null when none succeeded yet. */
export function lastSuccessAt(status: SyncStatusView | undefined): string | null {
  const stamps = (status?.channels ?? [])
    .filter((channel) => channel.covered && channel.lastSuccessAt)
    .map((channel) => channel.lastSuccessAt as string);
  return stamps.length ? stamps.reduce((a, b) => (a > b ? a : b)) : null;
}
