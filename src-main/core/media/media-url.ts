/**
 * Which photo links core may download (issue 11 item 2, issue 12 item 3). The same rule as the API
 * layers' hosts: only the marketplaces' own image CDNs over https, no credentials or odd ports in
 * the URL.
 * - WB: feedbackNN / chat-basket-NN .wbbasket.ru. With AGENTIQ_WB_BASE_URL (tests, the simulator)
 *   every WB host goes to that one base, as the API groups do: `https://H/P` -> `<base>/wbbasket/H/P`.
 * - Avito [INF]: the spec's examples put chat images on img.k.avito.ru and avatars on www.avito.st;
 *   listing photos are served from NN.img.avito.st. Nothing documents the list: a host Avito adds
 *   is refused (shown as a link, not cached) until it is added here. With AGENTIQ_AVITO_BASE_URL
 *   (tests, `npm run avito-sim`) the simulator's own origin is allowed too, as it serves its images
 *   there; never without that override.
 */
const WB_IMAGE_HOST = /^[a-z0-9-]+\.wbbasket\.ru$/;
const AVITO_IMAGE_HOST = /^(?:img\.k\.avito\.ru|www\.avito\.st|img\.avito\.st|[0-9]{1,3}\.img\.avito\.st)$/;

export interface MediaBases {
  /** AGENTIQ_WB_BASE_URL. */
  wb?: string | null;
  /** AGENTIQ_AVITO_BASE_URL: links at this origin (the Avito simulator's images) are allowed as they are. */
  avito?: string | null;
}

export function mediaFetchUrl(link: string, { wb, avito }: MediaBases = {}): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (avito && sameOrigin(url, avito)) return url.href;
  if (url.protocol !== 'https:' || url.port) return null;
  if (AVITO_IMAGE_HOST.test(url.hostname)) return url.href;
  if (!WB_IMAGE_HOST.test(url.hostname)) return null;
  if (!wb) return url.href;
  return `${wb.replace(/\/+$/, '')}/wbbasket/${url.hostname}${url.pathname}${url.search}`;
}

function sameOrigin(url: URL, base: string): boolean {
  try {
    return new URL(base).origin === url.origin;
  } catch {
    return false;
  }
}
