import type { SyncService } from './sync-service';

/** Far longer than WB's events feed takes to show a message just sent (seconds, in practice). */
export const CHAT_FEED_LAG_MAX_MS = 10 * 60_000;

/**
 * Whether the local chat has caught up with WB's events feed past `sinceMs` (the dispatcher asks
 * before it may call a chat message that WB did not confirm lost).
 *
 * Only a chat channel that walked the events feed to `totalEvents == 0` has read it to its end
 * (a stuck cursor ends the walk "ok" with events left), and only a stored cursor at or past
 * the send shows the feed covers it (a lagging feed ends before it). A sync already running
 * may have read the feed before the send, so it is waited for and a new one run.
 */
export async function catchUpChat(
  sync: SyncService,
  accountId: number,
  sinceMs: number,
  now: () => Date,
): Promise<boolean> {
  await sync.idle();
  const report = await sync.syncAccount(accountId).catch(() => null);
  if (!report?.channels.some((c) => c.channel === 'chat' && c.ok && !c.skipped && c.eventsCaughtUp === true))
    return false;
  const cursor = sync.chatCursor(accountId);
  if (cursor !== null && cursor >= sinceMs) return true;
  // A quiet chat moves no cursor: once the feed, read to its end, has had far longer than WB
  // takes to show a sent message (seconds), our message is not there. Both times are ours.
  return now().getTime() - sinceMs > CHAT_FEED_LAG_MAX_MS;
}
