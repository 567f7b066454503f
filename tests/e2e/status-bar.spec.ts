import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim/index';
import { expect, test as hostTest } from './fixtures';
import {
  collectPageErrors,
  freePort,
  keepAppLinkOffTheNetwork,
  openUnanswered,
  shot,
  SYNC_TIMEOUT,
} from './reply-helpers';

/**
 * The status bar and desktop notifications (issue 11 items 6 and 7) against the WB simulator.
 * window.Notification is wrapped by an init script that records every notification the page
 * creates (the browser's own API, granted by the context) so the test can read and click them.
 */
const SIM_OPTIONS = { reviews: 2500, questions: 20, chats: 4, seed: 21, limits: false } as const;

const test = hostTest.extend<{ sim: WbSim }>({
  sim: async ({}, use) => {
    const sim = await startWbSimulator({ ...SIM_OPTIONS, port: await freePort() });
    try {
      await use(sim);
    } finally {
      await sim.close().catch(() => undefined);
    }
  },
  hostEnv: async ({ sim }, use) => use({ AGENTIQ_WB_BASE_URL: sim.url }),
});

test.use({ viewport: { width: 1280, height: 900 } });

/** The page's globals the init script adds (the spec is compiled without the DOM library). */
interface NoteOptions {
  body?: string;
  tag?: string;
}
interface PageGlobals {
  __notes: { title: string; body: string; tag: string }[];
  __noteObjects: { title: string; onclick: ((event: unknown) => void) | null }[];
  Notification: new (title: string, options?: NoteOptions) => { title: string };
  Event: new (type: string) => unknown;
}

test('status bar: progress, «Синхронизировано», notifications that open the item, WB gone, offline with the queue', async ({
  page,
  context,
  host,
  sim,
}, testInfo) => {
  test.setTimeout(120_000);
  const pageErrors = collectPageErrors(page);
  await context.grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const globals = globalThis as unknown as PageGlobals;
    const Real = globals.Notification;
    globals.__notes = [];
    globals.__noteObjects = [];
    class Recorded extends Real {
      constructor(title: string, options?: NoteOptions) {
        super(title, options);
        globals.__notes.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
        globals.__noteObjects.push(this as unknown as PageGlobals['__noteObjects'][number]);
      }
    }
    globals.Notification = Recorded;
  });
  await keepAppLinkOffTheNetwork(page);

  // A slow review page keeps the first sync going long enough to watch it.
  sim.control.inject({ match: 'feedbacks', method: 'GET', timeoutMs: 3_000, skip: 2 });
  await page.goto(host.url);
  await page.getByTestId('token-input').fill(makeWbToken());
  await page.getByTestId('connect-wb').click();
  const main = page.getByTestId('status-main');
  await expect(main).toHaveAttribute('data-kind', 'syncing', { timeout: SYNC_TIMEOUT });
  await expect(main).toContainText('Синхронизация');
  await expect(page.getByTestId('status-progress')).toBeVisible();
  await shot(page, testInfo, 'status-syncing', page.getByTestId('status-bar'));
  await expect(main).toHaveAttribute('data-kind', 'synced', { timeout: SYNC_TIMEOUT });
  await expect(main).toHaveText(/^Синхронизировано (только что|\d+ минут[уы]? назад)$/);
  await page.getByTestId('sync-progress-close').click();
  await shot(page, testInfo, 'status-synced', page.getByTestId('status-bar'));

  // The health panel: each channel's last run, the limits, the outbox.
  await page.getByTestId('status-health').click();
  const panel = page.getByTestId('health-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('health-run-review')).toHaveAttribute('data-outcome', 'ok');
  await expect(page.getByTestId('health-limit-feedbacks_questions')).toContainText('Отзывы и вопросы');
  await expect(page.getByTestId('health-outbox')).toContainText('В очереди: 0 ответов');
  await shot(page, testInfo, 'health-panel', panel);
  await page.getByTestId('health-close').click();

  // Notifications also outside working hours (the test may run on a weekend or at night).
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-notifications').click();
  const form = page.getByTestId('settings-notifications');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('notify-sound')).not.toBeChecked();
  await page.getByTestId('notify-outside-hours').check();
  await page.getByTestId('settings-save-notifications').click();
  await expect(form.locator('.form-ok')).toHaveText('Сохранено');
  await shot(page, testInfo, 'settings-notifications', form);
  await page.getByTestId('nav-inbox').click();

  // New buyer messages in two chats arrive with the next sync: notifications about chats (one of
  // them may be urgent by its priority; an urgent chat is announced as such, not twice).
  sim.control.addChatMessages(2, 1);
  await page.getByTestId('sync-now').click();
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__notes.length), { timeout: SYNC_TIMEOUT })
    .toBeGreaterThan(0);
  // The batch is decided at once: give a late second notification no chance to be missed.
  await page.waitForTimeout(2_000);
  const notes = await page.evaluate(() => (globalThis as unknown as PageGlobals).__notes);
  expect(notes.length).toBeGreaterThanOrEqual(1);
  expect(notes.length).toBeLessThanOrEqual(2);
  for (const note of notes) {
    expect(note.title).toMatch(/сообщени[ея] в чат|Новых сообщений в чатах: 2/);
    expect(note.body).toContain('Магазин');
  }

  // Clicking one opens the chat.
  await page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals;
    globals.__noteObjects[0]!.onclick?.(new globals.Event('click'));
  });
  await expect(page.getByTestId('detail')).toBeVisible();
  await expect(page.locator('[data-testid="inbox-item"][aria-selected="true"]')).toHaveAttribute(
    'data-channel',
    'chat',
  );
  await shot(page, testInfo, 'notification-opened-chat', page.getByTestId('detail'));

  // WB goes away: the sync fails and the bar says so, with «Повторить».
  await sim.close();
  await page.getByTestId('sync-now').click();
  await expect(main).toHaveAttribute('data-kind', /unreachable|error/, { timeout: SYNC_TIMEOUT });
  await expect(page.getByTestId('status-retry')).toBeVisible();
  await shot(page, testInfo, 'status-wb-unreachable', page.getByTestId('status-bar'));

  // The network goes too: a reply waits, and the bar counts it.
  await context.setOffline(true);
  await expect(main).toHaveAttribute('data-kind', 'offline');
  await expect(main).toHaveText('Нет сети');
  await openUnanswered(page, 'review');
  await page.getByTestId('reply-text').fill('Спасибо за отзыв! Рады, что покупка вам понравилась.');
  await page.getByTestId('reply-send').click();
  await expect(page.getByTestId('reply-state')).toHaveAttribute('data-state', 'queued');
  await expect(main).toHaveText('Нет сети — 1 ответ в очереди');
  await shot(page, testInfo, 'status-offline-queued', page.getByTestId('status-bar'));
  await context.setOffline(false);
  expect(pageErrors).toEqual([]);
});
