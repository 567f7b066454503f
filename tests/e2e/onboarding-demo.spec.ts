import type { Page } from '@playwright/test';
import { DEMO_ITEMS } from '../../src-main/core/demo/demo-data';
import { expect, test } from './fixtures';

const CHANNEL_COUNTS = { review: 5, question: 4, chat: 3 } as const;
const TOTAL = 12;

/** Uncaught exceptions in the page fail the test: a broken renderer must not pass by luck. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function expectDemoInbox(page: Page) {
  const rows = page.getByTestId('inbox-item');
  await expect(page.getByTestId('inbox')).toBeVisible();
  await expect(page.getByTestId('onboarding')).toHaveCount(0);
  await expect(rows).toHaveCount(TOTAL);
  await expect(page.getByTestId('count-all')).toHaveText(String(TOTAL));
  for (const [channel, count] of Object.entries(CHANNEL_COUNTS)) {
    await expect(page.getByTestId(`count-${channel}`)).toHaveText(String(count));
  }
  // Every row carries the «Демо» badge.
  for (const row of await rows.all()) {
    await expect(row.getByTestId('demo-badge')).toHaveText('Демо');
  }
}

test('onboarding → demo shop: 12 demo items, tab counts, chat history, survives reload', async ({ page, host }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);

  // First run: onboarding with the «Подключить WB» state.
  await expect(page.getByTestId('onboarding')).toBeVisible();
  await expect(page.getByTestId('token-input')).toBeVisible();
  await expect(page.getByTestId('connect-wb')).toBeVisible();
  await expect(page.getByTestId('connect-wb')).toHaveText('Подключить WB');
  await expect(page.getByTestId('inbox')).toHaveCount(0);

  const skip = page.getByTestId('skip-onboarding');
  await expect(skip).toHaveText('Пропустить, посмотрю сначала');
  await skip.click();

  await expectDemoInbox(page);

  // Each tab shows exactly its channel's rows.
  const rows = page.getByTestId('inbox-item');
  for (const [channel, count] of Object.entries(CHANNEL_COUNTS)) {
    await page.getByTestId(`tab-${channel}`).click();
    await expect(page.getByTestId(`tab-${channel}`)).toHaveAttribute('aria-selected', 'true');
    await expect(rows).toHaveCount(count);
    await expect(page.locator(`[data-testid="inbox-item"][data-channel="${channel}"]`)).toHaveCount(count);
  }

  // Chats: the whole history, oldest first, as core seeded it (4, 4 and 2 messages).
  const demoChats = DEMO_ITEMS.filter((item) => item.channel === 'chat');
  expect(demoChats.map((chat) => chat.messages?.length)).toEqual([4, 4, 2]);
  await page.getByTestId('tab-chat').click();
  await expect(rows).toHaveCount(CHANNEL_COUNTS.chat);
  for (const chat of demoChats) {
    const expected = [...(chat.messages ?? [])].sort((a, b) => b.hoursAgo - a.hoursAgo);
    const row = rows.filter({ hasText: chat.customer }).filter({ hasText: chat.text });
    await expect(row).toHaveCount(1);
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');

    const detail = page.getByTestId('detail');
    await expect(detail).toHaveAttribute('aria-busy', 'false');
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText(chat.customer);
    const bubbles = detail.getByTestId('chat-message');
    await expect(bubbles).toHaveCount(expected.length);
    // toContainText with an array: the bubbles contain these texts, in this order.
    await expect(bubbles).toContainText(expected.map((message) => message.text));
    const senders = await bubbles.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-sender')));
    expect(senders).toEqual(expected.map((message) => message.sender));
    if (expected.length === 4) expect(new Set(senders)).toEqual(new Set(['client', 'seller']));
  }

  // Reload: the demo shop is in the SQLite file now, so no onboarding again.
  await page.reload();
  await expectDemoInbox(page);
  await expect(page.getByTestId('tab-all')).toHaveAttribute('aria-selected', 'true');

  expect(pageErrors).toEqual([]);
});

test('the page without the secret gets 403, with it 200', async ({ page, host }) => {
  expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?s=[\w-]+$/);

  const withoutSecret = await page.goto(`${host.origin}/`);
  expect(withoutSecret?.status()).toBe(403);
  await expect(page.getByTestId('onboarding')).toHaveCount(0);

  const wrongSecret = await page.goto(`${host.origin}/?s=not-the-secret`);
  expect(wrongSecret?.status()).toBe(403);

  const indexWithoutSecret = await page.goto(`${host.origin}/index.html`);
  expect(indexWithoutSecret?.status()).toBe(403);

  const withSecret = await page.goto(host.url);
  expect(withSecret?.status()).toBe(200);
  await expect(page.getByTestId('onboarding')).toBeVisible();
});
