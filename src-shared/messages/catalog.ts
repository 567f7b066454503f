import type { HandoffReason } from '../domain/avito-bot';
import type { KeychainProblem } from '../domain/keychain';
import type { ReviewSignal } from '../domain/interaction';
import type { OutboxState } from '../domain/outbox';

/**
 * Everything core tells the seller, as data: a code and its params. Core stores and returns these
 * (IPC errors, sync_state.last_error, outbox.last_error, views); the renderer and the CLI turn
 * them into Russian with describe() (./describe.ts, texts in ./texts.ts). Times are ISO-8601 UTC
 * strings, formatted by describe() relative to the `now` it is given.
 *
 * Codes are stored in SQLite: never rename or remove one, add a new one.
 */
export type NoParams = Record<string, never>;

/** What a seller asked to do with a queued reply («Отменить», «Повторить», «Изменить», a conflict's choice). */
export type ReplyAction = 'cancel' | 'retry' | 'edit' | 'resolve_conflict';
/** The phrase lists of the guardrails (core replies/guardrail-phrases.ts). */
export type GuardrailRule = 'ai_mention' | 'promise' | 'blame' | 'dismissive' | 'return_suggestion' | 'contact';
export type KeychainAction = 'read' | 'save' | 'delete';
export type NotFoundEntity = 'account' | 'interaction' | 'outbox_entry' | 'template' | 'link';

/** What a check of a database file found (core db/database.ts checkDatabaseFile). */
export type DatabaseProblem =
  /** SQLITE_NOTADB: a garbage header, not a database at all. */
  | { kind: 'not_a_database' }
  /** SQLite could not read the file's structure (SQLITE_CORRUPT…, e.g. a truncated file); `sqliteCode` is SQLite's code. */
  | { kind: 'corrupt'; sqliteCode: string }
  /** `PRAGMA quick_check` findings, in one (developer, English) line. */
  | { kind: 'quick_check'; finding: string };

/**
 * Why `agentiq restore` did not replace the database (nothing was changed). `file` is the backup
 * it was asked to restore from. `app_running`: an AgentIQ process holds a running marker;
 * `busy`: a connection is writing to the database; `copy_check_failed`: the copy failed quick_check.
 */
export type RestoreRefusal =
  | { reason: 'not_found' | 'same_file' | 'busy' | 'not_agentiq' | 'copy_check_failed'; file: string }
  | { reason: 'app_running'; file: string; running: { shell: string; pid: number }[] }
  | { reason: 'damaged'; file: string; problem: DatabaseProblem }
  | { reason: 'too_new'; file: string; schemaVersion: number; knownVersion: number };

export interface MessageParams {
  // The IPC boundary and the shells.
  unknown_channel: { channel: string };
  /** `path`: the input field (`interactionId`, `patch.tone`), `input` for the whole payload; `issue`: zod's words. */
  invalid_input: { path: string; issue: string };
  invalid_json: NoParams;
  forbidden_sender: NoParams;
  /** The renderer cannot reach main or the host. */
  unavailable: NoParams;
  internal: NoParams;
  app_closing: NoParams;
  /** Start at login cannot be set here: `host` (a browser page: it is the desktop app's setting). */
  login_item_unsupported: { where: 'host' };
  /** Turning start at login on or off failed; `reason`: the OS's own (English) words. */
  login_item_failed: { reason: string };
  /** «Открыть папку» only works in the desktop app (the host is a page in a browser). */
  open_folder_unsupported: NoParams;
  /** The OS file manager did not open the data folder; `reason`: the OS's own (English) words. */
  open_folder_failed: { reason: string };
  /** The core's thread crashed and was restarted: a call it was answering did not finish (retryable). */
  core_restarted: NoParams;
  /** The core's thread crashed `crashes` times within `seconds`: no new one is started until the app restarts. */
  core_failed: { crashes: number; seconds: number };
  not_found: { entity: NotFoundEntity; id: number | string };
  /** `reason`: the OS keychain's own (English) explanation; `problem` and `fixCommand` as in KeychainStatus. */
  keychain_unavailable: {
    action: KeychainAction;
    reason: string | null;
    problem?: KeychainProblem | null;
    fixCommand?: string | null;
  };
  keychain_failed: { action: KeychainAction; reason: string };

