import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { ELECTRON_CSP, HOST_CSP, PAGE_META_CSP } from '../../src-shared/content-security-policy';
import viteConfig from '../../vite.config';

const parse = (policy: string) =>
  new Map(policy.split('; ').map((directive) => [directive.split(' ')[0]!, directive.split(' ').slice(1).join(' ')]));
const policies = { electron: ELECTRON_CSP, host: HOST_CSP, page: PAGE_META_CSP };

describe('Content-Security-Policy', () => {
  it.each(Object.entries(policies))('%s: images only from the app itself and data: URLs', (_shell, policy) => {
    expect(parse(policy).get('img-src')).toBe("'self' data:");
  });

  it.each(Object.entries(policies))('%s: no scheme-wide source such as https: or a bare *', (_shell, policy) => {
    for (const [, sources] of parse(policy)) {
      for (const source of sources.split(' ')) expect(source).not.toMatch(/^(\*|https?:|wss?:)$/);
    }
  });

  it('only our bundle runs: no inline script, no eval, no plugins, no <base>', () => {
    for (const policy of Object.values(policies)) {
      expect(parse(policy).get('script-src')).toBe("'self'");
      expect(parse(policy).get('object-src')).toBe("'none'");
      expect(parse(policy).get('base-uri')).toBe("'none'");
    }
  });

  it('the host adds only its loopback WebSocket to what the Electron window may connect to', () => {
    expect(parse(ELECTRON_CSP).get('connect-src')).toBe("'self'");
    expect(parse(HOST_CSP).get('connect-src')).toBe("'self' ws://127.0.0.1:*");
    expect(HOST_CSP.replace(' ws://127.0.0.1:*', '')).toBe(ELECTRON_CSP);
  });

  it('the built index.html carries the shared policy in its <meta>', async () => {
    const plugin = viteConfig.plugins
      ?.flat()
      .find((candidate) => (candidate as Plugin | null)?.name === 'agentiq-page-csp') as Plugin;
    const hook = plugin.transformIndexHtml as { handler: (html: string) => string };
    const source = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    expect(hook.handler(source)).toContain(`content="${PAGE_META_CSP}"`);
    expect(() => hook.handler('<html></html>')).toThrow(/__AGENTIQ_CSP__/);
  });
});
