import { AVITO_CHAT_MODES, type AvitoChatMode } from '../../../src-shared/domain/avito';
import { openCore, parsePositiveInt, UsageError, type CliIo } from '../cli-context';
import { expectOk } from './expect-ok';

/**
 * `agentiq avito mode --id ID bot|manager [--json]`: who answers an Avito chat. `ID` is the inbox
 * id, or Avito's chat id (`u2i-…`). An item that is not an Avito chat exits 1 saying so.
 */
export async function avito(io: CliIo, flags: { positionals: string[]; id?: string; json: boolean }): Promise<number> {
  const [subcommand, mode, ...extra] = flags.positionals;
  if (subcommand !== 'mode')
    throw new UsageError(`unknown subcommand "${subcommand ?? ''}" (avito mode --id ID bot|manager)`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!AVITO_CHAT_MODES.includes(mode as AvitoChatMode))
    throw new UsageError(`mode must be bot or manager, got "${mode ?? ''}"`);
  const raw = flags.id?.trim();
  if (!raw) throw new UsageError('--id is required');
  const key = /^\d+$/.test(raw) ? { id: parsePositiveInt('id', raw) } : { chatId: raw };
  const core = await openCore();
  try {
    const result = expectOk<{ id: number; mode: AvitoChatMode; previous: AvitoChatMode }>(
      await core.call('avito.setMode', { ...key, mode: mode as AvitoChatMode }),
    );
    if (flags.json) io.out(JSON.stringify(result));
    else io.out(`${result.id}: ${result.mode === 'bot' ? 'бот' : 'менеджер'}`);
    return 0;
  } finally {
    await core.close();
  }
}
