import { normaliseToken } from '../../src-shared/domain/token';
import type { CoreDeps } from '../core/core';

/**
 * Settings for tests and automation, read from the environment by every shell:
 * AGENTIQ_WB_BASE_URL sends every WB API group to one origin; AGENTIQ_WB_TOKEN gives the
 * default account's token without the keychain.
 */
export function coreEnvOptions(env: NodeJS.ProcessEnv = process.env): Pick<CoreDeps, 'envToken' | 'wb'> {
  const baseUrl = env.AGENTIQ_WB_BASE_URL?.trim() || null;
  if (baseUrl) {
    let parsed: URL;
    try {
      parsed = new URL(baseUrl);
    } catch {
      throw new Error(`AGENTIQ_WB_BASE_URL is not a URL: "${baseUrl}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`AGENTIQ_WB_BASE_URL must be http(s), got ${parsed.protocol}`);
  }
  return {
    // The Authorization header carries the raw token (core normalises again: other shells pass it in too).
    envToken: env.AGENTIQ_WB_TOKEN ? normaliseToken(env.AGENTIQ_WB_TOKEN) || null : null,
    wb: { baseUrl, pacing: env.AGENTIQ_WB_PACING !== 'off' },
  };
}
