import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Uncaught exceptions in the page fail the test: a broken renderer must not pass by luck. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function openDemoItem(page: Page, tab: 'review' | 'question' | 'chat', text: string) {
  await page.getByTestId(`tab-${tab}`).click();
  const row = page.getByTestId('inbox-item').filter({ hasText: text });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('detail')).toHaveAttribute('aria-busy', 'false');
}

test('demo shop: an item with linked steps shows its thread, and a step opens in the app', async ({ page, host }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(host.url);
  await page.getByTestId('skip-onboarding').click();
  await expect(page.getByTestId('inbox-item')).toHaveCount(12);

  // Марина's 1★ kettle review and her chat are about the same order.
  await openDemoItem(page, 'review', 'Через неделю чайник перестал включаться');
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('История покупателя');
  await expect(thread).toContainText('покупатель и заказ');
  const steps = thread.getByTestId('thread-step');
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toContainText('это обращение');
  await expect(steps.nth(1)).toContainText('тот же заказ');
  await expect(steps.nth(1)).toContainText('Чайник не включается, что делать?');
  // Demo items are not on WB: no «Открыть на WB».
  await expect(thread.getByRole('link', { name: 'Открыть на WB' })).toHaveCount(0);

  // The product context: the kettle's complaint is listed under its problems.
  const product = page.getByTestId('product-context');
  await product.locator('summary').click();
  await expect(product).toContainText('Средняя оценка по неделям');
  await expect(product).toContainText('брак — 100 % (1)');

  // «Открыть» moves to the chat, whose thread has the review.
  await steps.nth(1).getByRole('button', { name: 'Открыть' }).click();
  await expect(page.getByTestId('detail').getByTestId('chat-message')).toHaveCount(4);
  await expect(page.getByTestId('thread').getByTestId('thread-step').nth(0)).toContainText('тот же заказ');

  // Алексей reviewed the sneakers, then asked about size 43: one buyer.
  await openDemoItem(page, 'question', 'Когда будет поступление 43 размера?');
  await expect(page.getByTestId('thread')).toContainText('покупатель');
  await expect(page.getByTestId('thread').getByTestId('thread-step').nth(0)).toContainText('тот же покупатель');
  await expect(page.getByTestId('buyer-history')).toContainText('по покупателю WB: 1');

  // His review was answered: «Взять ответ как шаблон» puts that answer into this question's reply box.
  const answer =
    'Алексей, спасибо за отзыв! Модель действительно маломерит на полразмера — мы добавили это в описание и советуем брать на размер больше.';
  const reviewStep = page.getByTestId('thread').getByTestId('thread-step').nth(0);
  await expect(reviewStep).toContainText(`Ответ: ${answer.slice(0, 60)}`);
  await expect(page.getByTestId('reply-text')).toHaveValue('');
  await reviewStep.getByRole('button', { name: 'Взять ответ как шаблон' }).click();
  await expect(page.getByTestId('reply-text')).toHaveValue(answer);
  await expect(page.getByTestId('draft-info')).toHaveText(
    'Из шаблона «ответ из истории» — проверьте и при необходимости поправьте текст.',
  );
  // Only the answered step offers it (the question itself is the thread's own step).
  await expect(page.getByTestId('thread').getByRole('button', { name: 'Взять ответ как шаблон' })).toHaveCount(1);

  // An item with nothing linked says so.
  await openDemoItem(page, 'question', 'Рост 168');
  await expect(page.getByTestId('thread')).toContainText('одно обращение');
  await expect(page.getByTestId('thread').getByTestId('thread-step')).toHaveCount(0);

  expect(pageErrors).toEqual([]);
});
