import type { Channel } from '../domain/interaction';
import type { SyncStatus } from '../domain/account';
import type { SyncErrorReason } from '../domain/sync';
import type { CoreMessage } from '../messages/catalog';

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
}
export type PushEventName = keyof PushEvents;
export const PUSH_EVENTS: PushEventName[] = ['inbox.changed', 'sync.progress', 'outbox.changed'];

/** What `window.agentiq` looks like: one function per channel, and one subscriber per push event. */
export type PushSubscriber<E extends PushEventName> = (listener: (payload: PushEvents[E]) => void) => () => void;