  // The WB token: refusals, and what connecting one tells the seller.
  wb_token_malformed: { problem: 'not_jwt' | 'unreadable' | 'no_scopes' };
  wb_token_expired: { expiredAt: string | null };
  wb_token_expiring: { expiresAt: string; days: number };
  wb_token_no_channels: NoParams;
  wb_token_read_only: NoParams;
  no_token: NoParams;
  /** «Заменить токен» with a token of another seller (another WB account): nothing was changed. */
  token_other_seller: NoParams;
  /** The demo shop has no token to replace (and is removed only with its data). */
  demo_no_token: NoParams;
  /** The AGENTIQ_WB_TOKEN shop: its token lives in the environment, not in the keychain. */
  account_from_env: NoParams;
  token_note_read_only: NoParams;
  token_note_no_feedbacks_questions: NoParams;
  token_note_no_buyer_chat: NoParams;
  token_note_base: NoParams;
  token_note_sandbox: NoParams;

  // Avito accounts and chats (issue 12; the connector's own refusals are core/avito's codes).
  /** `/core/v1/accounts/self` answered without a numeric user id: no Messenger path can be addressed. */
  avito_identity_invalid: NoParams;
  /** This build was started without the Avito connector (nothing can check a client_id/secret pair). */
  avito_not_wired: NoParams;
  /** `agentiq avito mode` or a chat mode change on an item that is not an Avito chat. */
  avito_not_avito_chat: { id: number };

  // WB's answers, to a sync or to a send.
  wb_token_invalid: NoParams;
  wb_access_denied: NoParams;
  /** `retryAt`: when WB takes requests again, when known (X-Ratelimit-Retry). */
  wb_rate_limited: { retryAt: string | null };
  wb_server_error: { status: number | null };
  wb_timeout: NoParams;
  wb_unreachable: NoParams;
  /** A sync got an answer it cannot read; `detail` is the developer text of the failed call. */
  wb_contract: { detail: string };
  /** WB refused a reply; `detail` is WB's own explanation when it gave one. */
  wb_refused: { detail: string };
  wb_moderation_rejected: NoParams;
  /** A chat attachment WB's moderation blocked (451). */
  wb_file_blocked: NoParams;

  // Avito's answers (issue 12): connecting an account, a sync, a send.
  /** /token refused the client_id / client_secret. */
  avito_bad_credentials: NoParams;
  /** The seller's Avito tier has no Messenger API (402, or 403 on the chat list with a fresh token). */
  avito_tier_denied: NoParams;
  /** The key works but a chat is refused: an employee's key instead of the company's main one. */
  avito_employee_key: NoParams;
  /** Avito refused a token it had just issued. */
  avito_token_rejected: NoParams;
  /** `retryAt`: when Avito takes requests again, when it said so (Retry-After). */
  avito_rate_limited: { retryAt: string | null };
  /** `status`: the 5xx, or null for no connection / no answer in time. */
  avito_unavailable: { status: number | null };
  /** Avito refused the request (400); `detail` is Avito's own explanation. */
  avito_refused: { detail: string };
  avito_not_found: NoParams;
  /** An answer we cannot read; `detail` is the developer text of the failed call. */
  avito_contract: { detail: string };

  // Sync.
  demo_not_synced: NoParams;
  sync_timeout: NoParams;
  sync_chat_pages_capped: { maxPages: number };
  sync_internal: NoParams;
  health_never_synced: NoParams;
  health_stale: { minutes: number };
  health_error_rate: { percent: number };
  health_repeated_429: NoParams;
  health_zero_fetch_streak: { runs: number };

  // Analytics alerts (computed on request; core analytics/alerts.ts).
  alert_sla_overdue: { count: number };
  alert_sla_due_soon: { count: number; minutes: number };
  /** Shares in whole percent, this week's and the week before's, over `replies` replies this week. */
  alert_manual_rate_rising: { percent: number; previousPercent: number; replies: number };
  /** `previousWeekly`: the average per week over the weeks before, one decimal. */
  alert_negative_reviews_jump: { product: string; nmId: number; count: number; previousWeekly: number };
  /** A sync health alert of one shop's channel, with the health message itself. */
  alert_sync_health: { shop: string; channel: 'review' | 'question' | 'chat' | 'avito_chat'; problem: HealthMessage };

  // Replies and the outbox.
  demo_no_replies: NoParams;
  demo_no_auto_replies: NoParams;
  reply_kind_not_allowed: { kind: string };
  reply_already_answered: NoParams;
  question_already_rejected: NoParams;
  reply_already_queued: NoParams;
  chat_no_reply_sign: NoParams;
  chat_message_not_editable: NoParams;
  answer_nothing_to_edit: NoParams;
  answer_edit_used: NoParams;
  answer_edit_expired: { days: number };
  reject_after_answer: NoParams;
  reply_state_refused: { action: ReplyAction; state: OutboxState };
  reply_changed_meanwhile: { action: ReplyAction };
  reply_blocked: { violation: GuardrailMessage };
  reply_limit_deferred: NoParams;
  /** Marks a reply held for undo (outbox.last_error, never shown: the view gives heldUntil instead). */
  reply_held: NoParams;
  reply_chat_unchecked: NoParams;

