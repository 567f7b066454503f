import { z } from 'zod';
import type { AccountView } from '../domain/account';
import type { KeychainStatus } from '../domain/keychain';
import type { SyncReport, SyncStatusView } from '../domain/sync';
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
  channelSchema,
  type InboxCounts,
  type InteractionDetail,
  type InteractionSummary,
} from '../domain/interaction';
import type { CoreMessage } from '../messages/catalog';
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

export interface InboxPage {
  items: InteractionSummary[];
  total: number;
  /**
   * A search only: true when more items matched than a search ranks (the newest 500 under the
   * filters are ranked and paged); `total` is then that lower bound, shown as «500+».
   */
  totalCapped?: boolean;
}

export const ipcContract = {
  'app.info': { input: noInput, output: output<AppInfo>() },
  'accounts.list': { input: noInput, output: output<AccountView[]>() },
  'demo.seed': { input: noInput, output: output<{ accountId: number; created: number }>() },
  'inbox.counts': { input: z.object({ accountId: id }).strict(), output: output<InboxCounts>() },
  'inbox.list': {
    input: z
      .object({
        accountId: id,
        channel: channelSchema.optional(),
        needsResponse: z.boolean().optional(),
        search: z.string().max(200).optional(),
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
        channel: channelSchema,
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
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
export type IpcParsedInput<C extends IpcChannel> = z.output<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = IpcContract[C]['output'];
