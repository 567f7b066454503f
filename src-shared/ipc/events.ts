import type { HandoffReason } from '../domain/avito-bot';
import type { InboxChannel, InteractionSource, Priority, SlaState } from '../domain/interaction';
import type { SyncStatus } from '../domain/account';
import type { SyncErrorReason } from '../domain/sync';
import type { CoreMessage, MessageOf } from '../messages/catalog';

/** The one map of events main pushes to the renderer (STYLE habit 8). */
export interface PushEvents {
  'inbox.changed': { accountId: number; channels: InboxChannel[] };
  'sync.progress': {
    accountId: number;
    channel: InboxChannel;
    status: SyncStatus;
    fetched: number;
    total: number | null;
    reason: SyncErrorReason | null;
    message: CoreMessage | null;
  };
  'outbox.changed': { accountId: number; interactionId: number };
  /**
   * The core's thread crashed (app, host): `core_restarted` once a new one answers (calls it was
   * answering failed with that code; reload what is shown), `core_failed` when no new one is started.
   */
  'app.coreRestarted': { message: MessageOf<'core_restarted' | 'core_failed'>; gaveUp: boolean };
  /**
   * A sync wrote new items (reviews, questions, chats) or new buyer messages into existing chats;
   * the renderer decides which become desktop notifications. Not sent for a channel's first sync
   * (the history import); `items` holds at most ARRIVED_ITEMS_MAX, `total` counts them all.
   */
  'inbox.arrived': { accountId: number; items: ArrivedItem[]; total: number };
  /** The app menu (Electron only): go to a screen, focus the search, show the shortcuts overlay. */
  'app.menuCommand': { command: MenuCommand };
  /**
   * The Avito bot handed a chat to a person (issue 12 items 5–6): the chat is now in MANAGER mode.
   * For a sound and a desktop notification; never sent for demo data.
   */
  'avito.handoff': { accountId: number; interactionId: number; reason: HandoffReason; dryRun: boolean };
}

/** One item of `inbox.arrived`: `kind` says whether the item is new or a chat got a new buyer message. */
export interface ArrivedItem {
  id: number;
  channel: InboxChannel;
  kind: 'new' | 'message';
  priority: Priority;
  slaState: SlaState;
  needsResponse: boolean;
  source: InteractionSource;
}
export const ARRIVED_ITEMS_MAX = 200;
export type PushEventName = keyof PushEvents;
export const PUSH_EVENTS: PushEventName[] = [
  'inbox.changed',
  'sync.progress',
  'outbox.changed',
  'app.coreRestarted',
  'inbox.arrived',
  'app.menuCommand',
  'avito.handoff',
];

/** What an app menu item asks the renderer to do (Electron's main sends it; the host never does). */
export const MENU_COMMANDS = ['go_inbox', 'go_analytics', 'go_settings', 'search', 'shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What `window.agentiq` looks like: one function per channel, and one subscriber per push event. */
export type PushSubscriber<E extends PushEventName> = (listener: (payload: PushEvents[E]) => void) => () => void;
