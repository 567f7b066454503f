import { intentLabel, type ReviewSignal } from '../domain/interaction';
import { keychainProblemText } from '../domain/keychain';
import type { OutboxState } from '../domain/outbox';
import type { HandoffReason } from '../domain/avito-bot';
import type {
  AutoReplySkipCode,
  DatabaseProblem,
  GuardrailRule,
  KeychainAction,
  MessageCode,
  MessageParams,
  NotFoundEntity,
  ReplyAction,
  RestoreRefusal,
} from './catalog';

/** Formatting describe() hands every text: times relative to the caller's `now`, in its time zone. */
export interface TextFormat {
  /** «14:05» today, «02.05.2026 14:05» on another day. */
  time(iso: string): string;
  /** «02.05.2026». */
  date(iso: string): string;
  /** A nested message (reply_blocked carries the violation). */
  describe(message: { code: MessageCode; params: unknown }): string;
}

type Texts = { [C in MessageCode]: (params: MessageParams[C], format: TextFormat) => string };

const NOT_FOUND: Record<NotFoundEntity, (id: number | string) => string> = {
  account: (id) => `Магазин #${id} не найден`,
  interaction: (id) => `Обращение #${id} не найдено`,
  outbox_entry: (id) => `Ответ #${id} в очереди не найден`,
  template: (id) => `Шаблон «${id}» не найден`,
  link: (id) => `Связь #${id} не найдена`,
};

const REVIEW_SIGNAL: Record<ReviewSignal, string> = {
  defect: 'брак',
  wrong_item: 'не тот товар',
  return: 'возврат',
  smell: 'запах',
  size: 'не подошёл размер',
  delivery_damage: 'повреждён при доставке',
};

/** A review's problem signal in a few words (the inbox reason, the product panel, CSV exports). */
export const reviewSignalText = (signal: string): string => REVIEW_SIGNAL[signal as ReviewSignal] ?? signal;

const CHANNEL_NAME: Record<string, string> = {
  review: 'отзывы',
  question: 'вопросы',
  chat: 'чаты',
  avito_chat: 'чаты Avito',
};

const KEYCHAIN_VERB: Record<KeychainAction, string> = { read: 'прочитать', save: 'сохранить', delete: 'удалить' };

const TOKEN_PROBLEM: Record<MessageParams['wb_token_malformed']['problem'], string> = {
  not_jwt: 'нужны три части JWT, разделённые точками',
  unreadable: 'не читается содержимое токена',
  no_scopes: 'нет поля прав доступа',
};

const ACTION_VERB: Record<ReplyAction, string> = {
  cancel: 'отменить',
  retry: 'повторить',
  edit: 'изменить',
  resolve_conflict: 'разрешить конфликт для',
};

const STATE_PHRASE: Record<OutboxState, string> = {
  sending: 'уже отправляется',
  sent_pending: 'уже отправлен и ждёт подтверждения WB',
  confirmed: 'уже опубликован',
  cancelled: 'отменён',
  queued: 'ещё в очереди',
  failed: 'не отправлен из-за ошибки',
  conflict: 'в конфликте с ответом на WB',
};

const AUTO_REPLY_SKIP: Record<AutoReplySkipCode, string> = {
  kill_switch: 'включена аварийная остановка автоответов',
  disabled: 'автоответы выключены в настройках',
  rating_not_selected: 'оценка не выбрана в правилах',
  not_positive: 'в отзыве есть негатив',
  daily_cap_reached: 'достигнут лимит автоответов в день',
  no_template: 'нет подходящего одобренного шаблона',
  guardrails_blocked: 'текст не прошёл проверку',
  not_candidate: 'это не отзыв, ждущий ответа',
};

const HANDOFF: Record<HandoffReason, string> = {
  asked_for_person: 'покупатель просит человека',
  guardrail_blocked: 'ответ бота не прошёл проверку',
  provider_failed: 'ИИ не ответил',
  weak_grounding: 'в базе знаний нет ответа',
  money_or_dispute: 'речь о деньгах, браке или претензии',
  turn_limit: 'бот ответил максимум раз в этом чате',
  daily_cap: 'достигнут дневной лимит ответов бота',
  send_refused: 'ответ бота не удалось поставить в очередь',
  interrupted: 'приложение закрылось, пока бот готовил ответ',
};

