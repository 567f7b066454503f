import type { Locator, Page, TestInfo } from '@playwright/test';
import WebSocket from 'ws';
import { makeWbToken } from '../wb-sim/index';
import { expect } from './fixtures';

// Lives with the fixtures (the restartable simulator needs it); specs keep importing it from here.
export { freePort } from './fixtures';

/** A whole first sync on the simulator takes a few seconds; allow for a slow CI machine. */
export const SYNC_TIMEOUT = 45_000;

/**
 * Carries the page's link to the host (the WebSocket that stands in for Electron's IPC) through
 * this test process instead of the browser's network stack. Chromium's offline emulation
 * (`context.setOffline(true)`) also holds every frame of that socket, so the whole app would
 * freeze; in the Electron app that link is IPC and never goes offline — only WB does.
 */
export async function keepAppLinkOffTheNetwork(page: Page) {
  await page.routeWebSocket(/\/ipc\?/, (route) => {
    const server = new WebSocket(route.url());
    const waiting: string[] = [];
    server.on('open', () => waiting.splice(0).forEach((frame) => server.send(frame)));
    server.on('message', (data) => route.send(data.toString()));
    server.on('close', () => route.close());
    // The host stops at the end of a test while the page still tries to reconnect.
    server.on('error', () => route.close());
    route.onMessage((frame) =>
      server.readyState === WebSocket.OPEN ? server.send(String(frame)) : waiting.push(String(frame)),
    );
    route.onClose(() => server.close());
  });
}

export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** A screenshot for review; `focus` is scrolled into view first (the reply sits low in the pane). */
export async function shot(page: Page, testInfo: TestInfo, name: string, focus?: Locator) {
  if (focus) await focus.scrollIntoViewIfNeeded();
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Onboarding → token → the first sync done → the inbox with its progress view closed. */
export async function connectShop(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('token-input').fill(makeWbToken());
  await page.getByTestId('connect-wb').click();
  await expect(page.getByTestId('sync-progress')).toHaveAttribute('data-done', 'true', { timeout: SYNC_TIMEOUT });
  await page.getByTestId('sync-progress-close').click();
  await expect(page.getByTestId('inbox-item').first()).toBeVisible();
}

/** Opens the first unanswered item of a channel (with text) and returns its row. */
export async function openUnanswered(page: Page, channel: 'review' | 'question' | 'chat', index = 0) {
  await page.getByTestId(`tab-${channel}`).click();
  const filter = page.getByTestId('filter-needs-response');
  if (!(await filter.isChecked())) await filter.check();
  const row = page
    .locator(`[data-testid="inbox-item"][data-channel="${channel}"]`)
    .filter({ hasNot: page.locator('.row-text .muted') })
    .nth(index);
  await row.click();
  const id = await row.getAttribute('data-id');
  await expect(page.getByTestId('detail')).toBeVisible();
  await expect(page.getByTestId('reply-box')).toBeVisible();
  return { row, id: Number(id) };
}
