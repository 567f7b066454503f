import type { OutboxEntryView } from '../../../src-shared/domain/outbox';
import type { Core } from '../../core/core';
import { defaultAccountId, openCore, UsageError, type CliIo } from '../cli-context';
import { cliTextOrNull } from '../describe';
import { CommandFailed, expectOk } from './expect-ok';

/**
 * `--id` is the inbox id (`agentiq inbox --json`), or WB's own id of the review/question/chat.
 * With `--account`, the item must belong to that shop (an unknown account is a usage error).
 */
export async function resolveInteraction(core: Core, raw: string, account?: string): Promise<number> {
  const accountId = await defaultAccountId(core, account);
  // An id no row can have (0, past 2^53, longer than the channel takes) is simply not found.
  const inboxId = /^\d+$/.test(raw) ? Number(raw) : null;
  const key =
    inboxId !== null
      ? Number.isSafeInteger(inboxId) && inboxId > 0
        ? { id: inboxId }
        : null
      : accountId !== null && raw.length <= 1000
        ? { accountId, externalId: raw }
        : null;
  const found = key
    ? expectOk<{ id: number; accountId: number } | null>(await core.call('interaction.find', key))
    : null;
  if (!found || (account !== undefined && found.accountId !== accountId))
    throw new CommandFailed(
      'not_found',
      `no interaction with id "${raw}"${account !== undefined ? ` in account ${accountId}` : ''}`,
    );
  return found.id;
}

/** `agentiq reply --id ID --text T [--json]`: queues the reply (guardrails first) and prints the outbox entry. */
export async function reply(
  io: CliIo,
  flags: { id?: string; text?: string; json: boolean; account?: string },
): Promise<number> {
  if (!flags.id) throw new UsageError('--id is required');
  if (flags.text === undefined) throw new UsageError('--text is required');
  const core = await openCore();
  try {
    const interactionId = await resolveInteraction(core, flags.id, flags.account);
    const entry = expectOk<OutboxEntryView>(await core.call('reply.send', { interactionId, text: flags.text }));
    io.out(
      flags.json
        ? JSON.stringify(entry)
        : `В очереди: ответ #${entry.id} на обращение #${entry.interactionId} (${entry.state}). Отправить: agentiq outbox --flush`,
    );
    return 0;
  } finally {
    await core.close();
  }
}

/** `agentiq outbox [--flush] [--json]`: the outbox; `--flush` sends what is waiting first. */
export async function outbox(io: CliIo, flags: { flush: boolean; json: boolean; account?: string }): Promise<number> {
  const core = await openCore();
  try {
    const accountId = await defaultAccountId(core, flags.account);
    let failed = 0;
    if (flags.flush) {
      const result = expectOk<{ attempted: number; sent: number; failed: number }>(await core.call('outbox.flush', {}));
      failed = result.failed;
      io.err(`agentiq outbox: attempted ${result.attempted}, sent ${result.sent}, failed ${result.failed}`);
    }
    // The documented JSON keeps `lastError` a string: core's message, worded as the app shows it.
    const entries = (
      accountId === null ? [] : expectOk<OutboxEntryView[]>(await core.call('outbox.list', { accountId }))
    ).map((e) => ({ ...e, lastError: cliTextOrNull(e.lastError) }));
    if (flags.json) io.out(JSON.stringify(entries));
    else
      for (const e of entries)
        io.out(
          `#${e.id}  ${e.state.padEnd(12)} ${e.kind.padEnd(12)} обращение #${e.interactionId}  ${e.text.replace(/\s+/g, ' ').slice(0, 60)}${e.lastError ? `  (${e.lastError})` : ''}`,
        );
    return failed > 0 ? 1 : 0;
  } finally {
    await core.close();
  }
}
