import { useEffect, useState } from 'react';
import type { BotLogView } from '../../../src-shared/domain/avito-bot';
import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { HANDOFF_REASON_TEXT } from '../../../src-shared/messages/texts';
import { fullDateTime } from '../../lib/time';
import type { UiError } from '../../lib/ui-error';
import { bridge } from '../../bridge';
import { settle } from '../../stores/call';
import { useInboxStore } from '../../stores/inbox-store';
import { AvitoBadge } from '../common/AvitoBadge';
import '../../styles/detail.css';

/**
 * The chat on Avito's own site, for what the app does not play or show (voice, calls, …).
 * Inferred, not in the API spec: the web messenger's channel URL by chat id (CONTRACT.md is silent).
 */
export const avitoChatUrl = (chatId: string) =>
  `https://www.avito.ru/profile/messenger/channel/${encodeURIComponent(chatId)}`;

/** An Avito chat's item in place of WB's product card: title, price, «Открыть на Avito». */
export function AvitoItemCard({ detail }: { detail: InteractionDetail }) {
  const item = detail.avito?.item;
  const title = item?.title ?? detail.productName;
  return (
    <div className="product-card avito-item" data-testid="avito-item">
      <AvitoBadge />
      {title ? (
        <span className="product-card-name" data-testid="avito-item-title">
          {title}
        </span>
      ) : (
        <span className="muted">Объявление не указано</span>
      )}
      {item?.price && <span data-testid="avito-item-price">{item.price}</span>}
      {item?.url && (
        // The window never navigates: main opens an avito.ru link in the system browser (app/security.ts).
        <a className="btn btn-small" href={item.url} target="_blank" rel="noreferrer" data-testid="avito-item-link">
          Открыть на Avito
        </a>
      )}
    </div>
  );
}

/**
 * Who answers the chat (BOT or MANAGER) with the switch, why the bot handed it over, and what the
 * bot answered (or, in dry run, would have answered) with the knowledge it used.
 */
export function AvitoModePanel({ detail }: { detail: InteractionDetail }) {
  const mode = detail.avito?.mode ?? 'manager';
  const refresh = useInboxStore((state) => state.refresh);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [log, setLog] = useState<BotLogView | null>(null);

  useEffect(() => {
    let current = true;
    void settle(bridge['avito.botLog']({ id: detail.id })).then((outcome) => {
      if (current) setLog(outcome.ok ? outcome.value : null);
    });
    return () => {
      current = false;
    };
    // The detail object changes on every refresh (a handoff, a new message): the log follows it.
  }, [detail]);

  const switchTo = async (next: 'bot' | 'manager') => {
    setBusy(true);
    setError(null);
    const outcome = await settle(bridge['avito.setMode']({ id: detail.id, mode: next }));
    setBusy(false);
    if (!outcome.ok) setError(outcome.error);
    else await refresh();
  };

  const reason = mode === 'manager' ? (log?.reason ?? null) : null;
  return (
    <section
      className={`avito-mode avito-mode-${mode}`}
      data-testid="avito-mode"
      data-mode={mode}
      data-chat-id={detail.externalId}
    >
      <div className="avito-mode-head">
        <span className={`chip avito-mode-chip avito-mode-chip-${mode}`} data-testid="avito-mode-label">
          {mode === 'bot' ? 'Отвечает бот' : 'Отвечает менеджер'}
        </span>
        {mode === 'bot' ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid="avito-take"
            disabled={busy}
            onClick={() => void switchTo('manager')}
          >
            Взять себе
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            data-testid="avito-to-bot"
            disabled={busy}
            onClick={() => void switchTo('bot')}
          >
            Передать боту
          </button>
        )}
      </div>
      {reason && (
        <div className="avito-handoff-reason" data-testid="avito-handoff-reason">
          Передан менеджеру: {HANDOFF_REASON_TEXT[reason]}
        </div>
      )}
      {error && (
        <div className="connect-error" role="alert" data-testid="avito-mode-error">
          {error.message}
        </div>
      )}
      {log && log.entries.length > 0 && (
        <ul className="avito-bot-log" aria-label="Ответы бота">
          {log.entries.map((entry) => (
            <li key={entry.id} data-testid="avito-bot-entry" data-kind={entry.kind} data-dry-run={entry.dryRun}>
              <div className="muted">
                {entry.kind === 'answer'
                  ? entry.dryRun
                    ? 'Бот ответил бы (пробный режим, не отправлено)'
                    : 'Бот ответил'
                  : `Бот передал чат${entry.reason ? `: ${HANDOFF_REASON_TEXT[entry.reason]}` : ''}`}{' '}
                · {fullDateTime(entry.createdAt)}
              </div>
              {entry.text && <div className="avito-bot-text">{entry.text}</div>}
              {entry.citations.length > 0 && (
                <div className="muted avito-bot-cites">
                  По базе знаний: {entry.citations.map((cite) => cite.title || cite.ref).join('; ')}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
