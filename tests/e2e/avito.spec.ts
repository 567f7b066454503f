import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startAvitoSimulator, type AvitoSim } from '../avito-sim/index';
import { expect, test as hostTest } from './fixtures';
import { collectPageErrors, shot, SYNC_TIMEOUT } from './reply-helpers';

/**
 * Avito in the inbox (issue 12 item 9), end to end in the headless host against the Avito
 * simulator and a fake OpenAI-compatible AI server: connect an Avito account → its chats appear →
 * a chat in BOT mode gets the bot's answer → the buyer asks for a person → the chat moves to
 * MANAGER with a sound and a desktop notification → the seller answers by hand.
 *
 * window.Notification is wrapped by an init script (as in status-bar.spec.ts) that records every
 * notification; the chime counts itself in `__agentiqChimes` (a sound cannot be heard headless).
 */

const BOT_ANSWER = 'Да, отправляем Авито Доставкой по всей России, обычно за 2–4 дня.';
const SELLER_ANSWER = 'Здравствуйте! Я менеджер магазина, сейчас всё уточню.';

interface AiFake {
  baseUrl: string;
  requests: number;
  server: Server;
}

/** An OpenAI-compatible chat completions server that always answers with BOT_ANSWER. */
async function startAiFake(): Promise<AiFake> {
  const fake = { baseUrl: '', requests: 0 } as AiFake;
  fake.server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      fake.requests += 1;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: 'x', choices: [{ index: 0, message: { role: 'assistant', content: BOT_ANSWER } }] }));
    });
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v1`;
  return fake;
}

const test = hostTest.extend<{ avitoSim: AvitoSim; ai: AiFake; knowledgeDir: string }>({
  avitoSim: async ({}, use) => {
    const sim = await startAvitoSimulator({ chats: 6, seed: 12, u2uShare: 0 });
    try {
      await use(sim);
    } finally {
      await sim.close().catch(() => undefined);
    }
  },
  ai: async ({}, use) => {
    const fake = await startAiFake();
    try {
      await use(fake);
    } finally {
      fake.server.closeAllConnections();
      await new Promise((resolve) => fake.server.close(resolve));
    }
  },
  knowledgeDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'agentiq-knowledge-'));
    await writeFile(
      path.join(dir, 'faq.md'),
      [
        'В: Есть ли доставка в другой город?',
        'О: Да, отправляем Авито Доставкой по всей России, срок 2–4 дня.',
        '',
        'В: Можно ли забрать самовывозом?',
        'О: Да, самовывоз из Москвы, м. Сокол, по договорённости.',
        '',
      ].join('\n'),
    );
    try {
      await use(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  // Pacing off: the simulator answers at once and the test need not wait a second per request.
  hostEnv: async ({ avitoSim }, use) => use({ AGENTIQ_AVITO_BASE_URL: avitoSim.url, AGENTIQ_WB_PACING: 'off' }),
});

test.use({ viewport: { width: 1280, height: 900 } });

interface NoteOptions {
  body?: string;
  tag?: string;
}
interface PageGlobals {
  __notes: { title: string; body: string; tag: string }[];
  __noteObjects: { title: string; onclick: ((event: unknown) => void) | null }[];
  __agentiqChimes?: number;
  Notification: new (title: string, options?: NoteOptions) => { title: string };
  Event: new (type: string) => unknown;
}

async function recordNotifications(page: Page) {
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
}

const notes = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__notes);
const chimes = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__agentiqChimes ?? 0);

async function openSettings(page: Page, section: string) {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId(`settings-nav-${section}`).click();
  await expect(page.getByTestId(`settings-section-${section}`)).toBeVisible();
}

test('Avito: connect, chats appear, the bot answers, a handoff with sound and notification, the seller answers', async ({
  page,
  context,
  host,
  avitoSim,
  ai,
  knowledgeDir,
}, testInfo) => {
  test.setTimeout(180_000);
  const pageErrors = collectPageErrors(page);
  await context.grantPermissions(['notifications']);
  await recordNotifications(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox-item').first()).toBeVisible();

  // 1. «Добавить Avito»: a wrong secret is refused in Russian and nothing is stored; the right pair connects.
  await openSettings(page, 'connections');
  await page.getByTestId('open-connect-avito').click();
  const dialog = page.getByTestId('avito-connect-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('avito-client-secret')).toHaveAttribute('type', 'password');
  await page.getByTestId('avito-client-id').fill(DEFAULT_CLIENT_ID);
  await page.getByTestId('avito-client-secret').fill('not-the-secret');
  await page.getByTestId('avito-connect-submit').click();
  await expect(page.getByTestId('avito-connect-error')).toContainText('Avito не принял client_id и client_secret');
  await shot(page, testInfo, 'avito-connect-bad-credentials', dialog);
  await page.getByTestId('avito-client-secret').fill(DEFAULT_CLIENT_SECRET);
  await page.getByTestId('avito-connect-submit').click();
  await expect(dialog).toHaveCount(0);

  // 2. The first sync brings the chats: Avito rows with their marker and mode.
  const avitoRows = page.locator('[data-testid="inbox-item"][data-channel="avito_chat"]');
  await expect(avitoRows.first()).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expect(avitoRows.first().getByTestId('row-avito')).toContainText('Avito');
  const progressClose = page.getByTestId('sync-progress-close');
  if (await progressClose.isVisible()) await progressClose.click();

  // 3. The account's AI provider (the fake server) and the bot: on, sending, the knowledge folder.
  await openSettings(page, 'ai');
  await page.getByTestId('settings-ai-openai').check();
  await page.getByTestId('settings-ai-base-url').fill(ai.baseUrl);
  await page.getByTestId('settings-ai-model').fill('fake-model');
  await page.getByTestId('settings-save-ai').click();
  await page.getByTestId('settings-ai-key').fill('sk-fake-key-for-e2e');
  await page.getByTestId('settings-ai-key-save').click();
  await expect(page.getByTestId('settings-ai-key-stored')).toBeVisible();

  await openSettings(page, 'avitobot');
  const botForm = page.getByTestId('settings-avito-bot');
  await page.getByTestId('avito-bot-enabled').check();
  await page.getByTestId('avito-bot-dry-run').uncheck();
  await page.getByTestId('avito-bot-knowledge-dir').fill(knowledgeDir);
  await page.getByTestId('settings-save-avito-bot').click();
  await expect(botForm.locator('.form-ok')).toHaveText('Сохранено');
  await shot(page, testInfo, 'avito-bot-settings', botForm);

  // Notifications with the sound, also outside working hours (the test may run at night).
  await openSettings(page, 'notifications');
  await page.getByTestId('notify-sound').check();
  await page.getByTestId('notify-outside-hours').check();
  await page.getByTestId('settings-save-notifications').click();
  await expect(page.getByTestId('settings-notifications').locator('.form-ok')).toHaveText('Сохранено');

  // 4. One chat to the bot («Передать боту»), then its buyer asks something the knowledge base answers.
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('marketplace-select').selectOption('avito');
  await avitoRows.first().click();
  const mode = page.getByTestId('avito-mode');
  await expect(mode).toBeVisible();
  await expect(page.getByTestId('avito-item')).toBeVisible();
  if ((await mode.getAttribute('data-mode')) === 'manager') await page.getByTestId('avito-to-bot').click();
  await expect(mode).toHaveAttribute('data-mode', 'bot');
  const chatId = (await mode.getAttribute('data-chat-id'))!;
  await page.getByTestId('queue-bot').click();
  await expect(page.locator('[data-testid="row-avito-mode"][data-mode="bot"]').first()).toBeVisible();

  avitoSim.control.buyerWrites(chatId, 'Здравствуйте! Есть ли доставка в другой город?');
  await page.getByTestId('sync-now').click();
  const answer = page.locator('[data-testid="avito-bot-entry"][data-kind="answer"]');
  await expect(answer).toContainText(BOT_ANSWER, { timeout: SYNC_TIMEOUT });
  expect(ai.requests).toBeGreaterThan(0);
  await expect.poll(() => avitoSim.control.sendsWithText(BOT_ANSWER), { timeout: SYNC_TIMEOUT }).toBe(1);
  await shot(page, testInfo, 'avito-bot-answered', page.getByTestId('detail'));
  const notesBefore = (await notes(page)).length;
  const chimesBefore = await chimes(page);

  // 5. The buyer asks for a person: the chat goes to MANAGER with the reason, a sound and a notification.
  // The seller is elsewhere (another queue), so nothing holds the notification back.
  await page.getByTestId('queue-all').click();
  avitoSim.control.buyerWrites(chatId, 'Позовите, пожалуйста, менеджера');
  await page.getByTestId('sync-now').click();
  await expect
    .poll(async () => (await notes(page)).slice(notesBefore).map((note) => note.title), { timeout: SYNC_TIMEOUT })
    .toContain('Чат Avito передан вам');
  const handoffNote = (await notes(page)).slice(notesBefore).find((note) => note.title === 'Чат Avito передан вам')!;
  expect(handoffNote.body).toContain('покупатель просит человека');
  expect(await chimes(page)).toBeGreaterThan(chimesBefore);

  // Clicking the notification opens the chat: MANAGER, the reason shown, in the «Менеджер» queue.
  await page.evaluate((index) => {
    const globals = globalThis as unknown as PageGlobals;
    const note = globals.__noteObjects.slice(index).find((candidate) => candidate.title === 'Чат Avito передан вам');
    note?.onclick?.(new globals.Event('click'));
  }, notesBefore);
  await expect(mode).toHaveAttribute('data-mode', 'manager');
  await expect(mode).toHaveAttribute('data-chat-id', chatId);
  await expect(page.getByTestId('avito-handoff-reason')).toHaveText('Передан менеджеру: покупатель просит человека');
  await page.getByTestId('queue-manager').click();
  await expect(page.locator('[data-testid="row-avito-mode"][data-mode="manager"]').first()).toBeVisible();
  await shot(page, testInfo, 'avito-handoff', page.getByTestId('detail'));

  // 6. The seller answers by hand: the message reaches Avito once.
  await page.getByTestId('reply-text').fill(SELLER_ANSWER);
  await page.getByTestId('reply-send').click();
  await expect.poll(() => avitoSim.control.sendsWithText(SELLER_ANSWER), { timeout: SYNC_TIMEOUT }).toBe(1);
  await shot(page, testInfo, 'avito-seller-answered', page.getByTestId('detail'));

  // 7. While the seller is typing in this chat, its new buyer message makes no sound and no notification.
  await page.getByTestId('reply-text').fill('Уточняю наличие');
  await expect(page.getByTestId('reply-text')).toBeFocused();
  const quietNotes = (await notes(page)).length;
  const quietChimes = await chimes(page);
  avitoSim.control.buyerWrites(chatId, 'А цвет синий есть?');
  await page.getByTestId('sync-now').click();
  // The click took the focus: back to the reply box at once (a notification is decided 1.5 s after its event).
  await page.getByTestId('reply-text').focus();
  await expect(page.locator('[data-testid="chat-message"]').filter({ hasText: 'А цвет синий есть?' })).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
  // Past the notification batch window (1.5 s): anything it would show has been shown by now.
  await page.waitForTimeout(2_500);
  expect((await notes(page)).slice(quietNotes)).toEqual([]);
  expect(await chimes(page)).toBe(quietChimes);

  expect(pageErrors).toEqual([]);
});
