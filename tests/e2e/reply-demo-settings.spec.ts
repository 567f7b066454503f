import { expect, test } from './fixtures';
import { collectPageErrors, shot } from './reply-helpers';

test.use({ viewport: { width: 1280, height: 1000 } });

test("demo shop: the reply box works for trying, sending shows core's «демо-магазин» note, nothing breaks", async ({
  page,
  host,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('count-all')).toHaveText('12');
  await page.getByTestId('tab-review').click();
  await page.getByTestId('filter-needs-response').check();
  await page.getByTestId('inbox-item').first().click();

  await page.getByTestId('draft-generate').click();
  await expect(page.getByTestId('reply-text')).not.toHaveValue('');
  await expect(page.getByTestId('reply-send')).toBeEnabled();
  await page.getByTestId('reply-send').click();
  const note = page.getByTestId('reply-error');
  await expect(note).toContainText('Это демо-магазин');
  await expect(note).toHaveClass(/reply-error-info/);
  // The text stays, and nothing was queued.
  await expect(page.getByTestId('reply-text')).not.toHaveValue('');
  await expect(page.getByTestId('reply-state')).toHaveCount(0);
  await shot(page, testInfo, 'demo-refusal', note);
  expect(pageErrors).toEqual([]);
});

test('«Настройки»: pending window with a Russian validation error, own template, auto-reply dry run', async ({
  page,
  host,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('count-all')).toHaveText('12');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-general').click();
  await expect(page.getByTestId('reply-settings')).toBeVisible();
  await expect(page.getByTestId('settings-scope')).toContainText('Демо-магазин');

  const window = page.getByTestId('settings-pending-window');
  await expect(window).toHaveValue('180');
  await window.fill('20');
  await expect(page.getByTestId('settings-invalid')).toHaveText('Укажите целое число минут от 30 до 1440');
  await expect(page.getByTestId('settings-save-pending')).toBeDisabled();
  await window.fill('240');
  await page.getByTestId('settings-save-pending').click();
  await expect(page.locator('.settings-card').first()).toContainText('Сохранено');

  // An own template for 5★ reviews, then it appears in the reply box's picker.
  await page.getByTestId('settings-nav-templates').click();
  await page.getByTestId('template-add').click();
  await page.getByTestId('template-folder').fill('Мои');
  await page.getByTestId('template-title').fill('Спасибо от команды');
  await page.getByTestId('template-text').fill('{имя}, спасибо! Команда[ «{товар}»] благодарит вас.');
  await page.getByTestId('template-form').getByText('5★').click();
  await page.getByTestId('template-save').click();
  await expect(page.getByTestId('own-template')).toHaveCount(1);
  await expect(page.getByTestId('own-template')).toContainText('Спасибо от команды');

  // Auto-replies: approve the template, keep dry run, and look at what would be sent.
  await page.getByTestId('settings-nav-autoreply').click();
  await page.getByTestId('settings-auto-enabled').check();
  await page.locator('.settings-card', { hasText: 'Автоответы' }).getByText('Спасибо от команды').click();
  await page.getByTestId('settings-save-auto').click();
  await expect(page.locator('.settings-card', { hasText: 'Автоответы' })).toContainText('Сохранено');
  await page.getByTestId('auto-reply-dry-run').click();
  // The demo shop has one unanswered positive 5★ review; our approved template would thank it.
  await expect(page.getByTestId('auto-reply-dry-result')).toContainText('Было бы отправлено: 1');
  await expect(page.getByTestId('auto-reply-dry-result')).toContainText('благодарит вас');
  await shot(page, testInfo, 'settings-top');
  await shot(page, testInfo, 'settings-bottom', page.getByTestId('auto-reply-dry-result'));

  // Persisted: a reload shows the saved window.
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-general').click();
  await expect(page.getByTestId('settings-pending-window')).toHaveValue('240');
  // Saving one section left the others alone.
  await page.getByTestId('settings-nav-templates').click();
  await expect(page.getByTestId('own-template')).toHaveCount(1);
  await page.getByTestId('settings-nav-autoreply').click();
  await expect(page.getByTestId('settings-auto-enabled')).toBeChecked();

  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('tab-review').click();
  const fiveStar = page
    .locator('[data-testid="inbox-item"][data-channel="review"]', { has: page.locator('.stars') })
    .first();
  await fiveStar.click();
  await expect(page.getByTestId('template-picker')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
