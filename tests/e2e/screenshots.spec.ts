import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startAvitoSimulator, type AvitoSim } from '../avito-sim/index';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim/index';
import { expect, ROOT, test as hostTest } from './fixtures';
import { collectPageErrors } from './reply-helpers';

/**
 * Screenshots of every main screen and state, for people to look at (item 10 of issue 11): saved
 * as PNG files to test-results/screenshots/, never compared with baselines. One host and one page
 * walk through them all: loading, onboarding, the demo inbox, detail, analytics, each settings
 * section, the dark theme (chosen and from the OS), a connected shop's sync error, offline, and
 * the replace-token / remove-shop dialogs.
 */
const test = hostTest.extend<{ wbSim: WbSim; avitoSim: AvitoSim }>({
  wbSim: async ({}, use) => {
    const sim = await startWbSimulator({ reviews: 40, questions: 12, chats: 3, seed: 5 });
    try {
      await use(sim);
    } finally {
      await sim.close();
    }
  },
  avitoSim: async ({}, use) => {
    const sim = await startAvitoSimulator({ chats: 5, seed: 5, u2uShare: 0 });
    try {
      await use(sim);
    } finally {
      await sim.close();
    }
  },
  hostEnv: async ({ wbSim, avitoSim }, use) =>
    use({ AGENTIQ_WB_BASE_URL: wbSim.url, AGENTIQ_AVITO_BASE_URL: avitoSim.url, AGENTIQ_WB_PACING: 'off' }),
});

test.use({ viewport: { width: 1280, height: 860 } });
test.setTimeout(120_000);

const DIR = path.join(ROOT, 'test-results', 'screenshots');
const SYNC_TIMEOUT = 45_000;
const SECTIONS = [
  'connections',
  'ai',
  'templates',
  'sla',
  'autoreply',
  'notifications',
  'avitobot',
  'general',
] as const;

async function save(page: Page, name: string) {
  // Animations and the caret would make two runs of one state look different.
  await page.screenshot({ path: path.join(DIR, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

test('screenshots of every main screen and state, light and dark', async ({ page, host, wbSim, context }) => {
  const pageErrors = collectPageErrors(page);

  // Loading: the core's answers are held back until the splash is on screen.
  let holding = true;
  const held: (() => void)[] = [];
  await page.routeWebSocket(/\/ipc/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => (holding ? held.push(() => ws.send(message)) : ws.send(message)));
  });
  await page.goto(host.url);
  await expect(page.locator('.splash')).toHaveText('Загрузка…');
  await save(page, '01-loading');
  holding = false;
  for (const send of held.splice(0)) send();

  await expect(page.getByTestId('onboarding')).toBeVisible();
  await save(page, '02-onboarding-empty');

  // The demo shop: inbox, detail, analytics.
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('count-all')).toHaveText('12');
  await save(page, '03-inbox-demo');
  await page.getByTestId('inbox-item').first().click();
  await expect(page.getByTestId('detail')).toBeVisible();
  await save(page, '04-detail-demo');
  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('chart-per-day').locator('canvas')).toBeVisible();
  await save(page, '05-analytics-demo');
  await page.getByTestId('chart-per-day').scrollIntoViewIfNeeded();
  await save(page, '05-analytics-demo-charts');

  // Every settings section.
  await page.getByTestId('nav-settings').click();
  for (const [index, section] of SECTIONS.entries()) {
    await page.getByTestId(`settings-nav-${section}`).click();
    await expect(page.getByTestId(`settings-section-${section}`)).toBeVisible();
    if (section !== 'connections' && section !== 'notifications' && section !== 'avitobot')
      await expect(page.getByTestId('reply-settings')).toBeVisible();
    await save(page, `06-settings-${index + 1}-${section}`);
  }

  // Dark, chosen in «Общие»: settings, inbox, detail, analytics.
  await page.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await save(page, '07-dark-settings-general');
  await page.getByTestId('settings-nav-connections').click();
  await save(page, '07-dark-settings-connections');
  await page.getByTestId('settings-nav-sla').click();
  await expect(page.getByTestId('working-hours-form')).toBeVisible();
  await save(page, '07-dark-settings-sla');
  await page.getByTestId('nav-inbox').click();
  await save(page, '08-dark-inbox');
  await page.getByTestId('inbox-item').nth(1).click();
  await expect(page.getByTestId('detail')).toBeVisible();
  await save(page, '09-dark-detail');
  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('chart-per-day').locator('canvas')).toBeVisible();
  await save(page, '10-dark-analytics');
  await page.getByTestId('chart-per-day').scrollIntoViewIfNeeded();
  await save(page, '10-dark-analytics-charts');

  // «Системная» follows the OS: dark from prefers-color-scheme, without data-theme.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-general').click();
  await page.getByTestId('theme-system').check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await page.emulateMedia({ colorScheme: 'dark' });
  const background = await page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(background).not.toBe(
    await page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor'),
  );
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('nav-inbox').click();
  await save(page, '11-dark-os-inbox');
  await page.emulateMedia({ colorScheme: 'light' });

  // A real shop: connect, the first sync, then WB refuses the token — the sync error.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-connections').click();
  await page.getByTestId('open-connect-wb').click();
  await page.getByTestId('token-input').fill(makeWbToken());
  await page.getByTestId('connect-wb').click();
  const progress = page.getByTestId('sync-progress');
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: SYNC_TIMEOUT });
  await save(page, '12-first-sync-done');
  await page.getByTestId('sync-progress-close').click();
  wbSim.control.inject({ match: 'fq', status: 401, times: 10 });
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-error-banner')).toBeVisible({ timeout: SYNC_TIMEOUT });
  await save(page, '13-sync-error');
  wbSim.control.clearFaults();

  // Offline: the machine has no network.
  await context.setOffline(true);
  await expect.poll(() => page.evaluate<boolean>('navigator.onLine')).toBe(false);
  await save(page, '14-offline');
  await context.setOffline(false);

  // «Подключения» with a real shop, and its two dialogs.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-connections').click();
  const shop = page.getByTestId('settings-account').first();
  await expect(shop.getByTestId('token-scopes')).toContainText('Вопросы и отзывы');
  await expect(shop.getByTestId('token-expiry')).toContainText('действует до');
  await save(page, '15-settings-connections-shop');
  await shop.getByTestId('replace-token').click();
  await page.getByTestId('replace-token-input').fill(makeWbToken({ sellerId: '99999999-9999-4999-8999-999999999999' }));
  await page.getByTestId('replace-submit').click();
  await expect(page.getByTestId('replace-error')).toContainText('другому продавцу');
  await save(page, '16-replace-token-other-seller');
  await page.keyboard.press('Escape');
  await shop.getByTestId('remove-shop').click();
  await page.getByTestId('remove-delete-data').check();
  await expect(page.getByTestId('remove-submit')).toBeDisabled();
  await save(page, '17-remove-shop-confirm');
  // Removed keeping its data: shown as «Отключён», its history still readable.
  await page.getByTestId('remove-delete-data').uncheck();
  await page.getByTestId('remove-submit').click();
  await expect(page.getByTestId('remove-dialog')).toHaveCount(0);
  await expect(page.getByTestId('account-disconnected')).toBeVisible();
  await save(page, '18-settings-shop-disconnected');

  expect(pageErrors).toEqual([]);
});

