import type { SyncReport } from '../../../src-shared/domain/sync';
import type { Core } from '../../core/core';
import { defaultAccountId, openCore, type CliIo } from '../cli-context';
import { cliTextOrNull } from '../describe';
import { CommandFailed, expectOk } from './expect-ok';

const LABELS = { review: 'Отзывы', question: 'Вопросы', chat: 'Чаты' } as const;

/**
 * `agentiq sync [--full] [--json]`: exit 0 only when every channel the token covers synced;
 * otherwise non-zero with a one-line reason on stderr.
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
  const accountId = await defaultAccountId(core, flags.account);
  if (accountId === null)
    throw new CommandFailed('no_account', 'no WB account: set AGENTIQ_WB_TOKEN or connect a token in the app');
  const report = expectOk<SyncReport>(await core.call('sync.run', { accountId, full: flags.full }));
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
