import { describe, expect, it } from 'vitest';
import { mediaFetchUrl } from '../../src-main/core/media/media-url';

describe('mediaFetchUrl: which image links core downloads', () => {
  it("allows Avito's image hosts over https as they are", () => {
    const chat = 'https://img.k.avito.ru/chat/1280x960/5083651369.3e798a9bf88345ae8fe85ff891266b24.jpg';
    expect(mediaFetchUrl(chat)).toBe(chat);
    expect(mediaFetchUrl('https://00.img.avito.st/image/1/abc.jpg')).toBe('https://00.img.avito.st/image/1/abc.jpg');
    expect(mediaFetchUrl('https://www.avito.st/stub_avatars/_/14_64x64.png')).not.toBeNull();
  });

  it('refuses look-alike Avito hosts, plain http, ports and credentials', () => {
    for (const link of [
      'https://img.k.avito.ru.evil.com/chat/a.jpg',
      'https://evil.com/img.k.avito.ru/a.jpg',
      'http://img.k.avito.ru/chat/a.jpg',
      'https://img.k.avito.ru:8443/chat/a.jpg',
      'https://user:pw@img.k.avito.ru/chat/a.jpg',
      'https://01-img-staging-proxy.k.avito.ru/140x105/1.jpg',
    ])
      expect(mediaFetchUrl(link), link).toBeNull();
  });

  it("allows the Avito simulator's origin only under AGENTIQ_AVITO_BASE_URL", () => {
    const link = 'http://127.0.0.1:4321/__img/abc/640x480.png';
    expect(mediaFetchUrl(link)).toBeNull();
    expect(mediaFetchUrl(link, { wb: 'http://127.0.0.1:4321' })).toBeNull();
    expect(mediaFetchUrl(link, { avito: 'http://127.0.0.1:4321' })).toBe(link);
    expect(mediaFetchUrl(link, { avito: 'http://127.0.0.1:9999' })).toBeNull();
  });

  it('keeps WB links going to the WB simulator base as before', () => {
    expect(mediaFetchUrl('https://feedback04.wbbasket.ru/vol1/a.webp', { wb: 'http://127.0.0.1:5000/' })).toBe(
      'http://127.0.0.1:5000/wbbasket/feedback04.wbbasket.ru/vol1/a.webp',
    );
  });
});