test('screenshots of the Avito states: connect dialog, an Avito chat, the bot settings', async ({ page, host }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox-item').first()).toBeVisible();

  // «Добавить Avito»: the dialog, a refused pair, then the simulator's pair.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-connections').click();
  await page.getByTestId('open-connect-avito').click();
  await expect(page.getByTestId('avito-connect-dialog')).toBeVisible();
  await save(page, '20-avito-connect-dialog');
  await page.getByTestId('avito-client-id').fill(DEFAULT_CLIENT_ID);
  await page.getByTestId('avito-client-secret').fill('wrong-secret');
  await page.getByTestId('avito-connect-submit').click();
  await expect(page.getByTestId('avito-connect-error')).toBeVisible();
  await save(page, '21-avito-connect-error');
  await page.getByTestId('avito-client-secret').fill(DEFAULT_CLIENT_SECRET);
  await page.getByTestId('avito-connect-submit').click();
  await expect(page.getByTestId('avito-connect-dialog')).toHaveCount(0);

  // An Avito chat: the item, the mode, the history.
  const row = page.locator('[data-testid="inbox-item"][data-channel="avito_chat"]').first();
  await expect(row).toBeVisible({ timeout: SYNC_TIMEOUT });
  const progressClose = page.getByTestId('sync-progress-close');
  if (await progressClose.isVisible()) await progressClose.click();
  await save(page, '22-avito-inbox');
  await row.click();
  await expect(page.getByTestId('avito-mode')).toBeVisible();
  await save(page, '23-avito-chat-detail');

  // The Avito account in «Подключения», and its bot settings with the handoff reasons open.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-connections').click();
  await expect(page.getByTestId('account-avito')).toBeVisible();
  await save(page, '24-avito-connections');
  await page.getByTestId('settings-nav-avitobot').click();
  await expect(page.getByTestId('settings-avito-bot')).toBeVisible();
  await page.getByTestId('avito-bot-reasons').locator('summary').click();
  await save(page, '25-avito-bot-settings');

  expect(pageErrors).toEqual([]);
});
