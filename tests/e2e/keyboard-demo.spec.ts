import { expect, test } from './fixtures';
import { collectPageErrors } from './reply-helpers';

/**
 * The shortcuts on the demo shop (no WB needed): navigation, search, the draft, templates, Esc,
 * and keys that are text while typing. The send / undo path runs in working-day.spec.ts.
 */
test('the keyboard reaches every screen and tool; keys typed into a field stay text', async ({ page, host }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox-item')).toHaveCount(12);
  const list = page.getByRole('listbox', { name: 'Обращения' });
  const selected = page.locator('[data-testid="inbox-item"][aria-selected="true"]');

  // g then a / s / i: the screens; back on the inbox the list has the focus.
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await expect(page.getByTestId('analytics')).toBeFocused();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByTestId('settings')).toBeFocused();
  // List keys do nothing off the inbox.
  await page.keyboard.press('j');
  await expect(page.getByTestId('settings')).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page.getByTestId('inbox')).toBeVisible();
  await expect(list).toBeFocused();

  // «/» searches; Esc clears the search and goes back to the list.
  await page.keyboard.press('/');
  const search = page.getByTestId('search-input');
  await expect(search).toBeFocused();
  await page.keyboard.type('размер');
  await expect(search).toHaveValue('размер');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(list).toBeFocused();
  await expect(page.getByTestId('inbox-item')).toHaveCount(12);

  // j opens the first item; «a» puts the AI draft into the composer and focuses it.
  await page.keyboard.press('j');
  await expect(selected).toHaveCount(1);
  const first = await selected.getAttribute('data-id');
  await page.keyboard.press('a');
  const composer = page.getByTestId('reply-text');
  await expect(composer).toBeFocused();
  await expect(composer).not.toHaveValue('');
  await expect(page.getByTestId('draft-info')).toBeVisible();

  // In the composer j, k, g, / are letters: nothing moves.
  await page.keyboard.press('Control+a');
  await page.keyboard.type('jk g/');
  await expect(composer).toHaveValue('jk g/');
  await expect(selected).toHaveAttribute('data-id', first!);

  // Esc leaves the composer for the list (the text stays); «t» opens the templates.
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();
  await expect(composer).toHaveValue('jk g/');
  await page.keyboard.press('t');
  await expect(page.getByTestId('template-picker')).toBeFocused();
  // The first Esc may close the open picker's popup; the next one (harmless on the list) leaves it.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();

  // «r» goes to the composer; k and j move from the list.
  await page.keyboard.press('r');
  await expect(composer).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await expect(selected).not.toHaveAttribute('data-id', first!);
  await page.keyboard.press('k');
  await expect(selected).toHaveAttribute('data-id', first!);

  // The Russian layout: «о» is j's key.
  await page.keyboard.press('j');
  await expect(selected).not.toHaveAttribute('data-id', first!);
  await page.dispatchEvent('[role="listbox"]', 'keydown', { key: 'л', code: 'KeyK', bubbles: true });
  await expect(selected).toHaveAttribute('data-id', first!);

  // «?» and Esc.
  await page.keyboard.press('Shift+?');
  await expect(page.getByTestId('shortcuts-help')).toBeVisible();
  await expect(page.getByTestId('shortcut-row')).toHaveCount(17);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-help')).toHaveCount(0);
  await expect(list).toBeFocused();
  expect(pageErrors).toEqual([]);
});
