import { normaliseToken } from '../../src-shared/domain/token';
import type { CoreDeps } from '../core/core';
import type { Logger } from '../core/logger';

/**
 * The environment variables of tests and automation (README «Configuration»): where WB requests
 * go, a token that bypasses the keychain, pacing off, a crash at a step of a send.
 */
export const TEST_ONLY_ENV = [
  'AGENTIQ_WB_BASE_URL',
  'AGENTIQ_AVITO_BASE_URL',
  'AGENTIQ_WB_TOKEN',
  'AGENTIQ_AVITO_CLIENT_ID',
  'AGENTIQ_AVITO_CLIENT_SECRET',
  'AGENTIQ_WB_PACING',
  'AGENTIQ_CRASH_AT',
] as const;

export interface CoreEnvContext {
  /**
   * Electron's `app.isPackaged`. An installed app ignores every TEST_ONLY_ENV variable: whatever can
   * start it with an environment of its choosing must not get it to send the seller's keychain
   * tokens to an address of its choosing (on macOS the keychain gives the signed app its items
   * without asking), hold a shop that lives only in the environment, skip WB's pacing, or die
   * mid-send. The host and the CLI run from a checkout and are never packaged.
   * AGENTIQ_DATA_DIR is not among these: it sends nothing anywhere, and a database planted in a
   * folder it names could as well be written over the default one.
   */
  packaged?: boolean;
  /** Told once, by name only, which variables a packaged app ignored (a value may be a token). */
  logger?: Logger;
}

type CoreEnvOptions = Pick<CoreDeps, 'envToken' | 'avitoEnv' | 'wb' | 'avito' | 'afterDispatchStep'>;

/**
 * Core's options from the environment, read by every shell: AGENTIQ_WB_BASE_URL sends every WB API
 * group to one origin; AGENTIQ_WB_TOKEN gives the default account's token without the keychain;
 * AGENTIQ_WB_PACING=off drops client-side pacing; AGENTIQ_CRASH_AT kills the process at a step of a
 * send (the exactly-once tests).
 */
export function coreEnvOptions(env: NodeJS.ProcessEnv = process.env, context: CoreEnvContext = {}): CoreEnvOptions {
  if (context.packaged) {
    const ignored = TEST_ONLY_ENV.filter((name) => env[name]?.trim());
    if (ignored.length > 0)
      context.logger?.warn('env.test_only_ignored', { variables: ignored, reason: 'packaged app' });
    return {
      envToken: null,
      avitoEnv: null,
      wb: { baseUrl: null, pacing: true },
      avito: { baseUrl: null, pacing: true },
    };
  }
  const baseUrl = baseUrlFrom(env, 'AGENTIQ_WB_BASE_URL');
  const crashAt = env.AGENTIQ_CRASH_AT?.trim();
  return {
    // The Authorization header carries the raw token (core normalises again: other shells pass it in too).
    envToken: env.AGENTIQ_WB_TOKEN ? normaliseToken(env.AGENTIQ_WB_TOKEN) || null : null,
    // AGENTIQ_AVITO_CLIENT_ID / _SECRET: the pair of a default Avito account, kept in memory only (as the WB token).
    avitoEnv:
      env.AGENTIQ_AVITO_CLIENT_ID?.trim() && env.AGENTIQ_AVITO_CLIENT_SECRET?.trim()
        ? { clientId: env.AGENTIQ_AVITO_CLIENT_ID.trim(), clientSecret: env.AGENTIQ_AVITO_CLIENT_SECRET.trim() }
        : null,
    wb: { baseUrl, pacing: env.AGENTIQ_WB_PACING !== 'off' },
    // AGENTIQ_AVITO_BASE_URL: api.avito.ru's requests (token, self, Messenger) to one origin, e.g. `npm run avito-sim`.
    avito: { baseUrl: baseUrlFrom(env, 'AGENTIQ_AVITO_BASE_URL'), pacing: env.AGENTIQ_WB_PACING !== 'off' },
    afterDispatchStep: crashAt ? (step) => step === crashAt && process.kill(process.pid, 'SIGKILL') : undefined,
  };
}

/** A base URL variable: unset or blank is null; anything but an http(s) URL stops the shell at start. */
function baseUrlFrom(env: NodeJS.ProcessEnv, name: 'AGENTIQ_WB_BASE_URL' | 'AGENTIQ_AVITO_BASE_URL'): string | null {
  const baseUrl = env[name]?.trim() || null;
  if (!baseUrl) return null;
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new Error(`${name} is not a URL: "${baseUrl}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`${name} must be http(s), got ${parsed.protocol}`);
  return baseUrl;
}
