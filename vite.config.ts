import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

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
  plugins: [react(), relaxCspInDev()],
  build: {
    outDir: `${projectRoot}dist/renderer`,
    emptyOutDir: true,
    target: 'chrome130',
  },
});
