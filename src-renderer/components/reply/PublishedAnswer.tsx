import { useState } from 'react';
import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import type { OutboxEntryView } from '../../../src-shared/domain/outbox';
import { useOutboxStore } from '../../stores/outbox-store';
import { ReplyError } from './ReplyError';
import { TextEditForm } from './TextEditForm';

const EDIT_RULE = 'WB разрешает изменить ответ один раз в течение 60 дней после публикации.';

/** The answer WB shows now, and «Изменить ответ» — WB's one edit, if it is still available. */
export function PublishedAnswer({
  detail,
  confirmed,
  busyReply,
}: {
  detail: InteractionDetail;
  confirmed: OutboxEntryView | null;
  busyReply: boolean;
}) {
  const busy = useOutboxStore((state) => state.busy);
  const actionError = useOutboxStore((state) => state.actionError);
  const editAnswer = useOutboxStore((state) => state.editAnswer);
  const [editing, setEditing] = useState(false);
  const reason =
    detail.answerEditable === false
      ? 'WB позволяет изменить ответ только один раз в течение 60 дней — этот ответ изменить уже нельзя.'
      : busyReply
        ? 'Сначала дождитесь, пока WB примет текущий ответ.'
        : null;

  return (
    <section className="detail-section answer">
      <div className="reply-status-head">
        <h3>Ответ на WB</h3>
        {confirmed && (
          <span className="reply-state reply-confirmed" data-testid="reply-state" data-state="confirmed">
            Опубликовано
          </span>
        )}
      </div>
      {!editing && (
        <p className="detail-text" data-testid="wb-answer">
          {detail.lastReplyText}
        </p>
      )}
      {editing ? (
        <TextEditForm
          initial={detail.lastReplyText ?? ''}
          channel={detail.channel}
          label="Новый текст ответа"
          hint={`${EDIT_RULE} После изменения править его больше будет нельзя.`}
          submitLabel="Сохранить изменение"
          busy={busy}
          testId="answer-edit-form"
          onSubmit={(text) => editAnswer(detail.id, text)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className="reply-actions">
          <button
            type="button"
            className="btn btn-small"
            data-testid="answer-edit"
            disabled={reason !== null}
            title={reason ?? EDIT_RULE}
            onClick={() => setEditing(true)}
          >
            Изменить ответ
          </button>
          <span className="muted" data-testid="answer-edit-note">
            {reason ?? EDIT_RULE}
          </span>
        </div>
      )}
      {editing && actionError && <ReplyError error={actionError} />}
    </section>
  );
}
