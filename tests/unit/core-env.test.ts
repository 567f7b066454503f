import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../src-main/core/logger';
import { coreEnvOptions } from '../../src-main/platform/core-env';

const testEnv = {
  AGENTIQ_WB_BASE_URL: 'http://127.0.0.1:18080/wb',
  AGENTIQ_AVITO_BASE_URL: 'http://127.0.0.1:18081',
  AGENTIQ_WB_TOKEN: 'Bearer secret-token-value',
  AGENTIQ_AVITO_CLIENT_ID: 'avito-client-id-value',
  AGENTIQ_AVITO_CLIENT_SECRET: 'avito-secret-value',
  AGENTIQ_WB_PACING: 'off',
  AGENTIQ_CRASH_AT: 'sent',
  AGENTIQ_DATA_DIR: '/tmp/aq',
};

const recording = () => {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { ...silentLogger, warn: (message, fields) => warnings.push({ message, fields }) };
  return { logger, warnings };
};

describe('coreEnvOptions', () => {
  it('from a checkout (host, CLI, `npm start`) takes every test-only variable', () => {
    const options = coreEnvOptions(testEnv);
    expect(options.envToken).toBe('secret-token-value');
    expect(options.wb).toEqual({ baseUrl: 'http://127.0.0.1:18080/wb', pacing: false });
    expect(options.avito).toEqual({ baseUrl: 'http://127.0.0.1:18081', pacing: false });
    expect(options.avitoEnv).toEqual({ clientId: 'avito-client-id-value', clientSecret: 'avito-secret-value' });
    expect(options.afterDispatchStep).toBeTypeOf('function');
    // Only the named step kills the process; any other step passes.
    expect(options.afterDispatchStep?.('claimed')).toBe(false);
  });

  it('in a packaged app ignores them all and warns once with their names, never their values', () => {
    const { logger, warnings } = recording();
    const options = coreEnvOptions(testEnv, { packaged: true, logger });
    expect(options).toEqual({
      envToken: null,
      avitoEnv: null,
      wb: { baseUrl: null, pacing: true },
      avito: { baseUrl: null, pacing: true },
    });
    expect(warnings).toEqual([
      {
        message: 'env.test_only_ignored',
        fields: {
          variables: [
            'AGENTIQ_WB_BASE_URL',
            'AGENTIQ_AVITO_BASE_URL',
            'AGENTIQ_WB_TOKEN',
            'AGENTIQ_AVITO_CLIENT_ID',
            'AGENTIQ_AVITO_CLIENT_SECRET',
            'AGENTIQ_WB_PACING',
            'AGENTIQ_CRASH_AT',
          ],
          reason: 'packaged app',
        },
      },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('secret-token-value');
    expect(JSON.stringify(warnings)).not.toContain('avito-secret-value');
  });

  it('in a packaged app without them says nothing', () => {
    const { logger, warnings } = recording();
    expect(coreEnvOptions({ AGENTIQ_DATA_DIR: '/tmp/aq', AGENTIQ_WB_TOKEN: '  ' }, { packaged: true, logger })).toEqual(
      {
        envToken: null,
        avitoEnv: null,
        wb: { baseUrl: null, pacing: true },
        avito: { baseUrl: null, pacing: true },
      },
    );
    expect(warnings).toEqual([]);
  });

  it('refuses an AGENTIQ_WB_BASE_URL that is not an http(s) URL', () => {
    expect(() => coreEnvOptions({ AGENTIQ_WB_BASE_URL: 'not a url' })).toThrow(/not a URL/);
    expect(() => coreEnvOptions({ AGENTIQ_WB_BASE_URL: 'file:///etc/passwd' })).toThrow(/must be http/);
  });

  it('refuses an AGENTIQ_AVITO_BASE_URL that is not an http(s) URL', () => {
    expect(() => coreEnvOptions({ AGENTIQ_AVITO_BASE_URL: 'api.avito.ru' })).toThrow(
      /AGENTIQ_AVITO_BASE_URL is not a URL/,
    );
    expect(() => coreEnvOptions({ AGENTIQ_AVITO_BASE_URL: 'ftp://x' })).toThrow(/must be http/);
  });
});
