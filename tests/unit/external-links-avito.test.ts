import { describe, expect, it } from 'vitest';
import { isSellerPortalUrl } from '../../src-main/app/external-links';

describe('external links: Avito (issue 12)', () => {
  it('an Avito item page or chat opens in the system browser', () => {
    expect(isSellerPortalUrl('https://www.avito.ru/moskva/velosipedy/stels_3456789012')).toBe(true);
    expect(isSellerPortalUrl('https://www.avito.ru/profile/messenger/channel/u2i-1')).toBe(true);
  });

  it('a look-alike host, plain http or credentials in the URL do not', () => {
    expect(isSellerPortalUrl('https://www.avito.ru.evil.com/x')).toBe(false);
    expect(isSellerPortalUrl('https://evilavito.ru/x')).toBe(false);
    expect(isSellerPortalUrl('http://www.avito.ru/x')).toBe(false);
    expect(isSellerPortalUrl('https://user:pw@www.avito.ru/x')).toBe(false);
  });
});
