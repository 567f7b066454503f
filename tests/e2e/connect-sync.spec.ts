import type { Page, TestInfo } from '@playwright/test';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim/index';
import { expect, test as hostTest } from './fixtures';

/**
 * Connecting a WB shop and syncing it, against the WB simulator: the host's WB base URL points
 * at a simulator started in this process, so faults can be injected mid-test.
 */
const test = hostTest.extend<{ wbSim: WbSim }>({
  wbSim: async ({}, use) => {
    const sim = await startWbSimulator({ reviews: 150, questions: 60, chats: 8, seed: 3 });
    try {
      await use(sim);
    } finally {
      await sim.close();
    }
  },
  hostEnv: async ({ wbSim }, use) => use({ AGENTIQ_WB_BASE_URL: wbSim.url }),
});

/** A whole first sync on the simulator takes a few seconds; allow for a slow CI machine. */
const SYNC_TIMEOUT = 45_000;

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function expectCounts(page: Page, counts: { review: number; question: number; chat: number }) {
  for (const [channel, count] of Object.entries(counts)) {
    await expect(page.getByTestId(`count-${channel}`)).toHaveText(String(count), { timeout: SYNC_TIMEOUT });
  }
  await expect(page.getByTestId('count-all')).toHaveText(String(counts.review + counts.question + counts.chat));
}

test('onboarding → connect WB → first sync fills the inbox; a 401 shows the banner, «Повторить» clears it', async ({
  page,
  host,
  wbSim,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  const sim = wbSim.control.counts();
  const expected = { review: sim.reviews.total, question: sim.questions.total, chat: sim.chats.total };
  expect(expected).toEqual({ review: 150, question: 60, chat: 8 });

  await page.goto(host.url);
  await expect(page.getByTestId('onboarding')).toBeVisible();
  const tokenInput = page.getByTestId('token-input');
  await expect(tokenInput).toHaveAttribute('type', 'password');
  // Pasted as sellers often do: with «Bearer » and stray spaces.
  await tokenInput.fill(`  Bearer ${makeWbToken()}  `);
  await page.getByTestId('token-toggle').click();
  await expect(tokenInput).toHaveAttribute('type', 'text');
  await page.getByTestId('account-name-input').fill('Мой магазин');
  await page.getByTestId('connect-wb').click();

  // The progress view appears with the inbox, one row per channel.
  const progress = page.getByTestId('sync-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('inbox')).toBeVisible();
  await expect(page.getByTestId('onboarding')).toHaveCount(0);
  for (const channel of ['review', 'question', 'chat'])
    await expect(page.getByTestId(`sync-progress-${channel}`)).toBeVisible();
  await shot(page, testInfo, 'progress-view');

  // The inbox fills as channels finish; the tab counts match the simulator's.
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: SYNC_TIMEOUT });
  for (const channel of ['review', 'question', 'chat']) {
    await expect(page.getByTestId(`sync-progress-${channel}`)).toHaveAttribute('data-state', 'done');
  }
  await expectCounts(page, expected);
  await expect(page.getByTestId('inbox-item').first()).toBeVisible();
  await expect(page.getByTestId('sync-status')).toContainText('Синхронизировано');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('sync-error-banner')).toHaveCount(0);
  await expect(page.getByTestId('connect-warnings')).toHaveCount(0);
  await expect(page.getByTestId('token-warning')).toHaveCount(0);
  await expect(page.locator('.sidebar')).toContainText('Мой магазин');
  await shot(page, testInfo, 'inbox-filled');

  // WB starts refusing the token: «Синхронизировать» → the banner with the token reason.
  wbSim.control.inject({ match: 'fq', status: 401, times: 10 });
  await page.getByTestId('sync-progress-close').click();
  await expect(progress).toHaveCount(0);
  await page.getByTestId('sync-now').click();
  const banner = page.getByTestId('sync-error-banner');
  await expect(banner).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expect(banner).toHaveAttribute('data-reason', 'wb_token_invalid');
  await expect(banner).toContainText('WB не принял токен');
  await expect(banner).toContainText('Отзывы');
  await expect(page.getByTestId('sync-retry')).toHaveText('Повторить');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'error');
  await shot(page, testInfo, 'error-banner');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-account')).toContainText('Мой магазин');
  await shot(page, testInfo, 'settings');
  await page.getByTestId('nav-inbox').click();

  // WB accepts it again: «Повторить» → the banner goes away, nothing was lost.
  wbSim.control.clearFaults();
  await page.getByTestId('sync-retry').click();
  await expect(banner).toHaveCount(0, { timeout: SYNC_TIMEOUT });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
  await expectCounts(page, expected);

  expect(pageErrors).toEqual([]);
});

