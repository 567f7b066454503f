import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test('analytics page on the demo shop: source labels, uPlot charts drawn, CSV downloads', async ({ page, host }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox')).toBeVisible();

  await page.getByTestId('nav-analytics').click();
  const screen = page.getByTestId('analytics');
  await expect(screen).toBeVisible();
  // Every figure says where it comes from: the demo shop's rows are demo data.
  await expect(screen.getByTestId('figure-source').first()).toHaveText('демо-данные');
  // The charts are uPlot canvases.
  for (const chart of ['chart-per-day', 'chart-ratings', 'chart-backlog'])
    await expect(page.getByTestId(chart).locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('problem-products')).toContainText('брак');

  await page.getByTestId('period-30').click();
  await expect(page.getByTestId('period-30')).toHaveClass(/active/);
  await page.getByTestId('scope-all').click();
  await expect(page.getByTestId('chart-per-day').locator('canvas')).toHaveCount(1);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-interactions').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^agentiq-interactions-all-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.slice(1).split('\r\n')[0]).toMatch(/^interaction_id;account_id;source;channel;/);
  // Codes are written as their Russian names (the core gives codes, the page names them).
  expect(csv).toContain(';демо-данные;отзыв;');
  expect(csv).not.toContain(';demo;review;');

  const [figures] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-analytics').click()]);
  expect(figures.suggestedFilename()).toMatch(/^agentiq-analytics-all-/);
  expect(readFileSync((await figures.path())!, 'utf8')).toContain('section;metric;key;value;sources');
  expect(pageErrors).toEqual([]);
});
