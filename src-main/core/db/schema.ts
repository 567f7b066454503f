import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Marketplace, SlaState } from '../../../src-shared/domain/interaction';

/** Explicit table types (STYLE: Kysely habit). Booleans are 0 | 1, dates ISO-8601 UTC text. */
type Bool = 0 | 1;

export interface AccountsTable {
  id: Generated<number>;
  name: string;
  is_demo: Generated<Bool>;
  token_ref: string | null;
  token_expires_at: string | null;
  token_scopes: Generated<string>;
  token_type: string | null;
  token_read_only: Generated<Bool>;
  token_sandbox: Generated<Bool>;
  seller_id: string | null;
  created_at: string;
  updated_at: string;
  /** 'wb' or 'avito' (migration 0018). An Avito account keeps token_ref null: WB's sync never picks it up. */
  marketplace: Generated<Marketplace>;
  /** The Avito numeric user id as text (`{user_id}` of the Messenger paths). */
  avito_user_id: string | null;
  /** Keychain reference names of the Avito client_id and client_secret (never the secrets). */
  avito_client_id_ref: string | null;
  avito_client_secret_ref: string | null;
}

export interface SettingsTable {
  account_id: number;
  value_json: Generated<string>;
  updated_at: string;
}

export interface InteractionsTable {
  id: Generated<number>;
  account_id: number;
  /**
   * The database also allows 'avito_chat' (migration 0018). The type stays WB's three until the
   * engines that switch on it (SLA clock, analytics, drafts, links) learn the Avito channel; only
   * core/avito-sync and the inbox's marketplace code write or read Avito rows, through
   * avito-sync/avito-rows.ts.
   */
  channel: 'review' | 'question' | 'chat';
  external_id: string;
  nm_id: number | null;
  product_article: string | null;
  product_name: string | null;
  brand: string | null;
  customer_name: string | null;
  customer_id: string | null;
  order_id: string | null;
  text: Generated<string>;
  pros: string | null;
  cons: string | null;
  rating: number | null;
  occurred_at: string;
  status: Generated<'open' | 'responded' | 'closed'>;
  needs_response: Generated<Bool>;
  priority: Generated<'urgent' | 'high' | 'normal' | 'low'>;
  /** Generated column (0 urgent .. 3 low) so the inbox order can come from an index. */
  readonly priority_rank: Generated<number>;
  /** The reasons as a JSON list of messages (src-shared/messages/stored.ts); older rows: Russian text. */
  priority_reason: string | null;
  intent: string | null;
  sla_due_at: string | null;
  /** Priority before time escalation (migration 0008); null until the SLA recompute reached the row. */
  base_priority: 'urgent' | 'high' | 'normal' | 'low' | null;
  /** The SLA state the item has reached; null = to be recomputed (old rows, see core/inbox/sla-clock.ts). */
  sla_state: SlaState | null;
  /** When the item turns due soon (due time minus the due-soon threshold, in working hours). */
  sla_soon_at: string | null;
  /** When the buyer's wait began, if not `occurred_at` (a chat: first buyer message after the seller's last). */
  sla_started_at: string | null;
  /** Generated: 0 overdue, 1 due soon, 2 otherwise (the inbox order). */
  readonly sla_rank: Generated<number>;
  /** Put aside until then (ISO-8601 UTC; migration 0014); null = not snoozed. */
  snoozed_until: string | null;
  /** Generated sort keys of the inbox orders (migration 0015): keyset paging seeks them in an index. */
  readonly sort_priority: Generated<string>;
  readonly sort_sla: Generated<string>;
  readonly sort_newest: Generated<string>;
  source: Generated<string>;
  wb_state: string | null;
  was_viewed: Generated<Bool>;
  last_reply_text: string | null;
  last_reply_at: string | null;
  answer_editable: Bool | null;
  reply_state: Generated<'none' | 'queued' | 'sending' | 'sent_pending' | 'confirmed' | 'failed' | 'conflict'>;
  reply_sign: string | null;
  last_message_at: string | null;
  created_at: string;
  updated_at: string;
  raw_json: Generated<string>;
}

export interface ChatMessagesTable {
  id: Generated<number>;
  interaction_id: number;
  external_id: string;
  direction: 'inbound' | 'outbound';
  /** `marketplace`: an Avito system message (content.flow_id, migration 0018); `wb`: WB's own. */
  sender: 'client' | 'seller' | 'wb' | 'marketplace';
  text: Generated<string>;
  attachments_json: Generated<string>;
  source: string | null;
  sent_at: string;
  raw_json: Generated<string>;
}

export interface InteractionEventsTable {
  id: Generated<number>;
  interaction_id: number;
  type: string;
  payload_json: Generated<string>;
  created_at: string;
}