const GUARDRAIL: Record<GuardrailRule, string> = {
  ai_mention: 'Нельзя упоминать ИИ, ботов и автоответы',
  promise: 'Обещание возврата денег, компенсации или гарантии',
  blame: 'Звучит как упрёк покупателю',
  dismissive: 'Звучит как отказ помочь',
  return_suggestion: 'Предложение вернуть товар, о котором покупатель не просил',
  contact: 'Контакты и внешние ссылки в ответах запрещены правилами WB',
};

/** What is wrong with a database file, in a few words (also `agentiq doctor`'s check line). */
export function databaseProblemText(problem: DatabaseProblem): string {
  switch (problem.kind) {
    case 'not_a_database':
      return 'файл не является базой SQLite';
    case 'corrupt':
      return `структура файла испорчена (${problem.sqliteCode})`;
    case 'quick_check':
      return `quick_check: ${problem.finding}`;
  }
}

function restoreRefusalText(refusal: RestoreRefusal): string {
  switch (refusal.reason) {
    case 'not_found':
      return `файл ${refusal.file} не найден`;
    case 'same_file':
      return 'это и есть текущая база; укажите резервную копию (agentiq doctor показывает последнюю)';
    case 'app_running':
      return `AgentIQ сейчас открыт (${refusal.running.map((m) => `${m.shell}, PID ${m.pid}`).join('; ')}): закройте приложение и повторите. База не изменена.`;
    case 'busy':
      return 'базу сейчас изменяет другой процесс: закройте AgentIQ и повторите. База не изменена.';
    case 'damaged':
      return `${refusal.file} повреждён (${databaseProblemText(refusal.problem)}): из него восстанавливать нельзя`;
    case 'not_agentiq':
      return `${refusal.file} — не база AgentIQ`;
    case 'too_new':
      return `${refusal.file} записан более новой версией AgentIQ (схема ${refusal.schemaVersion}, эта версия знает до ${refusal.knownVersion}): обновите AgentIQ`;
    case 'copy_check_failed':
      return `копия ${refusal.file} не прошла проверку после копирования`;
  }
}

