import type { OutboxEntryView } from '../../../src-shared/domain/outbox';
import { useOutboxStore } from '../../stores/outbox-store';

/**
 * WB got another answer (the portal, WB's own AI, another tool) while ours waited. Nothing was
 * sent; the seller chooses: replace WB's answer with ours (WB's one edit) or keep WB's. A
 * rejection is not an answer: its text must not become the public answer, so it can only be dropped.
 */
export function ConflictPanel({ entry }: { entry: OutboxEntryView }) {
  const busy = useOutboxStore((state) => state.busy);
  const resolve = useOutboxStore((state) => state.resolveConflict);
  const rejection = entry.kind === 'reject';
  const editable = entry.wbAnswerEditable === true;
  return (
    <div className="conflict-panel" data-testid="conflict-panel">
      <p>
        {rejection
          ? 'Пока отклонение ждало отправки, на вопрос на WB ответили. Отклонение не отправлено: отклонить уже отвеченный вопрос нельзя.'
          : 'Пока ваш ответ ждал отправки, на WB появился другой ответ. Ваш ответ не отправлен — выберите, какой оставить.'}
      </p>
      <div className="conflict-texts">
        <div className="conflict-text">
          <h4>Ответ на WB сейчас</h4>
          <p className="detail-text" data-testid="conflict-wb-text">
            {entry.wbAnswer ?? <span className="muted">Текст появится после синхронизации с WB</span>}
          </p>
        </div>
        <div className="conflict-text conflict-ours">
          <h4>{rejection ? 'Ваше отклонение' : 'Ваш ответ'}</h4>
          <p className="detail-text" data-testid="conflict-our-text">
            {entry.text}
          </p>
        </div>
      </div>
      <div className="reply-actions">
        {!rejection && (
          <button
            type="button"
            className="btn btn-primary btn-small"
            data-testid="conflict-edit-wb"
            disabled={!editable || busy}
            title={editable ? 'WB разрешает изменить ответ один раз в течение 60 дней' : undefined}
            onClick={() => void resolve(entry.id, 'edit_wb')}
          >
            Заменить ответ на WB моим
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          data-testid="conflict-discard"
          disabled={busy}
          onClick={() => void resolve(entry.id, 'discard')}
        >
          {rejection ? 'Оставить ответ WB, отклонение убрать' : 'Оставить ответ WB'}
        </button>
      </div>
      {!editable && !rejection && (
        <div className="muted" data-testid="conflict-not-editable">
          Заменить нельзя: WB позволяет изменить ответ только один раз в течение 60 дней, и эта возможность уже
          использована или срок прошёл.
        </div>
      )}
    </div>
  );
}
