import { databaseFile } from '../../core/core';
import { restoreDatabase, RestoreRefused } from '../../core/db/restore';
import { resolveDataDir } from '../../platform/default-data-dir';
import { UsageError, type CliIo } from '../cli-context';
import { cliText } from '../describe';

/**
 * `agentiq restore --from FILE`: puts a backup in place of the database (the app must be closed).
 * The replaced database is kept in the backups folder; the next start migrates an older backup.
 */
export async function restore(io: CliIo, options: { from?: string; json: boolean }): Promise<number> {
  if (!options.from) throw new UsageError('--from FILE is required (agentiq doctor shows the newest backup)');
  let result;
  try {
    result = await restoreDatabase({
      databaseFile: databaseFile(resolveDataDir()),
      from: options.from,
      now: new Date(),
    });
  } catch (error) {
    // A file that is not there is a bad value, like an --account that does not exist; any other
    // refusal is a CoreError that main.ts describes (exit 1).
    if (error instanceof RestoreRefused && error.reason === 'not_found')
      throw new UsageError(cliText(error.coreMessage));
    throw error;
  }
  if (options.json) io.out(JSON.stringify({ ok: true, ...result }));
  else {
    io.out(`База восстановлена из ${result.restoredFrom} (схема ${result.schemaVersion}).`);
    if (result.previous)
      io.out(`Прежняя база${result.previousDamaged ? ' (повреждённая)' : ''} сохранена: ${result.previous}`);
  }
  return 0;
}
