import { parseArgs } from 'node:util';
import { SchemaTooNewError } from '../core/db/database';
import { processIo, UsageError, type CliIo } from './cli-context';
import { demo } from './commands/demo';
import { doctor } from './commands/doctor';
import { CommandFailed } from './commands/expect-ok';
import { stats } from './commands/stats';

const USAGE = `Usage: agentiq <command> [options]

Commands:
  doctor [--json]                 data folder, schema version, keychain status
  demo [--json]                   seed the demo shop (idempotent)
  stats [--json] [--account ID]   totals and needs-response per channel

Environment: AGENTIQ_DATA_DIR (data folder), AGENTIQ_WB_TOKEN, AGENTIQ_WB_BASE_URL.`;

type Flags = Record<string, string | boolean | undefined>;

const COMMANDS: Record<string, { options: Record<string, { type: 'string' | 'boolean' }>; run(io: CliIo, flags: Flags): Promise<number> }> = {
  doctor: { options: { json: { type: 'boolean' } }, run: (io, f) => doctor(io, f.json === true) },
  demo: { options: { json: { type: 'boolean' } }, run: (io, f) => demo(io, f.json === true) },
  stats: {
    options: { json: { type: 'boolean' }, account: { type: 'string' } },
    run: (io, f) => stats(io, f.json === true, f.account as string | undefined),
  },
};

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`agentiq: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const { values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false });
    return await command.run(io, values as Flags);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`agentiq ${name}: ${(error as Error).message}`);
      return 2;
    }
    if (error instanceof CommandFailed || error instanceof SchemaTooNewError) {
      io.err(`agentiq ${name}: ${error.message}`);
      return 1;
    }
    io.err(`agentiq ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const isEntry = process.argv[1] && /agentiq(\.mjs)?$|cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) process.exitCode = await runCli(process.argv.slice(2));
