// What the Avito API answers, shaped like the official Messenger spec (CONTRACT §2.1–2.3).
import { MEDIA_ORIGIN, priceString, type AvitoSimState, type SimChat, type SimMessage } from './store';

/** Content with stored media URLs pointing at the listening simulator. */
function withOrigin(content: Record<string, unknown>, origin: string): Record<string, unknown> {
  const json = JSON.stringify(content);
  return json.includes(MEDIA_ORIGIN)
    ? (JSON.parse(json.replaceAll(MEDIA_ORIGIN, origin)) as Record<string, unknown>)
    : content;
}

export function messageWire(m: SimMessage, origin: string): Record<string, unknown> {
  return {
    id: m.id,
    author_id: m.authorId,
    created: m.created,
    direction: m.direction,
    type: m.type,
    is_read: m.isRead,
    read: m.read,
    content: withOrigin(m.content, origin),
  };
}

export function chatWire(s: AvitoSimState, c: SimChat): Record<string, unknown> {
  const last = c.messages.at(-1);
  const avatar = (size: string) => `${s.baseUrl}/__img/avatar-${c.buyer.hash}/${size}.png`;
  const sizes = ['24x24', '36x36', '48x48', '64x64', '72x72', '96x96', '128x128', '192x192', '256x256'];
  return {
    id: c.id,
    created: c.created,
    updated: c.updated,
    context: c.item
      ? {
          type: 'item',
          value: {
            id: c.item.id,
            title: c.item.title,
            price_string: priceString(c.item.price),
            status_id: 10,
            url: c.item.url,
            user_id: s.sellerId,
            images: { count: 3, main: { '140x105': `${s.baseUrl}/__img/item-${c.item.id}/140x105.png` } },
          },
        }
      : // u2u chats have no item; the spec only documents type "item" [INF].
        { type: 'user', value: {} },
    users: [
      {
        id: c.buyer.id,
        name: c.buyer.name,
        public_user_profile: {
          user_id: c.buyer.id,
          item_id: c.item?.id ?? null,
          url: `https://www.avito.ru/user/${c.buyer.hash}/profile`,
          avatar: { default: avatar('256x256'), images: Object.fromEntries(sizes.map((x) => [x, avatar(x)])) },
        },
      },
      { id: s.sellerId, name: s.sellerName },
    ],
    last_message: last
      ? {
          id: last.id,
          author_id: last.authorId,
          created: last.created,
          direction: last.direction,
          type: last.type,
          content: withOrigin(last.content, s.baseUrl),
        }
      : null,
  };
}

/** The spec's error body `{error: {code, message}}` (CONTRACT §3). */
export const avitoError = (status: number, message: string) => ({ status, json: { error: { code: status, message } } });

/** The gateway's answer to an unknown path or verb (Kong, CONTRACT §3). */
export const noRoute = () => ({ status: 404, json: { message: 'no Route matched with those values' } });
