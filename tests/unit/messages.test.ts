import { describe, expect, it } from 'vitest';
import { coreMessage, type CoreMessage, type MessageCode, type MessageParams } from '../../src-shared/messages/catalog';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { decodeMessage, encodeMessage } from '../../src-shared/messages/stored';
import { TEXTS } from '../../src-shared/messages/texts';

const MOSCOW = { timeZone: 'Europe/Moscow' };
const NOW = new Date('2026-05-01T09:00:00Z'); // 12:00 in Moscow
const RETRY_AT = '2026-05-01T11:05:00Z'; // 14:05 in Moscow, the same day

/** Params for every code: the type makes this list complete, so a new code without params fails to compile. */
const SAMPLES: { [C in MessageCode]: MessageParams[C] } = {
  unknown_channel: { channel: 'fs.readFile' },
  invalid_input: { path: 'limit', issue: 'Too small: expected number to be >=1' },
  invalid_json: {},
  forbidden_sender: {},
  unavailable: {},
  internal: {},
  app_closing: {},
  login_item_unsupported: { where: 'host' },
  login_item_failed: { reason: "EACCES: permission denied, open '/home/seller/.config/autostart'" },
  open_folder_unsupported: {},
  open_folder_failed: { reason: 'Failed to open path' },
  core_restarted: {},
  core_failed: { crashes: 5, seconds: 60 },
  not_found: { entity: 'interaction', id: 999 },
  keychain_unavailable: { action: 'read', reason: 'libsecret-1.so.0: cannot open shared object file' },
  keychain_failed: { action: 'save', reason: 'write failed' },
  wb_token_malformed: { problem: 'not_jwt' },
  wb_token_expired: { expiredAt: '2026-04-21T00:00:00Z' },
  wb_token_expiring: { expiresAt: '2026-05-06T00:00:00Z', days: 5 },
  wb_token_no_channels: {},
  wb_token_read_only: {},
  no_token: {},
  token_other_seller: {},
  demo_no_token: {},
  account_from_env: {},
  token_note_read_only: {},
  token_note_no_feedbacks_questions: {},
  token_note_no_buyer_chat: {},
  token_note_base: {},
  token_note_sandbox: {},
  avito_identity_invalid: {},
  avito_not_wired: {},
  avito_not_avito_chat: { id: 42 },
  wb_token_invalid: {},
  wb_access_denied: {},
  wb_rate_limited: { retryAt: RETRY_AT },
  wb_server_error: { status: 503 },
  wb_timeout: {},
  wb_unreachable: {},
  wb_contract: { detail: 'GET /api/v1/feedbacks: unexpected body' },
  wb_refused: { detail: 'Invalid value for "text"' },
  wb_moderation_rejected: {},
  wb_file_blocked: {},
  avito_bad_credentials: {},
  avito_tier_denied: {},
  avito_employee_key: {},
  avito_token_rejected: {},
  avito_rate_limited: { retryAt: RETRY_AT },
  avito_unavailable: { status: 502 },
  avito_refused: { detail: 'message.text: longer than 1000' },
  avito_not_found: {},
  avito_contract: { detail: 'GET /messenger/v2/accounts/1/chats: not JSON' },
  demo_not_synced: {},
  sync_timeout: {},
  sync_chat_pages_capped: { maxPages: 200 },
  sync_internal: {},
  health_never_synced: {},
  health_stale: { minutes: 15 },
  health_error_rate: { percent: 40 },
  health_repeated_429: {},
  health_zero_fetch_streak: { runs: 5 },
  alert_sla_overdue: { count: 3 },
  alert_sla_due_soon: { count: 2, minutes: 60 },
  alert_manual_rate_rising: { percent: 60, previousPercent: 20, replies: 10 },
  alert_negative_reviews_jump: { product: 'Чайник', nmId: 101, count: 4, previousWeekly: 0.5 },
  alert_sync_health: { shop: 'Мой магазин', channel: 'chat', problem: coreMessage('health_stale', { minutes: 15 }) },
  demo_no_replies: {},
  demo_no_auto_replies: {},
  reply_kind_not_allowed: { kind: 'reject' },
  reply_already_answered: {},
  question_already_rejected: {},
  reply_already_queued: {},
  chat_no_reply_sign: {},
  chat_message_not_editable: {},
  answer_nothing_to_edit: {},
  answer_edit_used: {},
  answer_edit_expired: { days: 60 },
  reject_after_answer: {},
  reply_state_refused: { action: 'cancel', state: 'sending' },
  reply_changed_meanwhile: { action: 'edit' },
  reply_blocked: { violation: coreMessage('guardrail_phrase', { rule: 'promise', phrase: 'вернём деньги' }) },
  reply_limit_deferred: {},
  reply_held: {},
  reply_chat_unchecked: {},
  guardrail_phrase: { rule: 'ai_mention', phrase: 'бот' },
  reply_empty: {},
  reply_too_short: { text: 'Д', min: 2 },
  reply_too_long: { length: 5001, max: 5000 },
  template_builtin_readonly: {},
  ai_aborted: {},
  ai_timeout: { seconds: 20 },
  ai_unreachable: { detail: 'ECONNREFUSED' },
  ai_http_error: { status: 500, detail: 'model not found' },
  ai_bad_response: {},
  ai_empty_response: {},
  ai_internal: {},
  ai_base_url_invalid: {},
  ai_base_url_insecure: {},
  ai_key_needs_base_url: {},
  ai_key_other_origin: {},
  ai_not_configured: {},
  db_damaged: {
    file: '/data/agentiq.db',
    problem: { kind: 'corrupt', sqliteCode: 'SQLITE_CORRUPT' },
    newestBackup: '/data/backups/agentiq-20260501-090000.db',
  },
  db_backup_failed: { error: 'ENOSPC: no space left on device' },
  schema_too_new: { fileVersion: 9, knownVersion: 7 },
  restore_refused: { reason: 'app_running', file: '/tmp/backup.db', running: [{ shell: 'electron', pid: 4242 }] },
  priority_review_stars: { stars: 2 },
  priority_review_signal: { signal: 'smell' },
  priority_question_intent: { intent: 'sizing_fit' },
  priority_chat_waiting: {},
  priority_chat_answered: {},
  priority_due_soon: {},
  priority_overdue: {},
  legacy_text: { text: 'Нет связи с WB' },
  snooze_in_past: {},
  snooze_too_far: { days: 366 },
  auto_reply_skipped: { reason: 'no_template' },
  avito_handoff: { reason: 'asked_for_person' },
};

