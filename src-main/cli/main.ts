import { parseArgs } from 'node:util';
import { CoreError } from '../core/errors';
import { parseAccountFlag, processIo, UsageError, type CliIo } from './cli-context';
import { cliText } from './describe';
import { CommandFailed } from './commands/expect-ok';

const USAGE = `Usage: agentiq <command> [options]

Commands:
  doctor [--json]                 data folder, schema version, database check, newest backup,
                                  keychain status
  restore --from FILE [--json]    replace the database with a backup (AgentIQ must be closed);
                                  the replaced one is kept in the backups folder
  demo [--json]                   seed the demo shop (idempotent)
  stats [--json] [--account ID]   totals and needs-response per channel (avito_chat too when
                                  an Avito account is connected)
  sync [--full] [--json] [--account ID]
                                  sync reviews, questions and chats from WB, then every
                                  Avito account's chats; exit 0 only when every channel of
                                  every synced account synced
  inbox [--channel review|question|chat|avito_chat] [--needs-response] [--search TEXT] [--limit N] [--json] [--account ID]
                                  the inbox in priority order; --search: any word form,
                                  most relevant first, with the matched words
  reply --id ID --text T [--json] [--account ID]
                                  queue a reply (guardrails first); a blocked reply exits 1
                                  naming the phrase; ID is the inbox id or WB's id
  outbox [--flush] [--json] [--account ID]
                                  the outbox; --flush sends what is waiting (exit 1 if a reply failed)
  links [--min-confidence X] [--recompute] [--json] [--account ID]
                                  cross-channel links, strongest first: both items, confidence
                                  (X from 0 to 1), kind, signals, action mode, the seller's decision;
                                  --recompute runs the linking pass over the whole shop first
  timeline --id ID [--json] [--account ID]
                                  the item's thread (customer+order, customer, product or single)
                                  in time order: each step's channel, match reason, confidence and
                                  action mode; ID is the inbox id or WB's id
  avito mode --id ID bot|manager [--json]
                                  who answers an Avito chat: the bot or a person; ID is the
                                  inbox id or Avito's chat id
  analytics [--days N] [--account ID] [--json]
                                  response times, SLA, backlog, replies, ratings and alerts of the
                                  last N days (7 by default); every shop together without --account
  export --what interactions|analytics --format csv --out FILE [--days N] [--account ID]
                                  write the figures, or the rows behind them, as CSV (; UTF-8 BOM)

Environment: AGENTIQ_DATA_DIR (data folder), AGENTIQ_WB_TOKEN, AGENTIQ_WB_BASE_URL,
AGENTIQ_AVITO_CLIENT_ID, AGENTIQ_AVITO_CLIENT_SECRET, AGENTIQ_AVITO_BASE_URL.`;

type Flags = Record<string, string | boolean | undefined>;

const COMMANDS: Record<
  string,
  {
    options: Record<string, { type: 'string' | 'boolean' }>;
    /** Takes positional words (`avito mode … bot`); every other command refuses them. */
    positionals?: true;
    run(io: CliIo, flags: Flags, positionals: string[]): Promise<number>;
  }
