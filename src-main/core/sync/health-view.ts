import { coveredChannels } from '../../../src-shared/domain/account';
import type { Channel, InboxChannel } from '../../../src-shared/domain/interaction';
import type {
  OutboxCounts,
  SyncErrorReason,
  SyncHealthView,
  SyncRunView,
  WbLimitView,
} from '../../../src-shared/domain/sync';
import type { Account } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { bucketFor, type WbLimitGroup } from '../wb/limits';
import type { WbTokenType } from '../wb/token';

const CHANNEL_GROUPS: Record<Channel, WbLimitGroup[]> = {
  review: ['feedbacks_questions'],
  question: ['feedbacks_questions'],
  chat: ['chat', 'chat_download'],
};
const GROUPS: WbLimitGroup[] = ['feedbacks_questions', 'chat', 'chat_download'];
const TOKEN_TYPES = new Set<WbTokenType>(['base', 'test', 'personal', 'service', 'unknown']);

/**
 * The health panel's facts for one account (DESIGN §3, §4): each covered channel's newest run,
 * the WB limit groups the token uses with their rate and the time the next request may go
 * (wb_limit_state: a 429's retry time, or the bucket's next slot), and the outbox replies by state.
 */
export function syncHealth(db: SqlRunner, account: Account, now: Date): SyncHealthView {
  // An Avito account has one channel and no WB limit groups (its pacing is the connector's, avito/pacing.ts).
  if (account.marketplace === 'avito')
    return {
      accountId: account.id,
      runs: [lastRun(db, account.id, 'avito_chat')].filter((run): run is SyncRunView => run !== null),
      limits: [],
      outbox: outboxCounts(db, account.id),
    };
  const covered = coveredChannels({
    isDemo: account.is_demo === 1,
    tokenScopes: JSON.parse(account.token_scopes) as string[],
  });
  return {
    accountId: account.id,
    runs: covered.flatMap((channel) => lastRun(db, account.id, channel) ?? []),
    limits: limits(db, account, covered, now),
    outbox: outboxCounts(db, account.id),
  };
}

function lastRun(db: SqlRunner, accountId: number, channel: InboxChannel): SyncRunView | null {
  const row = db.get(
    db.build
      .selectFrom('sync_runs')
      .select([
        'started_at',
        'finished_at',
        'outcome',
        'fetched',
        'created',
        'updated',
        'errors',
        'requests',
        'rate_limited',
        'error_reason',
      ])
      .where('account_id', '=', accountId)
      .where('channel', '=', channel)
      .orderBy('id', 'desc')
      .limit(1),
  );
  if (!row) return null;
  return {
    channel,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    fetched: row.fetched,
    created: row.created,
    updated: row.updated,
    errors: row.errors,
    requests: row.requests,
    rateLimited: row.rate_limited,
    reason: (row.error_reason ?? null) as SyncErrorReason | null,
  };
}

function limits(db: SqlRunner, account: Account, covered: Channel[], now: Date): WbLimitView[] {
  const type: WbTokenType = TOKEN_TYPES.has(account.token_type as WbTokenType)
    ? (account.token_type as WbTokenType)
    : 'personal';
  const stored = new Map(
    db
      .all(
        db.build
          .selectFrom('wb_limit_state')
          .select(['limit_group', 'retry_at', 'pace_at'])
          .where('account_id', '=', account.id),
      )
      .map((row) => [row.limit_group, row]),
  );
  const used = new Set(covered.flatMap((channel) => CHANNEL_GROUPS[channel]));
  return GROUPS.filter((group) => used.has(group) || stored.has(group)).map((group) => {
    const spec = bucketFor(group, type);
    const row = stored.get(group);
    const retryAt = row?.retry_at && row.retry_at > now.getTime() ? row.retry_at : null;
    const paceAt = row?.pace_at && row.pace_at > now.getTime() ? row.pace_at : null;
    const next = retryAt !== null || paceAt !== null ? Math.max(retryAt ?? 0, paceAt ?? 0) : null;
    return {
      group,
      burst: spec.burst,
      intervalMs: spec.intervalMs,
      nextRequestAt: next === null ? null : new Date(next).toISOString(),
      blocked: retryAt !== null,
    };
  });
}

function outboxCounts(db: SqlRunner, accountId: number): OutboxCounts {
  const rows = db.all(
    db.build
      .selectFrom('outbox')
      .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where('kind', '!=', 'mark_viewed')
      .where('state', 'in', ['queued', 'sending', 'sent_pending', 'failed', 'conflict'])
      .groupBy('state'),
  );
  const count = (state: string) => Number(rows.find((row) => row.state === state)?.n ?? 0);
  return {
    queued: count('queued'),
    sending: count('sending'),
    sentPending: count('sent_pending'),
    failed: count('failed'),
    conflict: count('conflict'),
  };
}
