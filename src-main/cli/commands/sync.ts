import type { AccountView } from '../../../src-shared/domain/account';
import type { ChannelSyncResult, SyncReport } from '../../../src-shared/domain/sync';
import type { Core } from '../../core/core';
import { defaultAccountId, openCore, type CliIo } from '../cli-context';
import { cliTextOrNull } from '../describe';
import { CommandFailed, expectOk } from './expect-ok';

const LABELS = { review: 'Отзывы', question: 'Вопросы', chat: 'Чаты', avito_chat: 'Avito' } as const;

/**
 * `agentiq sync [--full] [--json]`: the WB shop (AGENTIQ_WB_TOKEN's, else the first) and every
 * connected Avito account, one after the other (each in its own lock; one failing never stops the
 * others); `--account ID` syncs that one alone. Exit 0 only when every channel of every synced
 * account synced; otherwise non-zero with a one-line reason on stderr.
 */
export async function sync(io: CliIo, flags: SyncFlags): Promise<number> {
  const core = await openCore();
  try {
    return await syncWith(core, io, flags);
  } finally {
    await core.close();
  }
}

export interface SyncFlags {
  full: boolean;
  json: boolean;
  account?: string;
}

/** The command over an open core (the caller closes it). */
export async function syncWith(core: Core, io: CliIo, flags: SyncFlags): Promise<number> {
  const targets = await syncTargets(core, flags.account);
  if (targets.length === 0)
    throw new CommandFailed('no_account', 'no WB account: set AGENTIQ_WB_TOKEN or connect a token in the app');
  const reports = [];
  for (const accountId of targets)
    reports.push(expectOk<SyncReport>(await core.call('sync.run', { accountId, full: flags.full })));
  // One report, as before Avito: the first account's, followed by the other accounts' channels (each
  // channel says its account); `ok` is every account's.
  const report: SyncReport & { channels: (ChannelSyncResult & { accountId?: number })[] } = {
    ...reports[0]!,
    ok: reports.every((r) => r.ok),
    channels: reports.flatMap((r, index) =>
      index === 0 ? r.channels : r.channels.map((c) => ({ ...c, accountId: r.accountId })),
    ),
  };
  // The app runs the optional AI intent fallback in the background after a sync; this process
  // ends with the command, so it waits for that pass (a no-op unless the seller turned it on),
  // within the pass's time limit. It never changes the outcome: close() cancels what is left.
  if (!(await core.settle()))
    io.err('agentiq sync: the AI intent fallback did not finish in time; the rest waits for the next sync');
  // In the JSON a channel's `message` is its text, as the app shows it (core returns a code).
  if (flags.json)
    io.out(
      JSON.stringify({
        ...report,
        channels: report.channels.map((c) => ({ ...c, message: cliTextOrNull(c.message) })),
      }),
    );
  else
    for (const channel of report.channels)
      io.out(
        `${LABELS[channel.channel].padEnd(8)} ${channel.skipped ? 'не входит в токен' : channel.ok ? 'ok' : `ошибка: ${channel.reason}`}` +
          (channel.skipped
            ? ''
            : `  получено ${channel.fetched}, новых ${channel.created}, изменено ${channel.updated}, запросов ${channel.requests}`),
      );
  // The report's ok is the verdict: every channel the token covers synced.
  if (!report.ok) {
    const failed = report.channels.find((channel) => !channel.ok);
    io.err(
      failed
        ? `agentiq sync: ${failed.channel}: ${failed.reason}: ${cliTextOrNull(failed.message) ?? ''}`
            .replace(/\s+/g, ' ')
            .trim()
        : 'agentiq sync: the sync did not complete',
    );
    return 1;
  }
  return 0;
}

/**
 * The accounts `agentiq sync` syncs: `--account ID` alone; else the WB shop the other commands act on
 * (a real one: the demo only when nothing else is there, and its sync then says it is not synced) and
 * every connected Avito account.
 */
async function syncTargets(core: Core, explicit?: string): Promise<number[]> {
  const fallback = await defaultAccountId(core, explicit);
  if (explicit !== undefined) return fallback === null ? [] : [fallback];
  const accounts = expectOk<AccountView[]>(await core.call('accounts.list', {}));
  const avito = accounts.filter((a) => a.marketplace === 'avito' && a.connected && !a.isDemo).map((a) => a.id);
  const wb = accounts.filter((a) => a.marketplace !== 'avito');
  const shop = wb.find((a) => a.fromEnv) ?? wb.find((a) => !a.isDemo && a.connected) ?? null;
  if (shop) return [shop.id, ...avito];
  if (avito.length > 0) return avito;
  return fallback === null ? [] : [fallback];
}