> = {
  doctor: {
    options: { json: { type: 'boolean' } },
    run: async (io, f) => (await import('./commands/doctor')).doctor(io, f.json === true),
  },
  demo: {
    options: { json: { type: 'boolean' } },
    run: async (io, f) => (await import('./commands/demo')).demo(io, f.json === true),
  },
  restore: {
    options: { from: { type: 'string' }, json: { type: 'boolean' } },
    run: async (io, f) =>
      (await import('./commands/restore')).restore(io, { from: f.from as string | undefined, json: f.json === true }),
  },
  stats: {
    options: { json: { type: 'boolean' }, account: { type: 'string' } },
    run: async (io, f) =>
      (await import('./commands/stats')).stats(io, f.json === true, f.account as string | undefined),
  },
  sync: {
    options: { full: { type: 'boolean' }, json: { type: 'boolean' }, account: { type: 'string' } },
    run: async (io, f) =>
      (await import('./commands/sync')).sync(io, {
        full: f.full === true,
        json: f.json === true,
        account: f.account as string | undefined,
      }),
  },
  reply: {
    options: {
      id: { type: 'string' },
      text: { type: 'string' },
      json: { type: 'boolean' },
      account: { type: 'string' },
    },
    run: async (io, f) =>
      (await import('./commands/reply')).reply(io, {
        id: f.id as string | undefined,
        text: f.text as string | undefined,
        json: f.json === true,
        account: f.account as string | undefined,
      }),
  },
  outbox: {
    options: { flush: { type: 'boolean' }, json: { type: 'boolean' }, account: { type: 'string' } },
    run: async (io, f) =>
      (await import('./commands/reply')).outbox(io, {
        flush: f.flush === true,
        json: f.json === true,
        account: f.account as string | undefined,
      }),
  },
  links: {
    options: {
      'min-confidence': { type: 'string' },
      recompute: { type: 'boolean' },
      json: { type: 'boolean' },
      account: { type: 'string' },
    },
    run: async (io, f) =>
      (await import('./commands/links')).links(io, {
        minConfidence: f['min-confidence'] as string | undefined,
        recompute: f.recompute === true,
        json: f.json === true,
        account: f.account as string | undefined,
      }),
  },
  timeline: {
    options: { id: { type: 'string' }, json: { type: 'boolean' }, account: { type: 'string' } },
    run: async (io, f) =>
      (await import('./commands/timeline')).timeline(io, {
        id: f.id as string | undefined,
        json: f.json === true,
        account: f.account as string | undefined,
      }),
  },
  analytics: {
    options: { days: { type: 'string' }, account: { type: 'string' }, json: { type: 'boolean' } },
    run: async (io, f) =>
      (await import('./commands/analytics')).analytics(io, {
        days: f.days as string | undefined,
        account: f.account as string | undefined,
        json: f.json === true,
      }),
  },
  export: {
    options: {
      what: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      days: { type: 'string' },
      account: { type: 'string' },
    },
    run: async (io, f) =>
      (await import('./commands/analytics')).exportCsv(io, {
        what: f.what as string | undefined,
        format: f.format as string | undefined,
        out: f.out as string | undefined,
        days: f.days as string | undefined,
        account: f.account as string | undefined,
      }),
  },
  avito: {
    options: { id: { type: 'string' }, json: { type: 'boolean' } },
    positionals: true,
    run: async (io, f, positionals) =>
      (await import('./commands/avito')).avito(io, {
        positionals,
        id: f.id as string | undefined,
        json: f.json === true,
      }),
  },
  inbox: {
    options: {
      channel: { type: 'string' },
      'needs-response': { type: 'boolean' },
      search: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      account: { type: 'string' },
    },
    run: async (io, f) =>
      (await import('./commands/inbox')).inbox(io, {
        channel: f.channel as string | undefined,
        needsResponse: f['needs-response'] === true,
        search: f.search as string | undefined,
        limit: f.limit as string | undefined,
        json: f.json === true,
        account: f.account as string | undefined,
      }),
  },
};

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (!name) {
    io.err(USAGE);
    return 2;
  }
  const command = COMMANDS[name];
  if (!command || !Object.hasOwn(COMMANDS, name)) {
    io.err(`agentiq: unknown command "${name}" (agentiq --help lists them)`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: command.positionals === true,
    });
    // Checked before anything is opened: a usage error writes nothing.
    if (typeof values.account === 'string') parseAccountFlag(values.account);
    return await command.run(io, values as Flags, positionals);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // One line: parseArgs explains some mistakes over several.
      io.err(`agentiq ${name}: ${(error as Error).message.split('\n')[0]}`);
      return 2;
    }
    // Also the database refusals: db_damaged, db_backup_failed, restore_refused, schema_too_new.
    if (error instanceof CoreError) {
      io.err(`agentiq ${name}: ${cliText(error.coreMessage)}`);
      return 1;
    }
    if (error instanceof CommandFailed) {
      io.err(`agentiq ${name}: ${error.message}`);
      return 1;
    }
    io.err(`agentiq ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const isEntry = process.argv[1] && /agentiq(\.mjs)?$|cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) process.exitCode = await runCli(process.argv.slice(2));
