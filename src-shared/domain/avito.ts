/**
 * Avito Messenger shapes the core works with (issue 12), as plain data: what helper code reading
 * the wire (core/avito) hands to the writer (core/avito-sync). Field names follow the contract
 * (shared/avito-api/CONTRACT.md §2.1–2.3) in camelCase; times are Avito's unix seconds.
 */

/** An Avito chat's routing mode and item, as the detail pane shows them (in place of WB's product card). */
export interface AvitoChatView {
  mode: AvitoChatMode;
  modeChangedAt: string | null;
  item: { id: string | null; title: string | null; price: string | null; url: string | null; imageUrl: string | null };
}

/** A chat is answered by the bot or by a person (issue 12 item 5). */
export const AVITO_CHAT_MODES = ['bot', 'manager'] as const;
export type AvitoChatMode = (typeof AVITO_CHAT_MODES)[number];

/** Message types of the v3 messages list (CONTRACT §2.3). Unknown future types are kept as 'unsupported'. */
export const AVITO_MESSAGE_TYPES = [
  'text',
  'image',
  'link',
  'item',
  'location',
  'call',
  'deleted',
  'voice',
  'system',
] as const;
export type AvitoMessageType = (typeof AVITO_MESSAGE_TYPES)[number] | 'unsupported';

/** MessageContent: every field nullable; the one filled matches the type (CONTRACT §2.3). */
export interface AvitoMessageContent {
  text?: string | null;
  image?: { sizes: Record<string, string> } | null;
  link?: { text?: string | null; url?: string | null } | null;
  item?: {
    title?: string | null;
    item_url?: string | null;
    image_url?: string | null;
    price_string?: string | null;
  } | null;
  location?: { lat?: number; lon?: number; text?: string | null; title?: string | null } | null;
  call?: { status?: string | null; target_user_id?: number | null } | null;
  voice?: { voice_id: string } | null;
  /** Which of Avito's own chat-bots sent a `system` message. */
  flow_id?: string | null;
}

export interface AvitoMessage {
  id: string;
  authorId: number;
  /** Unix seconds. */
  created: number;
  direction: 'in' | 'out';
  type: AvitoMessageType;
  content: AvitoMessageContent;
  isRead?: boolean;
}

/** The item a chat is about (context.type 'item'): shown in place of WB's product card. */
export interface AvitoChatItem {
  /** Real ids exceed 2^31 (CONTRACT §5): kept as text. */
  id: string;
  title: string | null;
  priceString: string | null;
  url: string | null;
  imageUrl: string | null;
}

/** One chat of the v2 list or get (CONTRACT §2.1). */
export interface AvitoChatSnapshot {
  id: string;
  /** Unix seconds. */
  created: number;
  updated: number;
  item: AvitoChatItem | null;
  /** The buyer: the chat user who is not the account itself. */
  buyer: { id: string; name: string | null } | null;
  lastMessage: AvitoMessage | null;
}