/** The one table of seller-facing Russian for everything core reports (see catalog.ts). */
export const TEXTS: Texts = {
  unknown_channel: ({ channel }) => `Неизвестный вызов: ${channel}`,
  invalid_input: ({ path, issue }) => `Некорректные данные (${path}): ${issue}`,
  invalid_json: () => 'Некорректный JSON',
  forbidden_sender: () => 'Вызов отклонён: неизвестный отправитель.',
  unavailable: () => 'Нет связи с приложением',
  internal: () => 'Внутренняя ошибка. Попробуйте ещё раз.',
  app_closing: () => 'Приложение закрывается',
  login_item_unsupported: () => 'Запуск при входе в систему настраивается в приложении AgentIQ Desktop.',
  login_item_failed: ({ reason }) => `Не удалось изменить запуск при входе в систему: ${reason}`,
  open_folder_unsupported: () =>
    'Открыть папку можно только в приложении AgentIQ Desktop. Здесь скопируйте путь и откройте её в файловом менеджере.',
  open_folder_failed: ({ reason }) => `Не удалось открыть папку данных: ${reason}`,
  core_restarted: () => 'Ядро приложения перезапущено после сбоя. Повторите действие — данные не потеряны.',
  core_failed: ({ crashes, seconds }) =>
    `Ядро приложения падает снова и снова (${crashes} раз за ${seconds} с). Перезапустите AgentIQ Desktop.`,
  not_found: ({ entity, id }) => (NOT_FOUND[entity] ?? NOT_FOUND.interaction)(id),
  // What is wrong, the fix, then the technical reason.
  keychain_unavailable: ({ action, reason, problem, fixCommand }) =>
    `Системное хранилище паролей недоступно, не удалось ${KEYCHAIN_VERB[action]} токен. ${keychainProblemText({ problem: problem ?? null, fixCommand: fixCommand ?? null })}${fixCommand ? ` ${fixCommand}` : ''}${reason ? ` (${reason})` : ''}`,
  keychain_failed: ({ action, reason }) =>
    `Системное хранилище паролей: не удалось ${KEYCHAIN_VERB[action]} токен: ${reason}`,

  wb_token_malformed: ({ problem }) =>
    `Это не похоже на токен WB API (${TOKEN_PROBLEM[problem] ?? problem}). Скопируйте токен целиком из ЛК продавца: Настройки → Доступ к API.`,
  wb_token_expired: ({ expiredAt }, f) =>
    `Срок действия токена WB истёк${expiredAt ? ` ${f.date(expiredAt)}` : ''}. Создайте новый токен в ЛК продавца и подключите его заново.`,
  wb_token_expiring: ({ days }) =>
    `Токен WB истекает через ${days} дн. Создайте новый токен заранее, чтобы синхронизация не остановилась.`,
  wb_token_no_channels: () =>
    'У токена нет доступа ни к «Вопросам и отзывам», ни к «Чату с покупателями». Создайте токен с этими категориями.',
  wb_token_read_only: () =>
    'Токен только для чтения: WB не примет ответ. Создайте в ЛК продавца токен с правом записи и подключите его.',
  no_token: () => 'Токен WB для этого магазина не найден. Подключите WB заново.',
  token_other_seller: () =>
    'Этот токен выдан другому продавцу WB. Чтобы заменить токен, создайте новый в ЛК этого же магазина; другой магазин подключите через «Подключить WB».',
  demo_no_token: () => 'У демо-магазина нет токена: его можно только удалить вместе с данными.',
  account_from_env: () =>
    'Этот магазин подключён через переменную AGENTIQ_WB_TOKEN: токен меняется там, а не в настройках.',
  token_note_read_only: () =>
    'Токен только для чтения: отзывы, вопросы и чаты будут загружаться, но отвечать из приложения нельзя.',
  token_note_no_feedbacks_questions: () =>
    'У токена нет категории «Вопросы и отзывы»: отзывы и вопросы не будут загружаться.',
  token_note_no_buyer_chat: () => 'У токена нет категории «Чат с покупателями»: чаты не будут загружаться.',
  token_note_base: () =>
    'Это базовый токен: WB даёт ему сильно сниженные лимиты, синхронизация будет медленной. Для работы лучше персональный токен.',
  token_note_sandbox: () => 'Это тестовый токен: данные берутся из песочницы WB, а не из вашего магазина.',
  avito_identity_invalid: () =>
    'Avito не сообщил номер аккаунта для этих ключей. Проверьте, что это client_id и client_secret основного аккаунта компании.',
  avito_not_wired: () => 'Подключение Avito недоступно в этой сборке приложения.',
  avito_not_avito_chat: ({ id }) => `Элемент ${id} — не чат Avito: режим «бот/менеджер» есть только у чатов Avito.`,

  wb_token_invalid: () => 'WB не принял токен (401). Проверьте токен или создайте новый в ЛК продавца.',
  wb_access_denied: () => 'WB запретил доступ (403): пользователь токена удалён или метод недоступен.',
  wb_rate_limited: ({ retryAt }, f) =>
    retryAt
      ? `Лимит WB: следующий запрос после ${f.time(retryAt)}`
      : 'WB ограничил частоту запросов (429). Повторим позже.',
  wb_server_error: ({ status }) => `Сервер WB ответил ошибкой${status ? ` ${status}` : ''}. Повторим позже.`,
  wb_timeout: () => 'WB не ответил вовремя. Повторим позже.',
  wb_unreachable: () => 'Нет связи с WB. Продолжим, когда сеть появится.',
  wb_contract: ({ detail }) =>
    `WB прислал неожиданный ответ${detail ? `: ${detail}` : '. Часть данных могла не загрузиться.'}`,
  wb_refused: ({ detail }) => `WB отклонил ответ: ${detail}`,
  wb_moderation_rejected: () => 'WB отклонил ответ на модерации',
  wb_file_blocked: () => 'Файл не прошёл модерацию WB',

  avito_bad_credentials: () =>
    'Avito не принял client_id и client_secret. Скопируйте их заново в Авито Про, раздел «API» (avito.ru/professionals/api).',
  avito_tier_denied: () =>
    'Avito не даёт доступ к Messenger API на вашем тарифе: нужна подписка «Максимальный» (товары и работа) или «Расширенный» и выше (услуги).',
  avito_employee_key: () =>
    'Avito не даёт этому ключу доступ к чату: похоже, это ключ сотрудника. Подключите ключ основного аккаунта компании.',
  avito_token_rejected: () =>
    'Avito отклоняет токен доступа даже после обновления. Проверьте ключ API в Авито Про и подключите аккаунт заново.',
  avito_rate_limited: ({ retryAt }, f) =>
    retryAt
      ? `Лимит Avito: следующий запрос после ${f.time(retryAt)}`
      : 'Avito ограничил частоту запросов (429). Повторим позже.',
  avito_unavailable: ({ status }) =>
    status
      ? `Сервер Avito ответил ошибкой ${status}. Повторим позже.`
      : 'Нет связи с Avito. Повторим, когда сеть появится.',
  avito_refused: ({ detail }) => `Avito отклонил запрос: ${detail}`,
  avito_not_found: () => 'Avito не нашёл этот чат: возможно, он удалён.',
  avito_contract: ({ detail }) =>
    `Avito прислал неожиданный ответ${detail ? `: ${detail}` : '. Часть данных могла не загрузиться.'}`,

  demo_not_synced: () => 'Демо-магазин не синхронизируется с WB',
  sync_timeout: () => 'Синхронизация прервалась и не завершилась вовремя',
  sync_chat_pages_capped: ({ maxPages }) =>
    `Лента событий чата длиннее ${maxPages} страниц за один запуск: остальное загрузим со следующей синхронизацией, с того же места.`,
  sync_internal: () => 'Внутренняя ошибка синхронизации',
  health_never_synced: () => 'Ещё не было успешной синхронизации',
  health_stale: ({ minutes }) => `Нет успешной синхронизации больше ${minutes} минут`,
  health_error_rate: ({ percent }) => `Ошибки в ${percent}% последних синхронизаций`,
  health_repeated_429: () => 'WB несколько раз подряд ограничил частоту запросов (429)',
  health_zero_fetch_streak: ({ runs }) => `${runs} синхронизаций подряд WB не вернул ни одного элемента`,

  alert_sla_overdue: ({ count }) => `Просрочено по SLA: ${count}`,
  alert_sla_due_soon: ({ count, minutes }) => `Срок ответа истекает в ближайшие ${minutes} мин: ${count}`,
  alert_manual_rate_rising: ({ percent, previousPercent, replies }) =>
    `Доля ответов без черновика выросла: ${percent}% за неделю (${replies} ответов) против ${previousPercent}% неделей раньше`,
  alert_negative_reviews_jump: ({ product, nmId, count, previousWeekly }) =>
    `Всплеск негативных отзывов: «${product}» (арт. ${nmId}) — ${count} за неделю, обычно ${String(previousWeekly).replace('.', ',')} в неделю`,
  alert_sync_health: ({ shop, channel, problem }, f) =>
    `${shop}, ${CHANNEL_NAME[channel] ?? channel}: ${f.describe(problem)}`,

  demo_no_replies: () => 'Это демо-магазин: ответы из него не отправляются в WB. Подключите свой магазин.',
  demo_no_auto_replies: () => 'Это демо-магазин: автоответы из него не отправляются в WB.',
  reply_kind_not_allowed: ({ kind }) => `Для этого обращения нельзя: ${kind}`,
  reply_already_answered: () =>
    'На WB уже есть ответ на это обращение. Его можно изменить (WB разрешает это один раз в течение 60 дней).',
  question_already_rejected: () => 'Вопрос уже отклонён.',
  reply_already_queued: () =>
    'Ответ на это обращение уже в очереди или ждёт подтверждения WB. Измените его или отмените.',
  chat_no_reply_sign: () =>
    'Нет подписи чата (replySign) — синхронизируйте чаты и попробуйте снова. Начать чат первым продавец не может.',
  chat_message_not_editable: () => 'Сообщения в чате нельзя изменить.',
  answer_nothing_to_edit: () => 'Изменять нечего: на WB ещё нет ответа.',
  answer_edit_used: () =>
    'WB позволяет изменить ответ только один раз в течение 60 дней — этот ответ изменить уже нельзя.',
  answer_edit_expired: ({ days }) => `Прошло больше ${days} дней с ответа — WB больше не даёт его изменить.`,
  reject_after_answer: () =>
    'Вопрос уже получил ответ на WB, отклонить его нельзя. Текст отклонения нельзя опубликовать вместо ответа — оставьте ответ WB.',
  reply_state_refused: ({ action, state }) =>
    `Нельзя ${ACTION_VERB[action] ?? action} ответ: он ${STATE_PHRASE[state] ?? state}.`,
  reply_changed_meanwhile: ({ action }) =>
    `Нельзя ${ACTION_VERB[action] ?? action} ответ: он только что изменился. Попробуйте ещё раз.`,
  reply_blocked: ({ violation }, f) => `Ответ не отправлен: ${f.describe(violation)}`,
  reply_limit_deferred: () => 'Лимит запросов WB: ответ уйдёт, когда WB снова примет запрос',
  reply_held: () => 'Ответ отправится через несколько секунд — его ещё можно отменить',
  reply_chat_unchecked: () => 'Не удалось проверить чат на WB — проверим ещё раз перед повторной отправкой',

  guardrail_phrase: ({ rule, phrase }) => `${GUARDRAIL[rule] ?? 'Недопустимая фраза'}: «${phrase}»`,
  reply_empty: () => 'Ответ пустой',
  reply_too_short: ({ text, min }) => `Ответ слишком короткий: «${text}». Минимум ${min} символа`,
  reply_too_long: ({ length, max }) =>
    `Ответ слишком длинный: ${length} символов при максимуме ${max}. Сократите на ${length - max}`,

  template_builtin_readonly: () => 'Встроенный шаблон нельзя перезаписать: сохраните копию под другим id',
  ai_aborted: () => 'Генерация отменена',
  ai_timeout: ({ seconds }) => `Модель не ответила за ${seconds} с`,
  ai_unreachable: ({ detail }) => `Сервер модели недоступен${detail ? ` (${detail})` : ''}`,
  ai_http_error: ({ status, detail }) => `Сервер модели ответил HTTP ${status}${detail ? `: ${detail}` : ''}`,
  ai_bad_response: () => 'Сервер модели вернул ответ в неожиданном формате',
  ai_empty_response: () => 'Модель вернула пустой ответ',
  ai_internal: () => 'Непредвиденная ошибка генерации',
  ai_base_url_invalid: () => 'Укажите адрес API, начиная с https://',
  ai_base_url_insecure: () =>
    'Адрес API должен начинаться с https://. Без https ключ и тексты покупателей можно перехватить; http:// подходит только для сервера на этом компьютере (localhost, 127.0.0.1, ::1).',
  ai_key_needs_base_url: () =>
    'Сначала сохраните адрес API: ключ отправляется только на тот адрес, для которого его ввели.',
  ai_not_configured: () => 'Укажите адрес API и модель, затем сохраните настройки и проверьте снова.',
  ai_key_other_origin: () =>
    'Ключ API был введён для другого адреса API и туда не отправляется. Введите ключ заново в настройках.',

  // One line: the CLI prints it after `agentiq <command>: `, Electron in its error dialog.
  db_damaged: ({ file, problem, newestBackup }) =>
    `База данных повреждена (${databaseProblemText(problem)}) и не открыта, файл не изменён: ${file}. ` +
    (newestBackup
      ? `Восстановите последнюю резервную копию: agentiq restore --from ${JSON.stringify(newestBackup)}`
      : 'Резервных копий нет. Отзывы, вопросы и чаты можно загрузить из WB заново: переименуйте этот файл (не удаляйте его) и запустите AgentIQ снова.'),
  db_backup_failed: ({ error }) =>
    `Не удалось сделать резервную копию перед обновлением базы, база не изменена: ${error}`,
  restore_refused: (refusal) => restoreRefusalText(refusal),
  schema_too_new: ({ fileVersion, knownVersion }) =>
    `База данных записана более новой версией AgentIQ (схема ${fileVersion}, эта версия знает до ${knownVersion}). Обновите AgentIQ, чтобы открыть её; файл не изменён.`,

  priority_review_stars: ({ stars }) => `оценка ${stars}★`,
  priority_review_signal: ({ signal }) => REVIEW_SIGNAL[signal] ?? signal,
  priority_question_intent: ({ intent }) => `вопрос: ${intentLabel(intent).toLowerCase()}`,
  priority_chat_waiting: () => 'покупатель ждёт ответа в чате',
  priority_chat_answered: () => 'ответ отправлен',
  priority_due_soon: () => 'скоро срок ответа',
  priority_overdue: () => 'просрочено',

  legacy_text: ({ text }) => text,

  snooze_in_past: () => 'Время, до которого отложить, уже прошло. Выберите момент в будущем.',
  snooze_too_far: ({ days }) => `Отложить можно не больше чем на ${days} дней.`,
  auto_reply_skipped: ({ reason }) => `Автоответ не подходит: ${AUTO_REPLY_SKIP[reason] ?? reason}`,
  avito_handoff: ({ reason }) => `Чат передан менеджеру: ${HANDOFF[reason] ?? reason}`,
};

/** The handoff reasons in the seller's words (the detail pane, the bot settings). */
export { HANDOFF as HANDOFF_REASON_TEXT };