export interface LinkCandidatesTable {
  id: Generated<number>;
  a_id: number;
  b_id: number;
  kind: 'deterministic' | 'probabilistic';
  confidence: number;
  signals_json: Generated<string>;
  created_at: string;
  /** The seller's decision on a suggestion; null while undecided. A rejected link is never re-suggested. */
  decision: 'confirmed' | 'rejected' | null;
  decided_at: string | null;
  /** When the linking pass last computed this link. */
  updated_at: string | null;
}

export interface ProductsTable {
  account_id: number;
  nm_id: number;
  name: string | null;
  article: string | null;
  brand: string | null;
  photo_url: string | null;
  updated_at: string;
}

export interface SyncStateTable {
  account_id: number;
  /** 'avito_chat' since migration 0018 (its CHECK allows it). */
  channel: 'review' | 'question' | 'chat' | 'avito_chat';
  status: Generated<'idle' | 'syncing' | 'error'>;
  status_reason: string | null;
  status_changed_at: string | null;
  watermark: string | null;
  cursor: string | null;
  progress_fetched: Generated<number>;
  progress_total: number | null;
  last_sync_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
}

export interface SyncRunsTable {
  id: Generated<number>;
  account_id: number;
  /** 'avito_chat' since migration 0018 (its CHECK allows it). */
  channel: 'review' | 'question' | 'chat' | 'avito_chat';
  started_at: string;
  finished_at: string | null;
  outcome: Generated<'running' | 'ok' | 'error'>;
  full_sync: Generated<Bool>;
  requests: Generated<number>;
  fetched: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  skipped: Generated<number>;
  errors: Generated<number>;
  rate_limited: Generated<number>;
  duration_ms: number | null;
  error_reason: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  account_id: number;
  interaction_id: number;
  kind: 'answer' | 'edit' | 'reject' | 'chat_message' | 'mark_viewed';
  text: Generated<string>;
  idempotency_key: string;
  state: Generated<'queued' | 'sending' | 'sent_pending' | 'confirmed' | 'failed' | 'conflict' | 'cancelled'>;
  origin: Generated<'manual' | 'draft' | 'template' | 'auto'>;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  confirmed_at: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0004: optimistic version, dispatcher lease, what WB returned for a chat send. */
  version: Generated<number>;
  lease_owner: string | null;
  lease_until: string | null;
  wb_sent_at: string | null;
  wb_chat_id: string | null;
  wb_event_id: string | null;
  /** Migration 0006: newest chat_messages.id of the chat when the row went `sending` (chat only). */
  chat_baseline_id: number | null;
}

/** WB rate-limit state that outlives a process (migration 0005; written by wb/limit-store.ts). */
export interface WbLimitStateTable {
  account_id: number;
  limit_group: string;
  /** ms since epoch: a 429's X-Ratelimit-Retry ends here. */
  retry_at: number | null;
  /** ms since epoch: the next pacing slot (Base tokens wait minutes to an hour). */
  pace_at: number | null;
  updated_at: string;
}

/** Interactions per (account, channel, needs_response), kept by triggers (migration 0010): the inbox totals. */
export interface InboxCountsTable {
  account_id: number;
  channel: 'review' | 'question' | 'chat';
  needs_response: Bool;
  n: number;
}

/**
 * The stemmed search index (migration 0009): contentless FTS5, one row per interaction
 * (rowid = interactions.id). `body`: text, pros, cons and chat messages; `meta`: product name,
 * article, nm_id, customer name. Both hold stems (core/search/stem.ts), never the text itself.
 * `search_fts` and `rank` are FTS5's command column and its bm25 rank, for queries and commands.
 */
export interface SearchFtsTable {
  rowid: ColumnType<number, number | undefined, never>;
  body: ColumnType<null, string | undefined, never>;
  meta: ColumnType<null, string | undefined, never>;
  search_fts: ColumnType<string, string | undefined, never>;
  rank: ColumnType<number, number | undefined, never>;
}

/** Interactions whose text changed since they were indexed (filled by triggers, drained by the core). */
export interface SearchPendingTable {
  interaction_id: number;
  /** 1 when the interaction was never indexed (a plain INSERT instead of a REPLACE). */
  fresh: Generated<Bool>;
}

/** The AI's intent per normalised question text (migration 0012); null: the model's answer was not an intent. */
export interface IntentCacheTable {
  text_key: string;
  intent: string | null;
  model: string;
  created_at: string;
}

/**
 * A review's problem signals (inbox/priority.ts reviewSignals) as analytics last computed them
 * (migration 0013): `signals` the names joined by commas ('' for none), `version` that of the patterns; triggers drop the entry
 * when the review's text or cons change.
 */
