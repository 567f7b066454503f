import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import type { TimelineStep } from '../../../src-shared/domain/links';
import { confidenceText, stepReasonText, THREAD_KIND_TEXT } from '../../../src-shared/messages/link-texts';
import { CHANNEL_LABEL } from '../../lib/labels';
import { fullDateTime, relativeTime } from '../../lib/time';
import { useComposerStore } from '../../stores/composer-store';
import { useContextStore } from '../../stores/context-store';
import { useInboxStore } from '../../stores/inbox-store';
import { ChannelIcon } from '../common/ChannelIcon';
import { ErrorNotice } from '../common/ErrorNotice';
import { Stars } from '../common/Stars';

const EXCERPT = 160;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT).trimEnd()}…` : text);

/** «История покупателя»: the open item's thread in time order, with why each step is in it. */
export function ThreadTimeline({ detail }: { detail: InteractionDetail }) {
  const timeline = useContextStore((state) => (state.interactionId === detail.id ? state.timeline : null));
  const error = useContextStore((state) => (state.interactionId === detail.id ? state.timelineError : null));
  const decideError = useContextStore((state) => state.decideError);
  const reload = useContextStore((state) => state.load);

  if (error)
    return (
      <section className="detail-section">
        <ErrorNotice
          title="Не удалось загрузить историю покупателя"
          error={error}
          onRetry={() => void reload(detail)}
        />
      </section>
    );
  if (!timeline) return null;
  const opened = timeline.steps.find((step) => step.id === detail.id);
  return (
    <section className="detail-section thread" data-testid="thread" aria-label="История покупателя">
      <h3>
        История покупателя <span className="thread-kind">· {THREAD_KIND_TEXT[timeline.kind]}</span>
      </h3>
      {timeline.steps.length <= 1 ? (
        <p className="muted">Других обращений этого покупателя по заказу или товару не найдено.</p>
      ) : (
        <ol className="thread-steps">
          {timeline.steps.map((step) => (
            <ThreadStep key={step.id} step={step} detail={detail} openedAt={opened?.occurredAt ?? detail.occurredAt} />
          ))}
        </ol>
      )}
      {decideError && <ErrorNotice title="Не удалось сохранить решение о связи" error={decideError} />}
    </section>
  );
}

function ThreadStep({ step, detail, openedAt }: { step: TimelineStep; detail: InteractionDetail; openedAt: string }) {
  const select = useInboxStore((state) => state.select);
  const fill = useComposerStore((state) => state.fill);
  const decide = useContextStore((state) => state.decide);
  const deciding = useContextStore((state) => state.decidingLinkId !== null);
  const isSelf = step.matchReason === 'self';
  const suggestion = step.actionMode === 'assist' && step.linkId !== null && step.decision === null;
  return (
    <li className={isSelf ? 'thread-step thread-self' : 'thread-step'} data-testid="thread-step">
      <div className="thread-line">
        <ChannelIcon channel={step.channel} />
        <span className="muted" title={fullDateTime(step.occurredAt)}>
          {relativeTime(step.occurredAt)}
        </span>
        {step.rating !== null && <Stars rating={step.rating} />}
        <span className={suggestion ? 'thread-reason thread-guess' : 'thread-reason'}>
          {stepReasonText(step, openedAt)}
          {!isSelf && step.actionMode !== 'auto' && ` · ${confidenceText(step.confidence)}`}
          {step.decision === 'confirmed' && ' · подтверждено'}
        </span>
      </div>
      <p className="thread-text">
        {step.text ? excerpt(step.text) : <span className="muted">{CHANNEL_LABEL[step.channel]} без текста</span>}
      </p>
      {step.answerText && !isSelf && <p className="thread-answer">Ответ: {excerpt(step.answerText)}</p>}
      <div className="thread-actions">
        {!isSelf && (
          <button type="button" className="btn btn-small" onClick={() => void select(step.id)}>
            Открыть
          </button>
        )}
        {step.wbUrl && (
          <a className="btn btn-small" href={step.wbUrl} target="_blank" rel="noreferrer">
            Открыть на WB
          </a>
        )}
        {step.answerText && !isSelf && detail.needsResponse && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() =>
              fill(detail.id, detail.channel, step.answerText!, 'template', { templateTitle: 'ответ из истории' })
            }
          >
            Взять ответ как шаблон
          </button>
        )}
        {suggestion && (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={deciding}
              onClick={() => void decide(step.linkId!, 'confirmed')}
            >
              Это тот же покупатель
            </button>
            <button
              type="button"
              className="btn btn-small"
              disabled={deciding}
              onClick={() => void decide(step.linkId!, 'rejected')}
            >
              Не связано
            </button>
          </>
        )}
      </div>
    </li>
  );
}
