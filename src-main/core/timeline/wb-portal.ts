import type { Channel } from '../../../src-shared/domain/interaction';

/**
 * The WB seller-portal page of a step, opened in the system browser. WB documents no deep link to
 * one review, question or chat, so each channel opens its portal section:
 * - reviews: `feedbacks/feedbacks-tab/not-answered`, the page WB's own API description of
 *   `GET /api/v1/supplier-valuations` links to as «портал продавцов»;
 * - questions: the questions tab of the same page (`feedbacks/questions-tab/not-answered`), by
 *   analogy: not documented by WB;
 * - chats: `chat-with-clients`, the «веб-версия чатов с покупателями» WB's Buyers Chat guide links to.
 * Demo items are not on WB, so they have no page. Every URL is on SELLER_PORTAL_HOSTS
 * (src-main/app/external-links.ts), the only hosts the window may open.
 */
export const WB_PORTAL_SECTION: Record<Channel, string> = {
  review: 'https://seller.wildberries.ru/feedbacks/feedbacks-tab/not-answered',
  question: 'https://seller.wildberries.ru/feedbacks/questions-tab/not-answered',
  chat: 'https://seller.wildberries.ru/chat-with-clients',
};

export function wbPortalUrl(channel: Channel, source: string): string | null {
  return source === 'demo' ? null : WB_PORTAL_SECTION[channel];
}
