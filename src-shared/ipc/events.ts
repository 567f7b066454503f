import type { Channel } from '../domain/interaction';
import type { SyncStatus } from '../domain/account';
import type { SyncErrorReason } from '../domain/sync';
import type { CoreMessage, MessageOf } from '../messages/catalog';

/** The one map of events main pushes to the renderer (STYLE habit 8). */
export interface PushEvents {
  'inbox.changed': { accountId: number; channels: Channel[] };
  'sync.progress': {
    accountId: number;
    channel: Channel;
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
  /** The app menu (Electron only): go to a screen, focus the search, show the shortcuts overlay. */
  'app.menuCommand': { command: MenuCommand };
}
export type PushEventName = keyof PushEvents;
export const PUSH_EVENTS: PushEventName[] = [
  'inbox.changed',
  'sync.progress',
  'outbox.changed',
  'app.coreRestarted',
  'app.menuCommand',
];

/** What an app menu item asks the renderer to do (Electron's main sends it; the host never does). */
export const MENU_COMMANDS = ['go_inbox', 'go_analytics', 'go_settings', 'search', 'shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What `window.agentiq` looks like: one function per channel, and one subscriber per push event. */
export type PushSubscriber<E extends PushEventName> = (listener: (payload: PushEvents[E]) => void) => () => void;
