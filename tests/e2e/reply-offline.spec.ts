import { expect, testWithRestartableSim } from './fixtures';
import {
  collectPageErrors,
  connectShop,
  keepAppLinkOffTheNetwork,
  openUnanswered,
  shot,
  SYNC_TIMEOUT,
} from './reply-helpers';

/**
 * Replying through the outbox against the WB simulator (DESIGN §5). The simulator runs on a
 * fixed port so it can go away and come back: a restarted one regenerates the same shop from
 * the seed, with the same ids.
 */
const SIM_OPTIONS = { reviews: 40, questions: 20, chats: 4, seed: 11 } as const;

const test = testWithRestartableSim(SIM_OPTIONS);

test.use({ viewport: { width: 1280, height: 1000 } });

test('a reply written offline waits for the network, goes out once WB is back, and is published once', async ({
  page,
  context,
  host,
  sim,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await keepAppLinkOffTheNetwork(page);
  await connectShop(page, host.url);
  const { row } = await openUnanswered(page, 'review');
  const reviewText = (await page.locator('.detail-text').first().textContent())?.trim() ?? '';

  // WB goes away and so does the network.
  await sim.current.close();
  await context.setOffline(true);
  const ourText = 'Спасибо за отзыв! Рады, что покупка вам понравилась. Ждём вас снова.';
  await page.getByTestId('reply-text').fill(ourText);
  await expect(page.getByTestId('reply-send')).toBeEnabled();
  await page.getByTestId('reply-send').click();
  const state = page.getByTestId('reply-state');
  await expect(state).toHaveAttribute('data-state', 'queued');
  await expect(state).toHaveText('Ожидает сети');
  await expect(page.getByTestId('reply-cancel')).toBeVisible();
  await expect(row.getByTestId('row-reply-state')).toHaveText('Ожидает сети');
  await shot(page, testInfo, 'state-queued-offline', state);

  // WB is back (same shop from the seed), its review list still failing for a while so the
  // background sync cannot confirm the answer before we look at «Отправлено, ждём WB».
  const back = await sim.restart();
  back.control.inject({ match: '/api/v1/feedbacks', method: 'GET', status: 503, times: 10_000 });
  await context.setOffline(false);
  await expect(state).toHaveAttribute('data-state', 'sent_pending', { timeout: SYNC_TIMEOUT });
  await expect(state).toHaveText('Отправлено, ждём WB');
  await shot(page, testInfo, 'state-sent-pending', state);

  // A sync sees the answer on WB: published.
  back.control.clearFaults();
  await page.getByTestId('sync-now').click();
  await expect(state).toHaveAttribute('data-state', 'confirmed', { timeout: SYNC_TIMEOUT });
  await expect(state).toHaveText('Опубликовано');
  await expect(page.getByTestId('wb-answer')).toHaveText(ourText);
  await expect(page.getByTestId('reply-box')).toHaveCount(0);
  await expect(page.getByTestId('answer-edit')).toBeEnabled();
  await shot(page, testInfo, 'state-confirmed', state);

  const answers = back.control.recorded().feedbackAnswers;
  expect(answers).toHaveLength(1);
  expect(answers[0]!.text).toBe(ourText);
  expect(back.state.feedbackById.get(answers[0]!.id)?.text.trim()).toBe(reviewText);
  expect(pageErrors).toEqual([]);
});

test('a reply with «бот» or «вернём деньги» is blocked with the phrase named, and nothing is queued', async ({
  page,
  host,
  sim,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await connectShop(page, host.url);
  await openUnanswered(page, 'review');

  const text = page.getByTestId('reply-text');
  await text.fill('Здравствуйте! Это ответил бот, но мы вернём деньги за покупку.');
  const violations = page.getByTestId('reply-violation');
  await expect(violations).toHaveCount(2);
  await expect(violations.nth(0)).toContainText('бот');
  await expect(violations.nth(0).locator('mark')).toHaveText('бот');
  await expect(violations.nth(1)).toContainText('вернём деньги');
  await expect(violations.nth(1).locator('mark')).toHaveText('вернём деньги');
  await expect(page.getByTestId('reply-send')).toBeDisabled();
  await expect(page.getByTestId('reply-count')).toHaveText('62 / 5000');
  await shot(page, testInfo, 'reply-violations', page.getByTestId('reply-send'));

  // Ctrl+Enter does not get around it either; nothing reaches the outbox or WB.
  await text.press('Control+Enter');
  await expect(page.getByTestId('reply-state')).toHaveCount(0);
  expect(sim.current.control.recorded().feedbackAnswers).toHaveLength(0);

  // Fixed text: the violations go away and the send is possible again.
  await text.fill('Здравствуйте! Спасибо, что написали — разберёмся и поможем.');
  await expect(violations).toHaveCount(0);
  await expect(page.getByTestId('reply-send')).toBeEnabled();
  expect(pageErrors).toEqual([]);
});

test('a draft and a template fill the reply box; the draft is cached and «Другой вариант» regenerates', async ({
  page,
  host,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await connectShop(page, host.url);
  await openUnanswered(page, 'review');
  const text = page.getByTestId('reply-text');

  await page.getByTestId('draft-generate').click();
  await expect(text).not.toHaveValue('');
  await expect(page.getByTestId('draft-info')).toHaveAttribute('data-provider', 'offline');
  await expect(page.getByTestId('draft-info')).toHaveAttribute('data-cached', 'false');
  await expect(page.getByTestId('draft-regenerate')).toBeVisible();
  await page.getByTestId('draft-generate').click();
  await expect(page.getByTestId('draft-info')).toHaveAttribute('data-cached', 'true');
  await expect(page.getByTestId('draft-info')).toContainText('из кэша');
  await page.getByTestId('draft-regenerate').click();
  await expect(page.getByTestId('draft-info')).toHaveAttribute('data-cached', 'false');
  await shot(page, testInfo, 'reply-draft', page.getByTestId('reply-send'));

  const picker = page.getByTestId('template-picker');
  const firstTemplate = await picker.locator('option:not([value=""])').first().getAttribute('value');
  await picker.selectOption(firstTemplate!);
  await expect(page.getByTestId('draft-info')).toContainText('Из шаблона');
  await expect(text).not.toHaveValue(/\{имя\}|\{товар\}|\{артикул\}/);
  await expect(text).not.toHaveValue('');
  expect(pageErrors).toEqual([]);
});

test('WB answered elsewhere while ours waited: the conflict panel shows both, «Оставить ответ WB» discards ours', async ({
  page,
  context,
  host,
  sim,
}, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await keepAppLinkOffTheNetwork(page);
  await connectShop(page, host.url);
  await openUnanswered(page, 'review');
  const reviewText = (await page.locator('.detail-text').first().textContent())?.trim() ?? '';
  const feedback = [...sim.current.state.feedbackById.values()].find(
    (record) => record.text.trim() === reviewText && !record.answer,
  );

  await context.setOffline(true);
  await page.getByTestId('reply-text').fill('Спасибо за отзыв, нам очень приятно!');
  await page.getByTestId('reply-send').click();
  await expect(page.getByTestId('reply-state')).toHaveText('Ожидает сети');

  // The seller answers the same review in the WB portal meanwhile.
  expect(sim.current.control.answerInPortal('feedback', feedback!.id, 'Ответ из портала WB')).toBe(true);
  await context.setOffline(false);
  const panel = page.getByTestId('conflict-panel');
  await expect(panel).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expect(page.getByTestId('reply-state')).toHaveAttribute('data-state', 'conflict');
  await expect(page.getByTestId('conflict-wb-text')).toHaveText('Ответ из портала WB');
  await expect(page.getByTestId('conflict-our-text')).toHaveText('Спасибо за отзыв, нам очень приятно!');
  await shot(page, testInfo, 'conflict-panel', panel);

  await page.getByTestId('conflict-discard').click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('wb-answer')).toHaveText('Ответ из портала WB');
  expect(sim.current.control.recorded().feedbackAnswers).toHaveLength(0);
  expect(pageErrors).toEqual([]);
});

test('WB refuses a reply: «Ошибка» with the reason, «Повторить» sends it', async ({ page, host, sim }, testInfo) => {
  const pageErrors = collectPageErrors(page);
  await connectShop(page, host.url);
  await openUnanswered(page, 'question');
  sim.current.control.inject({ match: '/api/v1/questions', method: 'PATCH', status: 401, times: 5 });
  await page.getByTestId('reply-text').fill('Здравствуйте! Да, этот размер соответствует таблице в карточке.');
  await page.getByTestId('reply-send').click();
  const state = page.getByTestId('reply-state');
  await expect(state).toHaveAttribute('data-state', 'failed', { timeout: SYNC_TIMEOUT });
  await expect(state).toContainText('Ошибка: WB не принял токен');
  await expect(page.getByTestId('reply-edit')).toBeVisible();
  await shot(page, testInfo, 'state-failed', state);

  sim.current.control.clearFaults();
  await page.getByTestId('reply-retry').click();
  await expect(state).toHaveAttribute('data-state', 'sent_pending', { timeout: SYNC_TIMEOUT });
  expect(sim.current.control.recorded().questionAnswers).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});
