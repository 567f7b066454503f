import { z } from 'zod';
import type { AccountView } from '../domain/account';
import { AVITO_CHAT_MODES, type AvitoChatMode } from '../domain/avito';
import type { BotLogView } from '../domain/avito-bot';
import type { KeychainStatus } from '../domain/keychain';
import type { SyncHealthView, SyncReport, SyncStatusView } from '../domain/sync';
import type { DraftView, OutboxEntryView, ReplyViolationView } from '../domain/outbox';
import { OUTBOX_STATES } from '../domain/outbox';
import {
  accountSettingsPatchSchema,
  templateSchema,
  type AccountSettings,
  type AiKeyStatus,
  type Template,
} from '../domain/settings';
import {
  inboxChannelSchema,
  inboxQueueSchema,
  marketplaceFilterSchema,
  inboxSortSchema,
  type InboxCounts,
  type InboxQueue,
  type InteractionDetail,
  type InteractionSummary,
} from '../domain/interaction';
import {
  SNOOZE_MAX_IDS,
  type AutoReplyApproveItem,
  type AutoReplyPreviewItem,
  type BulkItemResult,
} from '../domain/snooze';
import type { CoreMessage, MessageOf } from '../messages/catalog';
import type { BuyerContext, ProductContext } from '../domain/context';
import type { LinkView, Timeline } from '../domain/links';
import type { ReviewPhoto } from '../domain/media';
import {
  analyticsExportSchema,
  type AnalyticsExport,
  analyticsPeriodSchema,
  type AnalyticsAlert,
  type AnalyticsView,
} from '../domain/analytics';

/**
 * The one IPC contract (STYLE habit 1): channel -> input schema + output type.
 * The preload, the Electron router, the WebSocket host and the renderer client are all
 * derived from this table; a channel name is never typed twice.
 */
const output = <T>() => undefined as unknown as T;
const noInput = z.object({}).strict();
const id = z.number().int().positive();
/** Upper bound only; per-channel length rules (2–5000, chat ≤ 1000) are guardrails with a clear message. */
const replyText = z.string().max(10_000);

export interface AppInfo {
  version: string;
  shell: 'electron' | 'host';
  dataDir: string;
  schemaVersion: number;
  /** Whether tokens can be kept in the OS keychain here; if not, why and the fix (settings show it). */
  keychain: KeychainStatus;
}

/** A database backup (`<data folder>/backups/…`): what «Общие» shows and «Создать копию» returns. */
export interface BackupView {
  file: string;
  takenAt: string;
  bytes: number;
}

/** What `ai.test` («Проверить») found: `message` says why it failed, null when it passed. */
export interface AiTestView {
  ok: boolean;
  provider: 'offline' | 'openai_compatible';
  model: string | null;
  message: CoreMessage | null;
}
/** Start at login as the OS reports it (the OS is the truth: the seller may change it in its settings). */
export type LoginItemView =
  | { supported: true; openAtLogin: boolean }
  | { supported: false; openAtLogin: false; reason: MessageOf<'login_item_unsupported'> };

export interface InboxPage {
  items: InteractionSummary[];
  total: number;
  /**
   * A search only: true when more items matched than a search ranks (the newest 500 under the
   * filters are ranked and paged); `total` is then that lower bound, shown as «500+».
   */
  totalCapped?: boolean;
  /**
   * Opaque keyset cursor for the page after this one (pass it as `cursor`); null on the last page
   * and for a search (ranked, paged by offset).
   */
  nextCursor: string | null;
}

/** `inbox.counts`: per channel (kept counts) and per working queue (snoozed items only in `snoozed`). */
export type InboxCountsView = InboxCounts & { queues: Record<InboxQueue, number> };

/** `inbox.shopCounts`: per shop, the items waiting for an answer and not snoozed (the shop switcher). */
export interface ShopCount {
  accountId: number;
  waiting: number;
}

