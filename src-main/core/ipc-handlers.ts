import { accountsHandlers, type AccountsHandlerDeps } from './accounts/accounts-handlers';
import { aiHandlers, type AiHandlerDeps } from './ai/ai-handlers';
import { analyticsHandlers, type AnalyticsHandlerDeps } from './analytics/analytics-handlers';
import { botLogHandlers } from './avito-bot/bot-log';
import { avitoHandlers, type AvitoHandlerDeps } from './avito-sync/avito-handlers';
import { appHandlers, type AppHandlerDeps } from './app-handlers';
import { inboxHandlers, type InboxHandlerDeps } from './inbox/inbox-handlers';
import { bulkHandlers, type BulkHandlerDeps } from './inbox/bulk-handlers';
import type { CoreHandlers } from './ipc-dispatch';
import { linksHandlers, type LinksHandlerDeps } from './links/links-handlers';
import { mediaHandlers, type MediaHandlerDeps } from './media/media-handlers';
import { repliesHandlers, type RepliesHandlerDeps } from './replies/replies-handlers';
import { settingsHandlers, type SettingsHandlerDeps } from './settings-handlers';
import { syncHandlers, type SyncHandlerDeps } from './sync/sync-handlers';
import { timelineHandlers, type TimelineHandlerDeps } from './timeline/timeline-handlers';

export type HandlerDeps = AppHandlerDeps &
  AccountsHandlerDeps &
  InboxHandlerDeps &
  SyncHandlerDeps &
  RepliesHandlerDeps &
  AiHandlerDeps &
  SettingsHandlerDeps &
  LinksHandlerDeps &
  TimelineHandlerDeps &
  AnalyticsHandlerDeps &
  BulkHandlerDeps &
  MediaHandlerDeps &
  AvitoHandlerDeps;

/**
 * The one place the per-domain handler groups become the map of every IPC channel (STYLE habit 1):
 * `CoreHandlers` makes a channel without a handler a type error; a unit test checks that no two
 * groups answer the same channel.
 */
export function handlerGroups(deps: HandlerDeps) {
  return {
    app: appHandlers(deps),
    accounts: accountsHandlers(deps),
    inbox: inboxHandlers(deps),
    sync: syncHandlers(deps),
    replies: repliesHandlers(deps),
    ai: aiHandlers(deps),
    settings: settingsHandlers(deps),
    links: linksHandlers(deps),
    timeline: timelineHandlers(deps),
    analytics: analyticsHandlers(deps),
    bulk: bulkHandlers(deps),
    media: mediaHandlers(deps),
    avito: avitoHandlers(deps),
    avitoBot: botLogHandlers(deps),
  };
}

export function createHandlers(deps: HandlerDeps): CoreHandlers {
  const groups = handlerGroups(deps);
  return {
    ...groups.app,
    ...groups.accounts,
    ...groups.inbox,
    ...groups.sync,
    ...groups.replies,
    ...groups.ai,
    ...groups.settings,
    ...groups.links,
    ...groups.timeline,
    ...groups.analytics,
    ...groups.bulk,
    ...groups.media,
    ...groups.avito,
    ...groups.avitoBot,
  };
}
