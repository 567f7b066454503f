// A separate process that opens a database file with the real migration chain and dies by SIGKILL
// right after one migration ran (inside the open's migration transaction), like an app killed or
// a power cut mid-upgrade. For the migration crash test (tests/integration/db-migrations.test.ts).
// Run: node --import tsx tests/helpers/migrate-child.ts FILE VERSIONS CRASH_AFTER
//   VERSIONS: how many migrations of the chain to run; CRASH_AFTER: die after the chain's migration
//   with this 1-based number has run.
import { migrations } from '../../migrations';
import { openDatabase } from '../../src-main/core/db/database';

async function main() {
  const [file, versions, crashAfter] = process.argv.slice(2);
  const chain = migrations.slice(0, Number(versions)).map((migration, index) =>
    index + 1 === Number(crashAfter)
      ? {
          name: migration.name,
          up: async (db: Parameters<typeof migration.up>[0]) => {
            await migration.up(db);
            process.kill(process.pid, 'SIGKILL');
          },
        }
      : migration,
  );
  await openDatabase(file!, { migrations: chain });
  process.stdout.write('opened without crashing\n');
}

void main();
