import type { Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './fixtures';

const TOTAL = 12;

/** What the host's own database says (read-only, beside the running host). */
function dbRows<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const sqlite = new BetterSqlite3(path.join(dataDir, 'agentiq.db'), { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

async function openDemo(page: Page, url: string) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox-item')).toHaveCount(TOTAL);
  return errors;
}

const rowIds = async (page: Page) =>
  await page.getByTestId('inbox-item').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-id'))));

test('snooze from the detail pane and the keyboard, it leaves the list and comes back; bulk mark viewed', async ({
  page,
  host,
}, testInfo) => {
  const errors = await openDemo(page, host.url);
  const rows = page.getByTestId('inbox-item');
  const [first, second, third, fourth] = await rowIds(page);

  // Open the first item and snooze it «Позже сегодня» from the detail pane: it leaves the list, the next one opens.
  await rows.first().click();
  await expect(page.getByTestId('detail')).toBeVisible();
  await page.getByTestId('snooze-button').click();
  await expect(page.getByTestId('snooze-menu')).toBeVisible();
  await expect(page.getByTestId('snooze-wake-now')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('snooze-menu.png') });
  await page.getByTestId('snooze-later-today').click();
  await expect(rows).toHaveCount(TOTAL - 1);
  await expect(page.locator(`[data-testid="inbox-item"][data-id="${first}"]`)).toHaveCount(0);
  await expect(page.locator(`[data-testid="inbox-item"][data-id="${second}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('bulk-notice')).toContainText('Отложено: 1.');
  const [snoozed] = dbRows<{ snoozed_until: string }>(
    host.dataDir,
    'SELECT snoozed_until FROM interactions WHERE id = ?',
    first,
  );
  expect(Date.parse(snoozed!.snoozed_until)).toBeGreaterThan(Date.now());

  // «Вернуть» brings it back.
  await page.getByTestId('snooze-undo').click();
  await expect(rows).toHaveCount(TOTAL);
  await expect(page.getByTestId('bulk-notice')).toContainText('Возвращено: 1.');

  // Keyboard: x selects the open item, s opens the bulk snooze; «Выбрать дату…» a day ahead.
  await page.locator(`[data-testid="inbox-item"][data-id="${second}"]`).click();
  await page.keyboard.press('x');
  await expect(page.getByTestId('bulk-count')).toHaveText('Выбрано: 1');
  await page.keyboard.press('s');
  await expect(page.getByTestId('snooze-menu')).toBeVisible();
  await page.getByTestId('snooze-pick-date').click();
  const tomorrow = new Date(Date.now() + 24 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await page
    .getByTestId('snooze-date-input')
    .fill(
      `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T${pad(tomorrow.getHours())}:${pad(tomorrow.getMinutes())}`,
    );
  await page.getByTestId('snooze-date-submit').click();
  await expect(rows).toHaveCount(TOTAL - 1);
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  // The item stays open in the detail pane, marked; «Вернуть сейчас» brings it back.
  await expect(page.getByTestId('detail').getByTestId('snooze-mark')).toContainText('Отложено до');
  await page.getByTestId('snooze-button').click();
  await page.getByTestId('snooze-wake-now').click();
  await expect(rows).toHaveCount(TOTAL);
  await expect(page.getByTestId('detail').getByTestId('snooze-mark')).toHaveCount(0);
  const events = dbRows<{ type: string }>(
    host.dataDir,
    "SELECT type FROM interaction_events WHERE interaction_id = ? AND type IN ('snoozed', 'unsnoozed') ORDER BY id",
    second,
  );
  expect(events.map((event) => event.type)).toEqual(['snoozed', 'unsnoozed']);

  // Bulk: a checkbox, then shift+click for the range; mark viewed.
  await page.locator(`[data-testid="inbox-item"][data-id="${second}"] [data-testid="row-select"]`).click();
  await page
    .locator(`[data-testid="inbox-item"][data-id="${fourth}"] [data-testid="row-select"]`)
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-count')).toHaveText('Выбрано: 3');
  // The dry run of auto-replies for the selection says why none would go (off in a fresh shop).
  await page.getByTestId('bulk-auto-reply').click();
  await expect(page.getByTestId('auto-reply-approval')).toBeVisible();
  await expect(page.getByTestId('auto-reply-item')).toHaveCount(3);
  await expect(page.getByTestId('auto-reply-approve')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('bulk-bar.png') });
  await page.getByTestId('auto-reply-approval').getByRole('button', { name: 'Закрыть' }).click();

  await page.getByTestId('bulk-mark-viewed').click();
  await expect(page.getByTestId('bulk-notice')).toContainText('Отмечено просмотренными: 3.');
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  // Focus is not lost with the bar: it is back on the list.
  await expect(page.getByRole('listbox')).toBeFocused();
  const viewed = dbRows<{ id: number }>(host.dataDir, 'SELECT id FROM interactions WHERE was_viewed = 1 ORDER BY id');
  expect(viewed.map((row) => row.id)).toEqual(expect.arrayContaining([second, third, fourth]));

  expect(errors).toEqual([]);
});
