import { defineConfig } from '@playwright/test';

/**
 * E2E against the headless host (DESIGN §2, §7): Debian's Chromium drives the built renderer
 * (`npx vite build` → dist/renderer) served by `src-main/host/main.ts` over a real SQLite file.
 * No `webServer`: every test starts its own host on a temporary data dir (tests/e2e/fixtures.ts).
 * Never `npx playwright install`: the browser is the system one at /usr/bin/chromium.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  reporter: 'list',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
