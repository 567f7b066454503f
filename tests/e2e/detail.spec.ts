import type { Page } from '@playwright/test';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim/index';
import { expect, test as hostTest } from './fixtures';
import { collectPageErrors, freePort, keepAppLinkOffTheNetwork, shot, SYNC_TIMEOUT } from './reply-helpers';

/**
 * The detail pane against the WB simulator (issue 11 item 2): a review's photos as thumbnails
 * cached by core (served from the app's own origin), opened full size, still shown once WB is
 * gone, with a placeholder for one never cached; and a guardrail finding underlined on its word in
 * the composer with the reason on hover.
 */
const SIM_OPTIONS = { reviews: 60, questions: 10, chats: 2, seed: 11 } as const;

const test = hostTest.extend<{ sim: WbSim }>({
  sim: async ({}, use) => {
    const sim = await startWbSimulator({ ...SIM_OPTIONS, port: await freePort() });
    try {
      await use(sim);
    } finally {
      await sim.close().catch(() => undefined);
    }
  },
  // The shop's token from the environment: this spec is about the detail, not the keychain.
  hostEnv: async ({ sim }, use) => use({ AGENTIQ_WB_BASE_URL: sim.url, AGENTIQ_WB_TOKEN: makeWbToken() }),
});

test.use({ viewport: { width: 1280, height: 1000 } });

/** The host syncs the environment's shop on start: the inbox with reviews. */
async function openSynced(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('tab-review').click();
  await expect(page.locator('[data-testid="inbox-item"][data-channel="review"]').first()).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
}

/** Opens review rows one by one from `from` until one shows `testId` (photos, a missing photo); returns its index. */
async function openReviewWithPhotos(page: Page, from = 0, testId = 'review-photos'): Promise<number> {
  const rows = page.locator('[data-testid="inbox-item"][data-channel="review"]');
  const count = await rows.count();
  for (let i = from; i < count; i++) {
    await rows.nth(i).click();
    const id = await rows.nth(i).getAttribute('data-id');
    await expect(page.getByTestId('detail')).toHaveAttribute('aria-busy', 'false');
    await expect(page.locator('.detail-body')).toBeVisible();
    // The detail shown is this row's (its photos come with it).
    await expect(rows.nth(i)).toHaveAttribute('data-id', id!);
    if ((await page.getByTestId('review-photos').count()) === 0) continue;
    // Photos downloaded (or their placeholders) settle before we look.
    await expect(page.getByTestId('photo-thumb').first().getByText('Загрузка…')).toHaveCount(0);
    if ((await page.getByTestId(testId).count()) > 0) return i;
  }
  throw new Error('no review with photos in the simulated shop');
}

test('a review’s photos: cached thumbnails, full size on click, still there without WB', async ({
  page,
  host,
  sim,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await keepAppLinkOffTheNetwork(page);
  await openSynced(page, host.url);
  await page.getByTestId('tab-review').click();

  const first = await openReviewWithPhotos(page);
  const thumb = page.getByTestId('photo-thumb').first();
  const img = thumb.locator('img');
  await expect(img).toBeVisible();
  await expect(img).toHaveAttribute('src', /^\/media\/[0-9a-f]{64}\.png$/);
  expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(24);
  await shot(page, testInfo, 'detail-photos', page.getByTestId('review-photos'));

  await thumb.click();
  const full = page.getByTestId('photo-full');
  await expect(full).toHaveAttribute('data-full', 'true');
  await expect.poll(() => full.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(96);
  await shot(page, testInfo, 'detail-photo-full');
  await page.keyboard.press('Escape');
  await expect(full).toHaveCount(0);

  // WB goes away: a review whose photos were never downloaded (answered ones are not fetched in
  // the background) shows placeholders; the first one's cached thumbnails still show.
  await sim.close();
  await openReviewWithPhotos(page, first + 1, 'photo-missing');
  await expect(page.getByTestId('photo-missing').first()).toHaveText('Фото недоступно офлайн');
  await shot(page, testInfo, 'detail-photos-offline', page.getByTestId('review-photos'));
  await page.locator('[data-testid="inbox-item"][data-channel="review"]').nth(first).click();
  await expect(page.getByTestId('photo-thumb').first().locator('img')).toBeVisible();
  expect(
    await page
      .getByTestId('photo-thumb')
      .first()
      .locator('img')
      .evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
  ).toBe(24);
  expect(pageErrors).toEqual([]);
});

test('a guardrail finding is underlined on its word in the composer, with the reason on hover', async ({
  page,
  host,
}, testInfo) => {
  await keepAppLinkOffTheNetwork(page);
  await openSynced(page, host.url);
  await page.getByTestId('tab-review').click();
  const filter = page.getByTestId('filter-needs-response');
  if (!(await filter.isChecked())) await filter.check();
  await page.locator('[data-testid="inbox-item"][data-channel="review"]').first().click();
  await expect(page.getByTestId('reply-box')).toBeVisible();
  await expect(page.getByTestId('detail-actions')).toBeVisible();

  await page.getByTestId('action-reply').click();
  await expect(page.getByTestId('reply-text')).toBeFocused();
  await page.keyboard.type('Здравствуйте! Отвечает вам не бот, а живой человек. Спасибо за отзыв!');
  const mark = page.getByTestId('guard-mark');
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveText('бот');
  await expect(mark).toHaveAttribute('data-severity', 'block');
  await expect(page.getByTestId('reply-send')).toBeDisabled();

  // The mark sits under the typed word: hovering the textarea there shows why.
  const box = (await mark.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = page.getByTestId('guard-tip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('Нельзя отправить');
  await expect(tip).toContainText('бот');
  await shot(page, testInfo, 'composer-guardrail-inline', page.getByTestId('reply-box'));

  // Typing on (the textarea is still the one focused element) and fixing the word clears the mark.
  await page.getByTestId('reply-text').fill('Здравствуйте! Отвечает вам живой человек. Спасибо за отзыв!');
  await expect(mark).toHaveCount(0);
  await expect(page.getByTestId('reply-send')).toBeEnabled();
});
