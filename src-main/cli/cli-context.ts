import type { AccountView } from '../../src-shared/domain/account';
import type { Core } from '../core/core';
import { decodeWbToken } from '../core/wb/token';
import { normaliseToken } from '../../src-shared/domain/token';
import { createStderrLogger } from '../core/logger';
import { redact } from '../core/redact';
import { systemClock } from '../platform/system-clock';
import { appVersion } from '../platform/app-version';
import { coreEnvOptions } from '../platform/core-env';
import { resolveDataDir } from '../platform/default-data-dir';
import { KeytarSecretStore } from '../platform/keytar-secret-store';
import { expectOk } from './commands/expect-ok';

/** A usage mistake: exit code 2 and the message, nothing written. */
export class UsageError extends Error {}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** stdout and stderr with every secret the process knows masked: a reason may quote a server's echo. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${redact(line)}\n`),
  err: (line) => process.stderr.write(`${redact(line)}\n`),
};

export async function openCore(env: NodeJS.ProcessEnv = process.env): Promise<Core> {
  // Loaded here, not at the top: `agentiq --help` and a usage error load no engine at all.
  const { createCore } = await import('../core/core');
  return createCore({
    dataDir: resolveDataDir(env),
    secrets: new KeytarSecretStore(),
    shell: 'cli',
    version: appVersion(),
    clock: systemClock,
    logger: createStderrLogger(systemClock, env.AGENTIQ_LOG_LEVEL === 'debug' ? 'debug' : 'error'),
    // AGENTIQ_WB_* and AGENTIQ_CRASH_AT (test-only: the exactly-once tests kill the process at a step of a send).
    ...withWaitNotice(coreEnvOptions(env)),
  });
}

/** Base tokens wait minutes to an hour between WB requests: a one-shot command says so instead of looking hung. */
function withWaitNotice(options: ReturnType<typeof coreEnvOptions>): ReturnType<typeof coreEnvOptions> {
  const onLongWait = (group: string, until: Date) =>
    process.stderr.write(
      `agentiq: WB limit (${group}): waiting until ${until.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })}\n`,
    );
  return { ...options, wb: { ...options.wb, onLongWait } };
}

/** A positive integer flag value in plain decimal (`--limit 1e2` or `0x10` is a usage error). */
export function parsePositiveInt(flag: string, raw: string): number {
  const value = /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`--${flag} must be a positive integer, got "${raw}"`);
  return value;
}

export const parseAccountFlag = (raw: string) => parsePositiveInt('account', raw);

/**
 * The account CLI commands act on: `--account ID` (it must exist, whatever AGENTIQ_WB_TOKEN says),
 * else the AGENTIQ_WB_TOKEN account, else the first real shop, else the demo.
 */
export async function defaultAccountId(
  core: Core,
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | null> {
  const accounts = expectOk<AccountView[]>(await core.call('accounts.list', {}));
  if (explicit !== undefined) {
    const id = parseAccountFlag(explicit);
    if (!accounts.some((account) => account.id === id)) throw new UsageError(`account ${id} does not exist`);
    return id;
  }
  // Core made (or refreshed) the AGENTIQ_WB_TOKEN account when it opened (the AGENTIQ_AVITO_* account
  // is `fromEnv` too: a WB shop goes first, Avito accounts have commands and flags of their own).
  const wbFirst = [
    ...accounts.filter((a) => a.marketplace !== 'avito'),
    ...accounts.filter((a) => a.marketplace === 'avito'),
  ];
  const fromEnv = wbFirst.find((account) => account.fromEnv && account.marketplace !== 'avito');
  if (fromEnv) return fromEnv.id;
  // Core refused the token (it logged why): the command fails with the reason rather than act on another shop.
  const envToken = normaliseToken(env.AGENTIQ_WB_TOKEN ?? '');
  if (envToken) decodeWbToken(envToken);
  // Listed real shops first (WB's before Avito's), then the demo.
  return wbFirst.find((a) => !a.isDemo)?.id ?? accounts[0]?.id ?? null;
}
