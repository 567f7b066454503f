import { databaseFile } from '../../core/core';
import { restoreDatabase, RestoreRefused } from '../../core/db/restore';
import { resolveDataDir } from '../../platform/default-data-dir';
import { UsageError, type CliIo } from '../cli-context';
import { CommandFailed } from './expect-ok';

/**
 * `agentiq restore --from FILE`: puts a backup in place of the database (the app must be closed).
 * The replaced database is kept in the backups folder; the next start migrates an older backup.
 */
export async function restore(io: CliIo, options: { from?: string; json: boolean }): Promise<number> {
  if (!options.from) throw new UsageError('--from FILE is required (agentiq doctor shows the newest backup)');
  let result;
  try {
    result = await restoreDatabase({ databaseFile: databaseFile(resolveDataDir()), from: options.from, now: new Date() });
  } catch (error) {
    if (error instanceof RestoreRefused) {
      // A file that is not there is a bad value, like an --account that does not exist.
      if (error.code === 'not_found') throw new UsageError(error.message);
      throw new CommandFailed(error.code, error.message);
    }
    throw error;
  }
  if (options.json) io.out(JSON.stringify({ ok: true, ...result }));
  else {
    io.out(`База восстановлена из ${result.restoredFrom} (схема ${result.schemaVersion}).`);
    if (result.previous) io.out(`Прежняя база${result.previousDamaged ? ' (повреждённая)' : ''} сохранена: ${result.previous}`);
  }
  return 0;
}
