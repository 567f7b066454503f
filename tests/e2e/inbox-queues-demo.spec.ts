import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The rows' data-id values, top to bottom. */
const rowIds = (page: Page) =>
  page.getByTestId('inbox-item').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-id'))));

test('demo shop: queues with counts, orders, keyboard moves and the virtual list’s real total', async ({
  page,
  host,
}) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox-item')).toHaveCount(12);
  await expect(page.getByTestId('inbox-list')).toHaveAttribute('data-total', '12');
  await expect(page.getByTestId('queue-count-all')).toHaveText('12');
  await expect(page.getByTestId('queue-count-snoozed')).toHaveText('0');

  // «Обработаны» + «Без ответа» hold everything but the replies on their way (none in the demo).
  const done = Number(await page.getByTestId('queue-count-done').textContent());
  const unanswered = Number(await page.getByTestId('queue-count-unanswered').textContent());
  expect(done + unanswered).toBe(12);
  await page.getByTestId('queue-unanswered').click();
  await expect(page.getByTestId('inbox-item')).toHaveCount(unanswered);
  await expect(page.getByTestId('inbox-list')).toHaveAttribute('data-total', String(unanswered));
  await expect(page.getByTestId('row-sla').first()).toContainText(/осталось|просрочено на/);

  // Newest first: the rows' times only go back.
  await page.getByTestId('queue-all').click();
  await page.getByTestId('sort-select').selectOption('newest');
  await expect(page.getByTestId('inbox-item')).toHaveCount(12);
  const newest = await rowIds(page);
  await page.getByTestId('sort-select').selectOption('priority');
  await expect.poll(() => rowIds(page)).not.toEqual(newest);

  // Keyboard: ↓ selects the first row, End the last, Home the first again.
  await page.getByTestId('inbox-list').focus();
  await page.keyboard.press('ArrowDown');
  const first = page.getByTestId('inbox-item').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByTestId('inbox-item').last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  // Every row says where it came from.
  await expect(page.getByTestId('demo-badge')).toHaveCount(12);
  expect(pageErrors).toEqual([]);
});
