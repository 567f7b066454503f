import { describe, expect, it } from 'vitest';
import type { ChannelSyncView, SyncHealthView, SyncStatusView } from '../../src-shared/domain/sync';
import { coreMessage } from '../../src-shared/messages/catalog';
import { countOf, formatCount, plural, REPLY_FORMS } from '../../src-renderer/lib/plural';
import { statusItems, type StatusInput } from '../../src-renderer/lib/status-bar';
import { clockTime } from '../../src-renderer/lib/time';

const NOW = new Date('2026-12-05T11:00:00Z');
const channel = (over: Partial<ChannelSyncView> & Pick<ChannelSyncView, 'channel'>): ChannelSyncView => ({
  covered: true,
  status: 'idle',
  reason: null,
  message: null,
  fetched: 0,
  total: null,
  lastSyncAt: '2026-12-05T10:58:00Z',
  lastSuccessAt: '2026-12-05T10:58:00Z',
  ...over,
});
const status = (channels: ChannelSyncView[], over: Partial<SyncStatusView> = {}): SyncStatusView => ({
  accountId: 1,
  channels,
  alerts: [],
  tokenExpiresAt: null,
  tokenWarning: null,
  readOnly: false,
  ...over,
});
const health = (over: Partial<SyncHealthView> = {}): SyncHealthView => ({
  accountId: 1,
  runs: [],
  limits: [],
  outbox: { queued: 0, sending: 0, sentPending: 0, failed: 0, conflict: 0 },
  ...over,
});
const allIdle = status([
  channel({ channel: 'review' }),
  channel({ channel: 'question' }),
  channel({ channel: 'chat' }),
]);
const input = (over: Partial<StatusInput> = {}): StatusInput => ({
  account: { isDemo: false },
  status: allIdle,
  health: health(),
  syncing: false,
  progress: undefined,
  runError: null,
  online: true,
  now: NOW,
  ...over,
});
const texts = (over: Partial<StatusInput> = {}) => statusItems(input(over)).map((item) => item.text);

describe('Russian plurals and counts', () => {
  it('1 ответ, 3 ответа, 5 ответов, 11 ответов, 21 ответ, 104 ответа', () => {
    expect([1, 3, 5, 11, 12, 14, 21, 22, 25, 104, 111].map((n) => countOf(n, REPLY_FORMS))).toEqual([
      '1 ответ',
      '3 ответа',
      '5 ответов',
      '11 ответов',
      '12 ответов',
      '14 ответов',
      '21 ответ',
      '22 ответа',
      '25 ответов',
      '104 ответа',
      '111 ответов',
    ]);
    expect(plural(0, REPLY_FORMS)).toBe('ответов');
    expect(formatCount(12000)).toBe('12\u00a0000');
  });
});

