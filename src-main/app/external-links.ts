import { parseUrl } from './app-origin';

/**
 * Hosts the seller may open from the app in the system browser (WB seller portal and its
 * documentation). An exact list, not a suffix match: `seller.wildberries.ru.evil.com` or
 * `evilwildberries.ru` must never pass, and a buyer-facing wildberries.ru page is not needed.
 */
export const SELLER_PORTAL_HOSTS: ReadonlySet<string> = new Set([
  'seller.wildberries.ru',
  'seller-auth.wildberries.ru',
  'seller-services.wildberries.ru',
  'seller-weekly-report.wildberries.ru',
  'dev.wildberries.ru',
  'openapi.wildberries.ru',
  // Avito (issue 12): an Avito chat's item page and the chat itself («Открыть на Avito»).
  'www.avito.ru',
  'avito.ru',
]);

/** https only, default port, no credentials in the URL, host on the list above. */
export function isSellerPortalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    SELLER_PORTAL_HOSTS.has(parsed.hostname)
  );
}
