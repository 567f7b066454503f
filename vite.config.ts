import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { PAGE_META_CSP } from './src-shared/content-security-policy';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const CSP_MARKER = '__AGENTIQ_CSP__';

/** index.html's CSP <meta> comes from the one source the shells' headers use; a page without it does not build. */
const pageCsp = (): Plugin => ({
  name: 'agentiq-page-csp',
  transformIndexHtml: {
    order: 'pre',
    handler: (html) => {
      if (!html.includes(CSP_MARKER))
        throw new Error(`index.html has no ${CSP_MARKER} for the Content-Security-Policy <meta>`);
      return html.replace(CSP_MARKER, PAGE_META_CSP);
    },
  },
});

/**
 * The production CSP in index.html forbids inline scripts, but the dev server's React Fast
 * Refresh preamble is an inline script and HMR uses its own WebSocket. Relax the policy only
 * while serving; the built file keeps the strict one.
 */
const relaxCspInDev = (): Plugin => ({
  name: 'agentiq-relax-csp-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace('connect-src ', 'connect-src ws://localhost:* '),
});

export default defineConfig({
  root: `${projectRoot}src-renderer`,
  // Relative asset URLs: Electron loads the build from file://, the host serves it under /.
  base: './',
  plugins: [react(), pageCsp(), relaxCspInDev()],
  build: {
    outDir: `${projectRoot}dist/renderer`,
    emptyOutDir: true,
    target: 'chrome130',
  },
});
