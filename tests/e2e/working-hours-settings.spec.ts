import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { collectPageErrors, shot } from './reply-helpers';

test.use({ viewport: { width: 1280, height: 1000 } });

/** Opens an unanswered item of the demo inbox by id and returns its «Ответить до» text. */
async function dueText(page: Page, id: string) {
  await page.getByTestId('nav-inbox').click();
  await page.locator(`[data-testid="inbox-item"][data-id="${id}"]`).click();
  const due = page.locator('.fact', { hasText: 'Ответить до' }).locator('dd');
  await expect(due).toBeVisible();
  return due;
}

test('«Рабочие часы»: a working Saturday, a lunch break, a holiday and another zone are saved and kept; a bad interval is refused and nothing is saved', async ({
  page,
  host,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('count-all')).toHaveText('12');

  // An unanswered item's due time under the default schedule (Mon–Fri 09:00–18:00, Moscow).
  await page.getByTestId('filter-needs-response').check();
  const itemId = (await page.getByTestId('inbox-item').first().getAttribute('data-id'))!;
  const dueBefore = await (await dueText(page, itemId)).textContent();

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-sla').click();
  const form = page.getByTestId('working-hours-form');
  await expect(form).toBeVisible();
  // Whose settings these are.
  await expect(form).toContainText('Магазин «Демо-магазин»');
  await expect(page.getByTestId('hours-working-sat')).not.toBeChecked();
  await expect(page.getByTestId('hours-day-sat')).toContainText('выходной');
  await expect(page.getByTestId('hours-time-zone')).toHaveValue('Europe/Moscow');
  await expect(page.getByTestId('hours-time-zone').locator('option').first()).toHaveText('Москва (UTC+3)');

  // Saturday becomes a short working day.
  await page.getByTestId('hours-working-sat').check();
  await expect(page.getByTestId('hours-from-sat-0')).toHaveValue('09:00');
  await page.getByTestId('hours-from-sat-0').fill('10:00');
  await page.getByTestId('hours-to-sat-0').fill('16:00');
  // Monday gets a lunch break: two intervals.
  await page.getByTestId('hours-to-mon-0').fill('13:00');
  await page.getByTestId('hours-add-mon').click();
  await expect(page.getByTestId('hours-from-mon-1')).toHaveValue('14:00');
  await page.getByTestId('hours-to-mon-1').fill('18:00');
  // Another zone and a holiday.
  await page.getByTestId('hours-time-zone').selectOption('Asia/Yekaterinburg');
  await page.getByTestId('hours-holiday-input').fill('2027-01-11');
  await page.getByTestId('hours-holiday-add').click();
  await expect(form.getByTestId('hours-holiday')).toHaveCount(1);
  await expect(form.getByTestId('hours-holiday')).toContainText('11 января 2027');
  await expect(form.getByTestId('settings-invalid')).toHaveCount(0);
  await page.getByTestId('settings-save-hours').click();
  await expect(form).toContainText('Сохранено');
  await shot(page, testInfo, 'working-hours-saved', form);

  // Kept after a reload.
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-sla').click();
  await expect(page.getByTestId('hours-working-sat')).toBeChecked();
  await expect(page.getByTestId('hours-from-sat-0')).toHaveValue('10:00');
  await expect(page.getByTestId('hours-to-sat-0')).toHaveValue('16:00');
  await expect(page.getByTestId('hours-to-mon-0')).toHaveValue('13:00');
  await expect(page.getByTestId('hours-from-mon-1')).toHaveValue('14:00');
  await expect(page.getByTestId('hours-to-mon-1')).toHaveValue('18:00');
  await expect(page.getByTestId('hours-working-sun')).not.toBeChecked();
  await expect(page.getByTestId('hours-time-zone')).toHaveValue('Asia/Yekaterinburg');
  await expect(form.getByTestId('hours-holiday')).toHaveAttribute('data-date', '2027-01-11');

  // An interval that ends before it starts is refused in Russian before anything is sent.
  await page.getByTestId('hours-from-tue-0').fill('18:00');
  await page.getByTestId('hours-to-tue-0').fill('09:00');
  await expect(form.getByTestId('hours-interval-error')).toHaveText(
    'Начало должно быть раньше конца (после полуночи — отдельным интервалом с 00:00)',
  );
  await expect(form.getByTestId('settings-invalid')).toHaveText(
    'Вт: начало должно быть раньше конца (после полуночи — отдельным интервалом с 00:00)',
  );
  await expect(page.getByTestId('settings-save-hours')).toBeDisabled();
  await page.getByTestId('hours-to-tue-0').press('Enter');
  // Overlapping intervals too.
  await page.getByTestId('hours-from-tue-0').fill('09:00');
  await page.getByTestId('hours-to-tue-0').fill('18:00');
  await page.getByTestId('hours-add-tue').click();
  await page.getByTestId('hours-from-tue-1').fill('17:00');
  await expect(form.getByTestId('settings-invalid')).toHaveText('Вт: интервалы пересекаются');
  await expect(page.getByTestId('settings-save-hours')).toBeDisabled();
  await page.getByTestId('hours-to-tue-0').fill('25:00');
  await expect(form.getByTestId('settings-invalid')).toHaveText('Вт: время в формате ЧЧ:ММ, например 09:00');
  await shot(page, testInfo, 'working-hours-invalid', form);

  // Nothing of it was saved.
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-sla').click();
  await expect(page.getByTestId('hours-from-tue-0')).toHaveValue('09:00');
  await expect(page.getByTestId('hours-to-tue-0')).toHaveValue('18:00');
  await expect(page.getByTestId('hours-from-tue-1')).toHaveCount(0);
  await expect(page.getByTestId('hours-time-zone')).toHaveValue('Asia/Yekaterinburg');

  // Core re-assessed the inbox with the new schedule: the same item is due at another time.
  const dueAfter = await dueText(page, itemId);
  await expect(dueAfter).not.toHaveText(dueBefore!);
  expect(pageErrors).toEqual([]);
});
