/**
 * Which photo links core may download (issue 11 item 2). The same rule as the WB API layer's
 * hosts: only WB's own image CDN over https (feedbackNN / chat-basket-NN .wbbasket.ru), no
 * credentials or odd ports in the URL. With AGENTIQ_WB_BASE_URL (tests, the simulator) every WB
 * host goes to that one base, as the API groups do: `https://H/P` -> `<base>/wbbasket/H/P`.
 */
const WB_IMAGE_HOST = /^[a-z0-9-]+\.wbbasket\.ru$/;

export function mediaFetchUrl(link: string, baseUrl: string | null | undefined): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  if (!WB_IMAGE_HOST.test(url.hostname)) return null;
  if (!baseUrl) return url.href;
  return `${baseUrl.replace(/\/+$/, '')}/wbbasket/${url.hostname}${url.pathname}${url.search}`;
}