test('a malformed token shows a clear error and creates no account', async ({ page, host }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await expect(page.getByTestId('onboarding')).toBeVisible();

  await page.getByTestId('token-input').fill('это-не-токен');
  await page.getByTestId('connect-wb').click();
  const error = page.getByTestId('connect-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('не похоже на токен WB');
  await expect(page.getByTestId('connect-wb')).toBeEnabled();
  await expect(page.getByTestId('inbox')).toHaveCount(0);

  // Editing the field clears the error; an empty token is refused before it reaches core.
  await page.getByTestId('token-input').fill('');
  await expect(error).toHaveCount(0);
  await page.getByTestId('connect-wb').click();
  await expect(error).toContainText('Вставьте API-токен');

  // Nothing was stored: a reload still lands on onboarding.
  await page.reload();
  await expect(page.getByTestId('onboarding')).toBeVisible();
  await expect(page.getByTestId('inbox')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('from the demo inbox: a reviews-only token expiring soon → warnings, chats «не входит в токен», switcher', async ({
  page,
  host,
  wbSim,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  const sim = wbSim.control.counts();
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('count-all')).toHaveText('12');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'demo');
  await expect(page.getByTestId('account-switcher')).toHaveCount(0);

  await page.getByTestId('connect-own-shop').click();
  await expect(page.getByTestId('connect-dialog')).toBeVisible();
  const token = makeWbToken({ scopes: ['feedbacks'], expiresAt: new Date(Date.now() + 5 * 86_400_000) });
  await page.getByTestId('token-input').fill(token);
  await shot(page, testInfo, 'connect-dialog');
  await page.getByTestId('connect-wb').click();
  await expect(page.getByTestId('connect-dialog')).toHaveCount(0);

  // Warnings about the token, the chat row is out of scope, the real shop is now shown.
  await expect(page.getByTestId('connect-warnings')).toContainText('Чат с покупателями');
  await expect(page.getByTestId('sync-progress-chat')).toHaveAttribute('data-state', 'uncovered');
  await expect(page.getByTestId('sync-progress-chat')).toContainText('не входит в токен');
  await expect(page.getByTestId('sync-progress')).toHaveAttribute('data-done', 'true', { timeout: SYNC_TIMEOUT });
  await expectCounts(page, { review: sim.reviews.total, question: sim.questions.total, chat: 0 });
  await expect(page.getByTestId('token-warning')).toContainText('истекает');
  await shot(page, testInfo, 'warnings');

  const switcher = page.getByTestId('account-switcher');
  // Two shops and «Все магазины».
  await expect(switcher.locator('option')).toHaveCount(3);
  await expect(switcher.locator('option:checked')).not.toContainText('демо');
  await expect(page.getByTestId('connect-own-shop')).toHaveCount(0);

  // Back to the demo shop and forth: the switcher changes the inbox.
  const demoId = await switcher.locator('option', { hasText: 'демо' }).getAttribute('value');
  await switcher.selectOption(demoId!);
  await expect(page.getByTestId('count-all')).toHaveText('12');
  await expect(page.getByTestId('sync-progress')).toHaveCount(0);
  await page.reload();
  // The explicit pick survives a reload.
  await expect(page.getByTestId('count-all')).toHaveText('12');
  await expect(page.getByTestId('account-switcher').locator('option:checked')).toContainText('демо');
  expect(pageErrors).toEqual([]);
});
