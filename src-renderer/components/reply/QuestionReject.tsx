import { useState } from 'react';
import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { useOutboxStore } from '../../stores/outbox-store';
import { ReplyError } from './ReplyError';
import { TextEditForm } from './TextEditForm';

/** «Отклонить вопрос»: WB hides it from the product page; the buyer sees the reason. */
export function QuestionReject({ detail }: { detail: InteractionDetail }) {
  const busy = useOutboxStore((state) => state.busy);
  const actionError = useOutboxStore((state) => state.actionError);
  const rejectQuestion = useOutboxStore((state) => state.rejectQuestion);
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div className="reject-row">
        <button type="button" className="btn btn-small" data-testid="question-reject" onClick={() => setOpen(true)}>
          Отклонить вопрос
        </button>
        <span className="muted">Если вопрос не по делу: WB скроет его, покупатель увидит причину.</span>
      </div>
    );
  }
  return (
    <section className="detail-section">
      <TextEditForm
        initial=""
        channel={detail.channel}
        label="Причина отклонения (её увидит покупатель)"
        submitLabel="Отклонить вопрос"
        busy={busy}
        testId="question-reject-form"
        onSubmit={(text) => rejectQuestion(detail.id, text)}
        onCancel={() => setOpen(false)}
      />
      {actionError && <ReplyError error={actionError} demo={detail.source === 'demo'} />}
    </section>
  );
}