export const ipcContract = {
  'app.info': { input: noInput, output: output<AppInfo>() },
  'accounts.list': { input: noInput, output: output<AccountView[]>() },
  'demo.seed': { input: noInput, output: output<{ accountId: number; created: number }>() },
  /**
   * Without `accountId`: every shop together; `channel` narrows the queue counts only;
   * `marketplace` (default all) keeps the shops of one marketplace.
   */
  'inbox.counts': {
    input: z
      .object({
        accountId: id.optional(),
        channel: inboxChannelSchema.optional(),
        marketplace: marketplaceFilterSchema.optional(),
      })
      .strict(),
    output: output<InboxCountsView>(),
  },
  'inbox.shopCounts': { input: noInput, output: output<ShopCount[]>() },
  /**
   * Without `accountId`: every shop merged. `queue`: one working queue (snoozed items are listed
   * only in `snoozed`); `sort` defaults to `priority`. `cursor` (a previous page's `nextCursor`)
   * pages by keyset and then replaces `offset`.
   */
  'inbox.list': {
    input: z
      .object({
        accountId: id.optional(),
        channel: inboxChannelSchema.optional(),
        /** Only the shops of one marketplace (issue 12); default all. */
        marketplace: marketplaceFilterSchema.optional(),
        needsResponse: z.boolean().optional(),
        search: z.string().max(200).optional(),
        queue: inboxQueueSchema.optional(),
        sort: inboxSortSchema.optional(),
        cursor: z.string().min(1).max(1000).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      })
      .strict(),
    output: output<InboxPage>(),
  },
  /** With `search`: the detail also carries `highlights`, the matched words of that search. */
  'interaction.get': {
    input: z.object({ id, search: z.string().max(200).optional() }).strict(),
    output: output<InteractionDetail>(),
  },
  /** By its inbox id, or by WB's own id within an account (the CLI's `--id`); null when there is none. */
  'interaction.find': {
    input: z.union([
      z.object({ id }).strict(),
      z.object({ accountId: id, externalId: z.string().min(1).max(1000) }).strict(),
    ]),
    output: output<{ id: number; accountId: number } | null>(),
  },
  /** The item's thread (DESIGN §6) in time order: the item itself plus every step linked to it and not rejected. */
  'interaction.timeline': { input: z.object({ id }).strict(), output: output<Timeline>() },
  /** The seller confirms or rejects a link; a rejected link leaves every timeline. */
  'links.decide': {
    input: z.object({ linkId: id, decision: z.enum(['confirmed', 'rejected']) }).strict(),
    output: output<LinkView>(),
  },
  /** A product's complaints, questions with answers, problem-signal shares and weekly rating trend. */
  'context.product': {
    input: z.object({ accountId: id, nmId: id, weeks: z.number().int().min(1).max(52).default(8) }).strict(),
    output: output<ProductContext>(),
  },
  /** The buyer's other items, by WB's buyer id, else by the order (a name alone is not identity). */
  'context.buyer': { input: z.object({ interactionId: id }).strict(), output: output<BuyerContext>() },
  /** Stores the token in the OS keychain (never in SQLite) and creates or updates the account. */
  'accounts.connect': {
    input: z
      .object({ token: z.string().trim().min(1).max(4096), name: z.string().trim().min(1).max(80).optional() })
      .strict(),
    output: output<{ account: AccountView; warnings: CoreMessage[] }>(),
  },
  /**
   * Connects an Avito account (issue 12): the pair is checked with Avito (token + self), then both
   * halves go to the OS keychain, never SQLite. The same Avito user again is the existing account.
   */
  'accounts.connectAvito': {
    input: z
      .object({
        clientId: z.string().trim().min(1).max(200),
        clientSecret: z.string().trim().min(1).max(500),
        name: z.string().trim().min(1).max(80).optional(),
      })
      .strict(),
    output: output<{ account: AccountView; created: boolean }>(),
  },
  /**
   * Who answers an Avito chat: the bot or a person (issue 12). By inbox id, or by Avito's chat id
   * (`u2i-…`, among the Avito shops); `avito_not_avito_chat` for any other item.
   */
  'avito.setMode': {
    input: z.union([
      z.object({ id, mode: z.enum(AVITO_CHAT_MODES) }).strict(),
      z.object({ chatId: z.string().trim().min(1).max(200), mode: z.enum(AVITO_CHAT_MODES) }).strict(),
    ]),
    output: output<{ id: number; mode: AvitoChatMode; previous: AvitoChatMode }>(),
  },
  /** The Avito bot's decisions in a chat, newest last: answers (sent or dry run) and the handoff reason. */
  'avito.botLog': { input: z.object({ id }).strict(), output: output<BotLogView>() },
  'sync.run': {
    input: z.object({ accountId: id, full: z.boolean().default(false) }).strict(),
    output: output<SyncReport>(),
  },
  'sync.status': { input: z.object({ accountId: id }).strict(), output: output<SyncStatusView>() },
  /** Seller opened an item: questions are marked viewed on WB (through the outbox, so offline works). */
  'interaction.open': { input: z.object({ id }).strict(), output: output<{ queued: boolean }>() },
  /** Guardrails -> one transaction {outbox row, reply state `queued`, event} -> the dispatcher sends. */
  'reply.send': {
    input: z
      .object({
        interactionId: id,
        text: replyText,
        origin: z.enum(['manual', 'draft', 'template']).default('manual'),
        /** The draft the seller started from, for draft_accepted / draft_edited / reply_manual. */
        draftText: z.string().max(10_000).optional(),
        /** Undo send: not sent for this many seconds, cancellable meanwhile (the UI: 10; the CLI never holds). */
        holdSeconds: z.number().int().min(0).max(30).optional(),
      })
      .strict(),
    output: output<OutboxEntryView>(),
  },
  /** Edit the answer already on WB (allowed once within 60 days). */
  'reply.edit': { input: z.object({ interactionId: id, text: replyText }).strict(), output: output<OutboxEntryView>() },
  'question.reject': {
    input: z.object({ interactionId: id, text: replyText }).strict(),
    output: output<OutboxEntryView>(),
  },
  'outbox.list': {
    input: z
      .object({ accountId: id, interactionId: id.optional(), states: z.array(z.enum(OUTBOX_STATES)).max(7).optional() })
      .strict(),
    output: output<OutboxEntryView[]>(),
  },
  'outbox.retry': { input: z.object({ outboxId: id }).strict(), output: output<OutboxEntryView>() },
  'outbox.cancel': { input: z.object({ outboxId: id }).strict(), output: output<OutboxEntryView>() },
  /** Change the text of a queued, failed or conflicting reply (guardrails run again). */
  'outbox.update': { input: z.object({ outboxId: id, text: replyText }).strict(), output: output<OutboxEntryView>() },
  'outbox.resolveConflict': {
    input: z.object({ outboxId: id, action: z.enum(['edit_wb', 'discard']) }).strict(),
    output: output<OutboxEntryView>(),
  },
  /** Sends what is due now (also runs by itself: on a timer, on reconnect, after each reply). */
  'outbox.flush': {
    input: z.object({ accountId: id.optional() }).strict(),
    output: output<{ attempted: number; sent: number; failed: number }>(),
  },
  'guardrails.check': {
    input: z
      .object({
        // An Avito chat is checked as a WB chat (replies/guardrails.ts).
        channel: inboxChannelSchema,
        text: z.string().max(10_000),
        kind: z.enum(['answer', 'edit', 'reject', 'chat_message']).optional(),
      })
      .strict(),
    output: output<{ blocked: boolean; violations: ReplyViolationView[] }>(),
  },
  'drafts.generate': {
    input: z.object({ interactionId: id, regenerate: z.boolean().default(false) }).strict(),
    output: output<DraftView>(),
  },
  'templates.list': {
    input: z.object({ accountId: id }).strict(),
    output: output<{ builtin: Template[]; custom: Template[] }>(),
  },
  'templates.save': {
    input: z.object({ accountId: id, template: templateSchema }).strict(),
    output: output<Template[]>(),
  },
  'templates.delete': {
    input: z.object({ accountId: id, templateId: z.string().min(1).max(64) }).strict(),
    output: output<Template[]>(),
  },
  'settings.get': { input: z.object({ accountId: id }).strict(), output: output<AccountSettings & AiKeyStatus>() },
  /** An `ai.baseUrl` must be https (http only to localhost); moving it to another origin removes the stored AI key. */
  'settings.update': {
    input: z.object({ accountId: id, patch: accountSettingsPatchSchema }).strict(),
    output: output<AccountSettings & AiKeyStatus>(),
  },
  /** The AI provider's API key goes to the keychain, bound to the origin of the saved `ai.baseUrl`; null removes it. */
  'ai.setApiKey': {
    input: z.object({ accountId: id, apiKey: z.string().trim().min(8).max(500).nullable() }).strict(),
    output: output<{ stored: boolean }>(),
  },
  /** Auto-replies for positive reviews: what would be sent (dry run) or what was queued. */
  'autoReply.run': {
    input: z.object({ accountId: id, dryRun: z.boolean().optional() }).strict(),
    output: output<{
      dryRun: boolean;
      planned: { interactionId: number; text: string; templateId: string; outboxId: number | null }[];
      skipped: Record<string, number>;
    }>(),
  },
  /** Figures, per-day series and alerts of a period, for one shop or (no accountId) all shops, from the local data. */
  'analytics.get': { input: analyticsPeriodSchema, output: output<AnalyticsView>() },
  /** CSV (`;`, UTF-8 with BOM) of the figures or of the rows behind them; the renderer or the CLI saves it. */
  'analytics.export': { input: analyticsExportSchema, output: output<AnalyticsExport>() },
  /** Only the alerts (SLA, manual replies, negative reviews, sync health): for the count beside the sync status. */
  'analytics.alerts': {
    input: z.object({ accountId: id.optional() }).strict(),
    output: output<AnalyticsAlert[]>(),
  },
  /** The renderer reports navigator.onLine changes; coming back online triggers a sync and the outbox. */
  /** Links of an account (or of one interaction), strongest first (DESIGN §6). */
  'links.list': {
    input: z
      .object({ accountId: id, interactionId: id.optional(), minConfidence: z.number().min(0).max(1).optional() })
      .strict(),
    output: output<LinkView[]>(),
  },
  /** Runs the linking pass over every interaction of the account; `links`: the qualifying pairs it found. */
  'links.recompute': { input: z.object({ accountId: id }).strict(), output: output<{ links: number }>() },
  'app.networkChanged': { input: z.object({ online: z.boolean() }).strict(), output: output<{ online: boolean }>() },
  /**
   * Snooze items until a moment ahead (ISO-8601 with zone), or unsnooze them (null): an `interaction_events`
   * row each (`snoozed` / `unsnoozed`), then `inbox.changed`. A moment not ahead, or over a year ahead, is
   * refused and nothing changes; an unknown id fails alone.
   */
  'interaction.snooze': {
    input: z
      .object({
        ids: z.array(id).min(1).max(SNOOZE_MAX_IDS),
        until: z.string().datetime({ offset: true }).nullable(),
      })
      .strict(),
    output: output<{ results: BulkItemResult[] }>(),
  },
  /** Bulk «Отметить просмотренными»: what `interaction.open` does for each (questions are told to WB), one transaction. */
  'interaction.markViewed': {
    input: z.object({ ids: z.array(id).min(1).max(SNOOZE_MAX_IDS) }).strict(),
    output: output<{ results: BulkItemResult[] }>(),
  },
  /** The auto-reply dry run for selected reviews: the text each would get under the saved rules, or why none. */
  'autoReply.preview': {
    input: z.object({ accountId: id, interactionIds: z.array(id).min(1).max(SNOOZE_MAX_IDS) }).strict(),
    output: output<{ results: AutoReplyPreviewItem[] }>(),
  },
  /** Queue exactly the selected reviews' dry-run auto-replies through the outbox (rules and guardrails again). */
  'autoReply.approve': {
    input: z.object({ accountId: id, interactionIds: z.array(id).min(1).max(SNOOZE_MAX_IDS) }).strict(),
    output: output<{ results: AutoReplyApproveItem[] }>(),
  },
  /** Each channel's last run, the WB limit groups (rate, next request time) and the outbox by state: the health panel. */
  'sync.health': { input: z.object({ accountId: id }).strict(), output: output<SyncHealthView>() },
  /**
   * Replaces a shop's WB token (checked like `accounts.connect`; it must be the same seller's, else
   * `token_other_seller` and nothing changes). A disconnected shop is connected again this way.
   */
  'accounts.replaceToken': {
    input: z.object({ accountId: id, token: z.string().trim().min(1).max(4096) }).strict(),
    output: output<{ account: AccountView; warnings: CoreMessage[] }>(),
  },
  /**
   * «Удалить магазин»: its keychain entry always goes; without `deleteData` the shop stays,
   * disconnected, its history readable; with it every local row of the shop is deleted in one transaction.
   */
  'accounts.remove': {
    input: z.object({ accountId: id, deleteData: z.boolean() }).strict(),
    output: output<{ removed: 'disconnected' | 'deleted' }>(),
  },
  /** «Проверить»: one tiny request through the shop's configured AI provider. */
  'ai.test': { input: z.object({ accountId: id }).strict(), output: output<AiTestView>() },
  /** The newest backup of the database (null when there is none) and the folder they go to. */
  'app.backups': { input: noInput, output: output<{ newest: BackupView | null; dir: string }>() },
  /** «Создать копию»: an online backup now (checked, the oldest pruned as the daily ones are). */
  'app.backup': { input: noInput, output: output<BackupView>() },
  /**
   * Shell-only (Electron's main answers, never the core): start at login («Общие»): the OS login
   * item on macOS and Windows, an XDG autostart entry on Linux. In the host `supported` is false
   * with the reason to show instead of the switch; a failed write is `login_item_failed`.
   */
  'app.getLoginItem': { input: noInput, output: output<LoginItemView>() },
  /** Shell-only: turns start at login on or off; `login_item_unsupported` where it cannot be set. */
  'app.setLoginItem': { input: z.object({ openAtLogin: z.boolean() }).strict(), output: output<LoginItemView>() },
  /**
   * Shell-only: a desktop notification was clicked; Electron's main restores and focuses the window
   * (`focused` true). The host answers false: the page focuses itself with window.focus().
   */
  'app.focusWindow': { input: noInput, output: output<{ focused: boolean }>() },
  /**
   * Shell-only: «Открыть папку» shows the data folder in the OS file manager (`open_folder_failed`
   * with the OS's reason when it cannot). The host answers `open_folder_unsupported`: a page in a
   * browser cannot open a folder on the seller's machine.
   */
  'app.openDataFolder': { input: noInput, output: output<{ opened: true }>() },
  /** A review's photos, downloading the missing thumbnails (and the full size of photo `full`) into the media cache. */
  'media.photos': {
    input: z.object({ id, full: z.number().int().min(0).max(50).optional() }).strict(),
    output: output<ReviewPhoto[]>(),
  },
  /** A chat message's image attachment, downloaded into the media cache: its file, or null when it cannot be had now. */
  'media.attachment': {
    input: z.object({ messageId: id, index: z.number().int().min(0).max(50) }).strict(),
    output: output<{ file: string | null; refused: boolean }>(),
  },
  /**
   * An Avito voice message's audio link, asked for when the seller clicks it (getVoiceFiles): valid
   * for an hour (CONTRACT §2.8), so never stored. Null: the message is not an Avito voice message.
   */
  'media.avitoVoiceUrl': {
    input: z.object({ messageId: id }).strict(),
    output: output<{ url: string | null }>(),
  },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
export type IpcParsedInput<C extends IpcChannel> = z.output<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = IpcContract[C]['output'];
