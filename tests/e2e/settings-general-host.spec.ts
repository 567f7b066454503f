import { expect, test } from './fixtures';

/**
 * «Общие» in the headless host (issue 11 item 8): a page in a browser opens no folders and sets no
 * login item, so «Открыть папку» is not offered and start at login shows why instead of a switch.
 */
test('«Общие» in the host: the data folder without «Открыть папку», start at login with its reason', async ({
  page,
  host,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-general').click();
  await expect(page.getByTestId('data-dir')).not.toBeEmpty();
  await expect(page.getByTestId('open-data-folder')).toHaveCount(0);
  const loginItem = page.getByTestId('settings-login-item');
  await expect(loginItem).toContainText('Запуск при входе в систему настраивается в приложении AgentIQ Desktop.');
  await expect(page.getByTestId('login-item-toggle')).toHaveCount(0);
  expect(errors).toEqual([]);
});
