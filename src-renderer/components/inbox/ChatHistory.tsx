import type { ChatAttachment, ChatMessage } from '../../../src-shared/domain/interaction';
import { SENDER_LABEL } from '../../lib/labels';
import { clockTime, dayKey, fullDateTime } from '../../lib/time';

interface Props {
  messages: ChatMessage[];
  customerName: string | null;
}

const ATTACHMENT_FALLBACK: Record<ChatAttachment['kind'], string> = {
  file: 'Файл',
  image: 'Изображение',
  good_card: 'Карточка товара',
};

/** The whole chat as bubbles: buyer on the left, seller (and WB notices) on the right. */
export function ChatHistory({ messages, customerName }: Props) {
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
            <div className={`bubble bubble-${message.sender}`} data-testid="chat-message" data-sender={message.sender}>
              <div className="bubble-meta">
                <span className="bubble-sender">{senderLabel}</span>
                <span className="bubble-time" title={fullDateTime(message.sentAt)}>
                  {clockTime(message.sentAt)}
                </span>
              </div>
              {message.text && <div className="bubble-text">{message.text}</div>}
              {message.attachments.length > 0 && (
                <ul className="attachments">
                  {message.attachments.map((attachment, index) => (
                    <li key={`${attachment.downloadId ?? attachment.name ?? ''}-${index}`}>
                      📎 {attachment.name || ATTACHMENT_FALLBACK[attachment.kind]}
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
