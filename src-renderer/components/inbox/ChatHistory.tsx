import type { ChatAttachment, ChatMessage } from '../../../src-shared/domain/interaction';
import { SENDER_LABEL } from '../../lib/labels';
import type { TextRange } from '../../../src-shared/domain/search';
import { clockTime, dayKey, fullDateTime } from '../../lib/time';
import { Highlighted } from '../common/Highlighted';
import { ChatImage } from './ChatImage';

interface Props {
  messages: ChatMessage[];
  customerName: string | null;
  /** Words the current search matched, by message id. */
  highlights?: Record<number, TextRange[]> | undefined;
  /** An Avito chat: its page on Avito, for what the app does not play or show (voice, calls, …). */
  avitoChatUrl?: string;
}

/** Avito message types shown as a line of their own (issue 12); anything else unknown gets the placeholder. */
const AVITO_TYPE_LABEL: Record<string, string> = {
  voice: 'Голосовое сообщение',
  call: 'Звонок через Avito',
  deleted: 'Сообщение удалено',
  location: 'Геопозиция',
};

const ATTACHMENT_FALLBACK: Record<ChatAttachment['kind'], string> = {
  file: 'Файл',
  image: 'Изображение',
  good_card: 'Карточка товара',
};

/** The whole chat as bubbles: buyer on the left, seller (and WB notices) on the right. */
export function ChatHistory({ messages, customerName, highlights, avitoChatUrl }: Props) {
  if (messages.length === 0) return <div className="list-state">В чате пока нет сообщений</div>;
  const ordered = [...messages].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  let lastDay = '';
  return (
    <section className="chat" aria-label="История чата">
      {ordered.map((message) => {
        const day = dayKey(message.sentAt);
        const showDay = day !== lastDay;
        lastDay = day;
        const senderLabel = message.sender === 'client' && customerName ? customerName : SENDER_LABEL[message.sender];
        return (
          <div key={message.id} className="chat-item">
            {showDay && <div className="chat-day">{day}</div>}
            <div
              className={`bubble bubble-${message.sender}`}
              data-testid="chat-message"
              data-sender={message.sender}
              title={message.sender === 'marketplace' ? 'Системное сообщение Avito (не покупатель)' : undefined}
            >
              <div className="bubble-meta">
                <span className="bubble-sender">{senderLabel}</span>
                <span className="bubble-time" title={fullDateTime(message.sentAt)}>
                  {clockTime(message.sentAt)}
                </span>
              </div>
              {message.text && (
                <div className="bubble-text">
                  <Highlighted text={message.text} ranges={highlights?.[message.id]} />
                </div>
              )}
              {message.attachments.length > 0 && (
                <ul className="attachments">
                  {message.attachments.map((attachment, index) => (
                    <li key={`${attachment.downloadId ?? attachment.name ?? ''}-${index}`}>
                      {attachment.kind === 'image' && attachment.url ? (
                        <ChatImage messageId={message.id} index={index} attachment={attachment} />
                      ) : attachment.avitoType && attachment.avitoType !== 'item' && attachment.avitoType !== 'link' ? (
                        <AvitoAttachment type={attachment.avitoType} chatUrl={avitoChatUrl} />
                      ) : attachment.avitoType && attachment.url ? (
                        <a href={attachment.url} target="_blank" rel="noreferrer" data-testid="avito-attachment-link">
                          {attachment.name || (attachment.avitoType === 'item' ? 'Объявление' : 'Ссылка')}
                        </a>
                      ) : (
                        <>
                          <PaperclipIcon />
                          {attachment.name || ATTACHMENT_FALLBACK[attachment.kind]}
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        );
      })}
    </section>
  );
}

/** An Avito message the app does not show itself: voice (a link to the chat on Avito), or a placeholder. */
function AvitoAttachment({ type, chatUrl }: { type: string; chatUrl: string | undefined }) {
  const label = AVITO_TYPE_LABEL[type];
  return (
    <span className={`avito-attachment avito-attachment-${type}`} data-testid="avito-attachment" data-type={type}>
      <PaperclipIcon />
      {label ?? 'Вложение, которое приложение пока не показывает'}
      {chatUrl && (type === 'voice' || !label) && (
        <>
          {' · '}
          <a href={chatUrl} target="_blank" rel="noreferrer" data-testid="avito-attachment-open">
            {type === 'voice' ? 'Прослушать на Avito' : 'Открыть на Avito'}
          </a>
        </>
      )}
    </span>
  );
}

// An SVG, not the 📎 emoji: machines without an emoji font render the emoji as an empty box.
function PaperclipIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path
        d="M10.5 4.5 5.8 9.2a1.2 1.2 0 0 0 1.7 1.7l5-5a2.5 2.5 0 0 0-3.5-3.5l-5.2 5.2a3.8 3.8 0 0 0 5.4 5.4l4.3-4.3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}
