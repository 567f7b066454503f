import type { Page } from '@playwright/test';
import type { WbSim } from '../wb-sim/index';
import { expect, testWithRestartableSim } from './fixtures';
import { collectPageErrors, connectShop, shot, SYNC_TIMEOUT } from './reply-helpers';

/**
 * A seller's working day without the mouse (issue 11 items 3 and 10): connect, the first sync,
 * ten items answered with the keyboard only, a reply taken back within its 10 s hold and sent
 * again, WB gone while it waits and back again — delivered once. The simulator runs on a fixed
 * port so it can stop and start again (the same shop from the seed).
 */
const SIM_OPTIONS = { reviews: 300, questions: 120, chats: 8, seed: 17 } as const;

const test = testWithRestartableSim(SIM_OPTIONS);

test.use({ viewport: { width: 1280, height: 1000 } });

/** Every reply the simulator received with this text (answers, question answers, chat messages). */
function received(sim: WbSim, text: string): number {
  const recorded = sim.control.recorded();
  return [...recorded.feedbackAnswers, ...recorded.questionAnswers, ...recorded.chatMessages].filter(
    (answer) => answer.text === text,
  ).length;
}

const selectedRow = (page: Page) => page.locator('[data-testid="inbox-item"][aria-selected="true"]');
const selectedId = async (page: Page) => Number(await selectedRow(page).getAttribute('data-id'));
const list = (page: Page) => page.getByRole('listbox', { name: 'Обращения' });

test('a working day from the keyboard: triage ten items, undo a send, WB away and back, delivered once', async ({
  page,
  host,
  sim,
}, testInfo) => {
  test.setTimeout(240_000);
  const pageErrors = collectPageErrors(page);
  await connectShop(page, host.url);
  // Only what waits for an answer (a filter set once; the rest is keys).
  await page.getByTestId('filter-needs-response').check();
  await expect(page.getByTestId('inbox-item').first()).toBeVisible();

  // «?» lists the shortcuts; Esc closes it.
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(list(page)).toBeFocused();
  await page.keyboard.press('Shift+?');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('g затем i');
  await expect(help).toContainText('Ctrl+Enter');
  await shot(page, testInfo, 'shortcuts-help');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // j opens the first item; j / k move.
  await page.keyboard.press('j');
  await expect(selectedRow(page)).toHaveCount(1);
  const first = await selectedId(page);
  await page.keyboard.press('j');
  await expect.poll(() => selectedId(page)).not.toBe(first);
  await page.keyboard.press('k');
  await expect.poll(() => selectedId(page)).toBe(first);

  // Ten items: Enter, r, type, Ctrl+Enter — the next one opens, focus back on the list.
  const sent: string[] = [];
  for (let n = 1; n <= 10; n += 1) {
    const id = await selectedId(page);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('detail')).toBeFocused();
    await page.keyboard.press('r');
    const composer = page.getByTestId('reply-text');
    await expect(composer).toBeFocused();
    const text = `Спасибо, что написали! Ответ номер ${n} с клавиатуры.`;
    await page.keyboard.type(text);
    await expect(page.getByTestId('reply-send')).toBeEnabled();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => selectedId(page)).not.toBe(id);
    await expect(list(page)).toBeFocused();
    await expect(page.getByTestId('undo-toast')).toBeVisible();
    sent.push(text);
    if (n === 1) await shot(page, testInfo, 'undo-toast');
  }
  // Each goes out once its hold ends, once.
  await expect
    .poll(() => sent.map((text) => received(sim.current, text)), { timeout: SYNC_TIMEOUT })
    .toEqual(sent.map(() => 1));

  // Reply, undo with Ctrl+Z: nothing is sent, the item is open with the text back in its composer.
  const target = await selectedId(page);
  const undone = 'Спасибо за обращение! Этот ответ отменим.';
  await page.keyboard.press('r');
  await expect(page.getByTestId('reply-text')).toBeFocused();
  await page.keyboard.type(undone);
  await expect(page.getByTestId('reply-send')).toBeEnabled();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('undo-countdown')).toContainText('отправится через');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('undo-toast')).toHaveCount(0);
  await expect.poll(() => selectedId(page)).toBe(target);
  await expect(page.getByTestId('reply-text')).toHaveValue(undone);
  await expect(page.getByTestId('reply-text')).toBeFocused();
  await expect(page.getByTestId('reply-state')).toHaveCount(0);

  // Again, undone with the toast's button this time (the mouse's way).
  await expect(page.getByTestId('reply-send')).toBeEnabled();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('undo-send')).toBeVisible();
  await page.getByTestId('undo-send').click();
  await expect(page.getByTestId('reply-text')).toHaveValue(undone);
  await expect(page.getByTestId('reply-text')).toBeFocused();

  // WB goes away; the reply (new text) is sent again and stays queued, and the item says so.
  const port = sim.current.port;
  await sim.current.close();
  expect(received(sim.current, undone)).toBe(0);
  const final = 'Спасибо за обращение! Окончательный ответ.';
  await page.keyboard.press('Control+a');
  await page.keyboard.type(final);
  await expect(page.getByTestId('reply-text')).toHaveValue(final);
  await expect(page.getByTestId('reply-send')).toBeEnabled();
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => selectedId(page)).not.toBe(target);
  await expect(list(page)).toBeFocused();
  await page.keyboard.press('k');
  await expect.poll(() => selectedId(page)).toBe(target);
  const state = page.getByTestId('reply-state');
  await expect(state).toHaveAttribute('data-state', 'queued');
  // After the hold the dispatcher tries WB and finds it unreachable.
  await expect(state).toHaveText('Ожидает сети', { timeout: SYNC_TIMEOUT });
  await shot(page, testInfo, 'reply-waits-for-wb', state);

  // «e» edits the waiting reply; Ctrl+Enter saves it.
  const edited = 'Спасибо за обращение! Окончательный ответ, исправленный.';
  await page.keyboard.press('e');
  const editText = page.getByTestId('edit-text');
  await expect(editText).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(edited);
  await page.keyboard.press('Control+Enter');
  await expect(editText).toHaveCount(0);
  await expect(page.locator('.reply-own-text')).toHaveText(edited);
  await expect(state).toHaveAttribute('data-state', 'queued');

  // WB is back on the same address: the reply goes out by itself (its retry), once.
  const back = await sim.restart();
  expect(back.port).toBe(port);
  await expect(state).toHaveAttribute('data-state', /sent_pending|confirmed/, { timeout: 90_000 });
  expect(received(back, edited)).toBe(1);
  expect(received(back, final)).toBe(0);
  expect(received(back, undone)).toBe(0);
  expect(pageErrors).toEqual([]);
});
