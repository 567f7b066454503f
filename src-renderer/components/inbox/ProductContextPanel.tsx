import type { ContextItem, ProductContext, RatingWeek } from '../../../src-shared/domain/context';
import { messageText } from '../../lib/message-text';
import { fullDateTime, relativeTime } from '../../lib/time';
import { useContextStore } from '../../stores/context-store';
import { useInboxStore } from '../../stores/inbox-store';
import { Stars } from '../common/Stars';

const SHOWN = 3;
const EXCERPT = 120;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT).trimEnd()}…` : text);
const percent = (share: number) => `${Math.round(share * 100)} %`;
const stars = (average: number) => average.toFixed(1).replace('.', ',');

/** The product's complaints, questions, problem shares and rating trend (a bar per week, plain elements). */
export function ProductContextPanel({ interactionId }: { interactionId: number }) {
  const product = useContextStore((state) => (state.interactionId === interactionId ? state.product : null));
  if (!product) return null;
  const problems = product.signals.filter((signal) => signal.count > 0);
  return (
    <details className="detail-section context-panel" data-testid="product-context">
      <summary>
        <h3>Товар{product.productName ? `: ${product.productName}` : ''}</h3>
        <span className="muted">
          отзывов за {product.weeks} нед.: {product.reviewCount}
        </span>
      </summary>
      <RatingTrend weeks={product.ratingTrend} />
      <div>
        <h4 className="context-title">Проблемы в отзывах</h4>
        {problems.length === 0 ? (
          <p className="muted">Жалоб на брак, пересорт или возврат за период нет.</p>
        ) : (
          <ul className="context-list">
            {problems.map((signal) => (
              <li key={signal.signal}>
                {messageText({ code: 'priority_review_signal', params: { signal: signal.signal } })} —{' '}
                {percent(signal.share)} ({signal.count})
              </li>
            ))}
          </ul>
        )}
      </div>
      <ContextList title="Последние жалобы" items={product.complaints} empty="Негативных отзывов нет." />
      <ContextList title="Вопросы и ответы" items={product.questions} empty="Вопросов о товаре нет." />
    </details>
  );
}

function RatingTrend({ weeks }: { weeks: ProductContext['ratingTrend'] }) {
  if (weeks.every((week) => week.count === 0)) return <p className="muted">Оценок за период нет.</p>;
  return (
    <div>
      <h4 className="context-title">Средняя оценка по неделям</h4>
      <div className="trend" role="list">
        {weeks.map((week) => (
          <TrendBar key={week.weekStart} week={week} />
        ))}
      </div>
    </div>
  );
}

function TrendBar({ week }: { week: RatingWeek }) {
  const label =
    week.average === null
      ? `Неделя с ${fullDateTime(week.weekStart)}: оценок нет`
      : `Неделя с ${fullDateTime(week.weekStart)}: ${stars(week.average)} ★, отзывов ${week.count}`;
  return (
    <div className="trend-week" role="listitem" title={label} aria-label={label}>
      <div className="trend-bar-box">
        {week.average !== null && (
          <div
            className={week.average < 4 ? 'trend-bar trend-low' : 'trend-bar'}
            style={{ height: `${(week.average / 5) * 100}%` }}
          />
        )}
      </div>
      <span className="trend-value">{week.average === null ? '—' : stars(week.average)}</span>
    </div>
  );
}

function ContextList({ title, items, empty }: { title: string; items: ContextItem[]; empty: string }) {
  const select = useInboxStore((state) => state.select);
  return (
    <div>
      <h4 className="context-title">{title}</h4>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="context-list">
          {items.slice(0, SHOWN).map((item) => (
            <li key={item.id}>
              <button type="button" className="link-button" onClick={() => void select(item.id)}>
                <span className="muted" title={fullDateTime(item.occurredAt)}>
                  {relativeTime(item.occurredAt)}
                </span>{' '}
                {item.rating !== null && <Stars rating={item.rating} />} {excerpt(item.text) || 'без текста'}
              </button>
              {item.answerText && <div className="thread-answer">Ответ: {excerpt(item.answerText)}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