const say = (message: CoreMessage, now = NOW) => describeMessage(message, { now, ...MOSCOW });

describe('message texts (src-shared/messages)', () => {
  it('every code has a Russian text in the one table, with its params filled in', () => {
    expect(Object.keys(TEXTS).sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const [code, params] of Object.entries(SAMPLES)) {
      const text = say({ code, params } as CoreMessage);
      expect(text, code).toMatch(/[А-Яа-яЁё]/);
      expect(text, code).not.toMatch(/undefined|null|\[object|NaN/);
    }
  });

  it('keeps today’s wording', () => {
    expect(say(coreMessage('not_found', { entity: 'interaction', id: 999 }))).toBe('Обращение #999 не найдено');
    expect(say(coreMessage('reply_state_refused', { action: 'cancel', state: 'sending' }))).toBe(
      'Нельзя отменить ответ: он уже отправляется.',
    );
    expect(
      say(
        coreMessage('reply_blocked', {
          violation: coreMessage('guardrail_phrase', { rule: 'ai_mention', phrase: 'бот' }),
        }),
      ),
    ).toBe('Ответ не отправлен: Нельзя упоминать ИИ, ботов и автоответы: «бот»');
    expect(say(coreMessage('wb_token_expiring', { expiresAt: '2026-05-06T00:00:00Z', days: 5 }))).toMatch(
      /^Токен WB истекает через 5 дн\./,
    );
  });

  it('words the database refusals as before codes: damage with the backup to restore, every restore refusal', () => {
    const damaged = (newestBackup: string | null, problem: MessageParams['db_damaged']['problem']) =>
      say(coreMessage('db_damaged', { file: '/d/agentiq.db', problem, newestBackup }));
    expect(damaged('/d/backups/agentiq-20260501-090000.db', { kind: 'not_a_database' })).toBe(
      'База данных повреждена (файл не является базой SQLite) и не открыта, файл не изменён: /d/agentiq.db. Восстановите последнюю резервную копию: agentiq restore --from "/d/backups/agentiq-20260501-090000.db"',
    );
    expect(damaged(null, { kind: 'corrupt', sqliteCode: 'SQLITE_CORRUPT' })).toMatch(
      /^База данных повреждена \(структура файла испорчена \(SQLITE_CORRUPT\)\) .*Резервных копий нет\..*не удаляйте/,
    );
    expect(
      damaged(null, { kind: 'quick_check', finding: 'Tree 5 page 7: btreeInitPage() returns error code 11' }),
    ).toContain('(quick_check: Tree 5 page 7: ');
    expect(say(coreMessage('schema_too_new', { fileVersion: 9, knownVersion: 7 }))).toBe(
      'База данных записана более новой версией AgentIQ (схема 9, эта версия знает до 7). Обновите AgentIQ, чтобы открыть её; файл не изменён.',
    );
    expect(say(coreMessage('db_backup_failed', { error: 'ENOSPC' }))).toBe(
      'Не удалось сделать резервную копию перед обновлением базы, база не изменена: ENOSPC',
    );

    const refused = (refusal: MessageParams['restore_refused']) => say(coreMessage('restore_refused', refusal));
    const file = '/tmp/b.db';
    expect(refused({ reason: 'not_found', file })).toBe('файл /tmp/b.db не найден');
    expect(refused({ reason: 'same_file', file })).toBe(
      'это и есть текущая база; укажите резервную копию (agentiq doctor показывает последнюю)',
    );
    expect(
      refused({
        reason: 'app_running',
        file,
        running: [
          { shell: 'host', pid: 1 },
          { shell: 'electron', pid: 2 },
        ],
      }),
    ).toBe('AgentIQ сейчас открыт (host, PID 1; electron, PID 2): закройте приложение и повторите. База не изменена.');
    expect(refused({ reason: 'busy', file })).toBe(
      'базу сейчас изменяет другой процесс: закройте AgentIQ и повторите. База не изменена.',
    );
    expect(refused({ reason: 'damaged', file, problem: { kind: 'not_a_database' } })).toBe(
      '/tmp/b.db повреждён (файл не является базой SQLite): из него восстанавливать нельзя',
    );
    expect(refused({ reason: 'not_agentiq', file })).toBe('/tmp/b.db — не база AgentIQ');
    expect(refused({ reason: 'too_new', file, schemaVersion: 9, knownVersion: 8 })).toBe(
      '/tmp/b.db записан более новой версией AgentIQ (схема 9, эта версия знает до 8): обновите AgentIQ',
    );
    expect(refused({ reason: 'copy_check_failed', file })).toBe('копия /tmp/b.db не прошла проверку после копирования');
  });

  it('formats a time relative to the given now, in the given zone: the time today, the date too on another day', () => {
    expect(say(coreMessage('wb_rate_limited', { retryAt: RETRY_AT }))).toBe('Лимит WB: следующий запрос после 14:05');
    expect(say(coreMessage('wb_rate_limited', { retryAt: '2026-05-01T21:30:00Z' }))).toBe(
      'Лимит WB: следующий запрос после 02.05.2026 00:30',
    );
    expect(say(coreMessage('wb_rate_limited', { retryAt: RETRY_AT }), new Date('2026-05-01T21:30:00Z'))).toBe(
      'Лимит WB: следующий запрос после 01.05.2026 14:05',
    );
    expect(
      describeMessage(coreMessage('wb_rate_limited', { retryAt: RETRY_AT }), {
        now: NOW,
        timeZone: 'Asia/Yekaterinburg',
      }),
    ).toBe('Лимит WB: следующий запрос после 16:05');
    expect(say(coreMessage('wb_rate_limited', { retryAt: null }))).toBe(
      'WB ограничил частоту запросов (429). Повторим позже.',
    );
    expect(say(coreMessage('wb_token_expired', { expiredAt: '2026-04-21T00:00:00Z' }))).toMatch(/истёк 21\.04\.2026\./);
  });

  it('an unknown code (a newer version’s row) or broken params still read as something', () => {
    expect(say({ code: 'from_the_future', params: {} } as unknown as CoreMessage)).toBe(
      'Неизвестная ошибка (from_the_future)',
    );
    expect(say({ code: 'reply_blocked', params: {} } as unknown as CoreMessage)).toBe('Ошибка: reply_blocked');
  });
});

describe('stored messages', () => {
  it('round-trips through a TEXT column as JSON of {code, params}', () => {
    const message = coreMessage('wb_rate_limited', { retryAt: RETRY_AT });
    expect(encodeMessage(message)).toBe('{"code":"wb_rate_limited","params":{"retryAt":"2026-05-01T11:05:00Z"}}');
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
    expect(decodeMessage(message)).toEqual(message);
  });

  it('a row written before codes shows its stored text as it is', () => {
    const old = decodeMessage('Лимит WB: следующий запрос после 14:05');
    expect(old).toEqual({ code: 'legacy_text', params: { text: 'Лимит WB: следующий запрос после 14:05' } });
    expect(say(old!)).toBe('Лимит WB: следующий запрос после 14:05');
    expect(decodeMessage('{not json')).toEqual({ code: 'legacy_text', params: { text: '{not json' } });
    expect(decodeMessage('{"code":"x"}')).toEqual({ code: 'legacy_text', params: { text: '{"code":"x"}' } });
    expect(decodeMessage(null)).toBeNull();
    expect(decodeMessage('')).toBeNull();
  });
});