describe('status bar texts', () => {
  it('the last sync, live', () => {
    expect(texts()).toEqual(['Синхронизировано 2 минуты назад']);
    expect(texts({ now: new Date('2026-12-05T11:30:00Z') })).toEqual(['Синхронизировано 32 минуты назад']);
    expect(texts({ status: status([channel({ channel: 'review', lastSuccessAt: null })]) })).toEqual([
      'Ещё не синхронизировано',
    ]);
  });

  it('sync progress with its bar: «отзывы 3 400 из 12 000»', () => {
    const [item] = statusItems(
      input({
        syncing: true,
        progress: {
          review: {
            accountId: 1,
            channel: 'review',
            status: 'syncing',
            fetched: 3400,
            total: 12000,
            reason: null,
            message: null,
          },
        },
      }),
    );
    expect(item).toMatchObject({
      kind: 'syncing',
      text: 'Синхронизация: отзывы 3\u00a0400 из 12\u00a0000',
      percent: 28,
    });
    // Without a total: an indeterminate bar.
    const [unknown] = statusItems(
      input({
        syncing: true,
        progress: {
          chat: {
            accountId: 1,
            channel: 'chat',
            status: 'syncing',
            fetched: 40,
            total: null,
            reason: null,
            message: null,
          },
        },
      }),
    );
    expect(unknown).toMatchObject({ text: 'Синхронизация: чаты 40', percent: null });
  });

  it('offline with the queued replies counted, in the right plural', () => {
    const queued = (n: number) => health({ outbox: { queued: n, sending: 0, sentPending: 0, failed: 0, conflict: 0 } });
    expect(texts({ online: false, health: queued(3) })).toEqual(['Нет сети — 3 ответа в очереди']);
    expect(texts({ online: false, health: queued(1) })).toEqual(['Нет сети — 1 ответ в очереди']);
    expect(texts({ online: false, health: queued(5) })).toEqual(['Нет сети — 5 ответов в очереди']);
    expect(texts({ online: false, health: queued(0) })).toEqual(['Нет сети']);
    // Online, the queue is its own item.
    expect(texts({ health: queued(2) })).toEqual(['Синхронизировано 2 минуты назад', '2 ответа в очереди']);
  });

  it('WB unreachable and other sync errors offer «Повторить»', () => {
    const unreachable = status([
      channel({ channel: 'review', status: 'error', reason: 'wb_unreachable', message: coreMessage('wb_unreachable') }),
    ]);
    expect(statusItems(input({ status: unreachable }))[0]).toMatchObject({
      kind: 'unreachable',
      text: 'Нет связи с WB',
      actions: ['retry'],
    });
    const server = status([
      channel({
        channel: 'review',
        status: 'error',
        reason: 'wb_server_error',
        message: coreMessage('wb_server_error', { status: 502 }),
      }),
    ]);
    expect(statusItems(input({ status: server }))[0]).toMatchObject({
      kind: 'error',
      text: 'Ошибка синхронизации: Сервер WB ответил ошибкой 502. Повторим позже.',
      actions: ['retry'],
    });
  });

  it('the token: expiring in N days, or invalid with «Повторить» and «Заменить токен»', () => {
    const expiring = (days: number) =>
      status(allIdle.channels, {
        tokenExpiresAt: '2026-12-10T00:00:00Z',
        tokenWarning: coreMessage('wb_token_expiring', { expiresAt: '2026-12-10T00:00:00Z', days }),
      });
    expect(texts({ status: expiring(5) })[1]).toBe('Токен истекает через 5 дней');
    expect(texts({ status: expiring(2) })[1]).toBe('Токен истекает через 2 дня');
    expect(texts({ status: expiring(1) })[1]).toBe('Токен истекает через 1 день');
    expect(texts({ status: expiring(0) })[1]).toBe('Токен истекает сегодня');
    const invalid = status([
      channel({
        channel: 'review',
        status: 'error',
        reason: 'wb_token_invalid',
        message: coreMessage('wb_token_invalid'),
      }),
    ]);
    const items = statusItems(input({ status: invalid }));
    // The token is the problem: the main item is the last sync, the token item says what to do.
    expect(items[0]!.kind).toBe('synced');
    expect(items[1]).toMatchObject({
      kind: 'token_invalid',
      text: 'Токен недействителен',
      actions: ['retry', 'replace_token'],
    });
  });

  it('a WB limit being waited out: «Лимит WB: следующий запрос в HH:MM»; a short pace is not shown', () => {
    const at = '2026-12-05T11:05:00Z';
    const limits = (nextRequestAt: string | null, blocked = false): SyncHealthView =>
      health({ limits: [{ group: 'feedbacks_questions', burst: 1, intervalMs: 720_000, nextRequestAt, blocked }] });
    expect(texts({ health: limits(at, true) })).toEqual([
      'Синхронизировано 2 минуты назад',
      `Лимит WB: следующий запрос в ${clockTime(at)}`,
    ]);
    expect(texts({ health: limits('2026-12-05T11:00:03Z') })).toEqual(['Синхронизировано 2 минуты назад']);
    expect(texts({ health: limits(null) })).toEqual(['Синхронизировано 2 минуты назад']);
  });

  it('failed and conflicting replies; the demo shop says it does not sync', () => {
    const outbox = { queued: 0, sending: 0, sentPending: 4, failed: 1, conflict: 3 };
    expect(texts({ health: health({ outbox }) }).slice(1)).toEqual(['Не отправлено: 1 ответ', 'Конфликт: 3 ответа']);
    expect(texts({ account: { isDemo: true } })).toEqual(['Демо-магазин — без синхронизации с WB']);
  });
});