export interface ReviewSignalsTable {
  interaction_id: number;
  version: string;
  signals: string;
}

/** A downloaded photo (migration 0016): `file` is `<sha256>.<ext>` in `<dataDir>/media`; null while only failed. */
export interface MediaCacheTable {
  url: string;
  file: string | null;
  content_type: string | null;
  bytes: number | null;
  fetched_at: string | null;
  error: string | null;
  failed_at: string | null;
}

/** An Avito chat's item, routing mode and sync marks (migration 0018), one row per avito_chat interaction. */
export interface AvitoChatsTable {
  interaction_id: number;
  mode: Generated<'bot' | 'manager'>;
  mode_changed_at: string | null;
  item_id: string | null;
  item_title: string | null;
  item_price: string | null;
  item_url: string | null;
  item_image_url: string | null;
  /** Avito's `updated` of the chat (ISO-8601 UTC): the cheap sync pass compares it. */
  chat_updated_at: string | null;
  last_message_id: string | null;
}

/** A file of an account's knowledge folder as last indexed (migration 0019, core/knowledge). */
export interface KnowledgeFilesTable {
  account_id: number;
  /** Path relative to the knowledge folder, with forward slashes. */
  file: string;
  size: number;
  mtime_ms: number;
  /** sha256 of the content, hex. */
  hash: string;
  indexed_at: string;
}

/** One FAQ pair or note section of the knowledge base (migration 0019). */
export interface KnowledgeEntriesTable {
  id: Generated<number>;
  account_id: number;
  file: string;
  ordinal: number;
  /** `file#ordinal`: what a bot answer cites. */
  ref: string;
  kind: 'faq' | 'note';
  title: string;
  body: string;
}

/** Contentless FTS5 of knowledge entry stems (rowid = knowledge_entries.id); `rank` is bm25. */
export interface KnowledgeFtsTable {
  rowid: ColumnType<number, number | undefined, never>;
  title: ColumnType<null, string | undefined, never>;
  body: ColumnType<null, string | undefined, never>;
  knowledge_fts: ColumnType<string, string | undefined, never>;
  rank: ColumnType<number, number | undefined, never>;
}

/** One Avito bot decision per buyer message (migration 0019, core/avito-bot). */
export interface AvitoBotEventsTable {
  id: Generated<number>;
  account_id: number;
  interaction_id: number;
  /** chat_messages.id of the buyer message decided on. */
  message_id: number;
  /** `pending`: a daily-cap slot is held while the AI writes. */
  kind: 'pending' | 'answer' | 'handoff';
  reason: string | null;
  dry_run: Bool;
  /** The answer (sent, or what would have been sent in dry run; a blocked one for the seller to see). */
  text: string | null;
  citations_json: Generated<string>;
  /** The account's local date (working-hours zone) the daily cap counts in. */
  local_day: string;
  created_at: string;
  updated_at: string;
}

/** BOT or MANAGER per Avito chat (migration 0019; to be unified with the Avito data model at merge). */
export interface AvitoChatModesTable {
  interaction_id: number;
  mode: Generated<'bot' | 'manager'>;
  bot_turns: Generated<number>;
  /** The handoff reason that put the chat in MANAGER, null otherwise. */
  reason: string | null;
  /** When the mode last changed (null: never switched): a chat handed back to BOT is judged on what the buyer wrote since. */
  mode_changed_at: string | null;
  updated_at: string;
}

export interface Database {
  accounts: AccountsTable;
  settings: SettingsTable;
  interactions: InteractionsTable;
  chat_messages: ChatMessagesTable;
  interaction_events: InteractionEventsTable;
  link_candidates: LinkCandidatesTable;
  inbox_counts: InboxCountsTable;
  products: ProductsTable;
  sync_state: SyncStateTable;
  sync_runs: SyncRunsTable;
  outbox: OutboxTable;
  wb_limit_state: WbLimitStateTable;
  search_fts: SearchFtsTable;
  search_pending: SearchPendingTable;
  intent_cache: IntentCacheTable;
  review_signals: ReviewSignalsTable;
  media_cache: MediaCacheTable;
  avito_chats: AvitoChatsTable;
  knowledge_files: KnowledgeFilesTable;
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_fts: KnowledgeFtsTable;
  avito_bot_events: AvitoBotEventsTable;
  avito_chat_modes: AvitoChatModesTable;
}

export type Account = Selectable<AccountsTable>;
export type Interaction = Selectable<InteractionsTable>;
export type NewInteraction = Insertable<InteractionsTable>;
export type ChatMessageRow = Selectable<ChatMessagesTable>;
export type OutboxRow = Selectable<OutboxTable>;