  // Guardrails: each names what it found.
  guardrail_phrase: { rule: GuardrailRule; phrase: string };
  reply_empty: NoParams;
  reply_too_short: { text: string; min: number };
  reply_too_long: { length: number; max: number };

  // Templates and AI drafts.
  template_builtin_readonly: NoParams;
  ai_aborted: NoParams;
  ai_timeout: { seconds: number };
  /** `detail`: the network error code (ECONNREFUSED …), when there is one. */
  ai_unreachable: { detail: string | null };
  /** `detail`: the server's own error text, redacted of anything key-like. */
  ai_http_error: { status: number; detail: string | null };
  ai_bad_response: NoParams;
  ai_empty_response: NoParams;
  ai_internal: NoParams;
  /** The AI address is not a URL / is plain http to another machine (issue 8 item 2). */
  ai_base_url_invalid: NoParams;
  ai_base_url_insecure: NoParams;
  /** The key is bound to the address it was entered for: no address, no key; another address, no key. */
  ai_key_needs_base_url: NoParams;
  ai_key_other_origin: NoParams;
  /** «Проверить» with the AI provider chosen but its address or model not filled in. */
  ai_not_configured: NoParams;

  // The database file: refused at open, backups, restore.
  /** The database is not opened; `newestBackup` is the one to restore from, null when there is none. */
  db_damaged: { file: string; problem: DatabaseProblem; newestBackup: string | null };
  /** The backup before pending migrations failed (so nothing was migrated); `error` is the developer text. */
  db_backup_failed: { error: string };
  /** Written by a newer AgentIQ: left untouched until the app is updated. */
  schema_too_new: { fileVersion: number; knownVersion: number };
  restore_refused: RestoreRefusal;

  // Why an item has its priority (interactions.priority_reason holds a list of these).
  priority_review_stars: { stars: number };
  priority_review_signal: { signal: ReviewSignal };
  /** `intent`: a question intent (QUESTION_INTENTS); unknown ones read as they are. */
  priority_question_intent: { intent: string };
  priority_chat_waiting: NoParams;
  priority_chat_answered: NoParams;
  /** Added from the SLA state, never stored: the due time is near / has passed (priority raised one step). */
  priority_due_soon: NoParams;
  priority_overdue: NoParams;

  /** A text stored before core stored codes (old sync_state / outbox rows): shown as it is. */
  legacy_text: { text: string };

  // Snooze and bulk actions (issue 11 item 4).
  /** The snooze moment is not ahead of now. */
  snooze_in_past: NoParams;
  snooze_too_far: { days: number };
  /** A selected review the auto-reply rules would not answer now; `reason` as AutoReplySkipReason, or `not_candidate`. */
  auto_reply_skipped: { reason: AutoReplySkipCode };

  // The Avito bot (issue 12 item 5).
  /** Why the bot handed a chat to a person (shown on the chat, in the notification). */
  avito_handoff: { reason: HandoffReason };
}

/** Why a selected review gets no auto-reply (core ai/auto-reply.ts AutoReplySkipReason, plus the candidate filter). */
export type AutoReplySkipCode =
  | 'kill_switch'
  | 'disabled'
  | 'rating_not_selected'
  | 'not_positive'
  | 'daily_cap_reached'
  | 'no_template'
  | 'guardrails_blocked'
  /** Not a review waiting for an answer with nothing queued (answered, queued meanwhile, a question or a chat). */
  | 'not_candidate';

export type MessageCode = keyof MessageParams;

export type CoreMessage = { [C in MessageCode]: { code: C; params: MessageParams[C] } }[MessageCode];
export type MessageOf<C extends MessageCode> = Extract<CoreMessage, { code: C }>;

/** What a sync health alert says (core sync/health.ts). */
export type HealthMessage = MessageOf<
  'health_never_synced' | 'health_stale' | 'health_error_rate' | 'health_repeated_429' | 'health_zero_fetch_streak'
>;

/** What a guardrail violation says (the reply_blocked error carries the blocking one). */
export type GuardrailMessage = MessageOf<'guardrail_phrase' | 'reply_empty' | 'reply_too_short' | 'reply_too_long'>;

/** `params` may be left out exactly when a code has none. */
export type ParamsArg<C extends MessageCode> = NoParams extends MessageParams[C]
  ? [params?: MessageParams[C]]
  : [params: MessageParams[C]];

/** Builds a message: `coreMessage('wb_rate_limited', { retryAt })`, `coreMessage('internal')`. */
export function coreMessage<C extends MessageCode>(code: C, ...[params]: ParamsArg<C>): MessageOf<C> {
  return { code, params: params ?? {} } as MessageOf<C>;
}
