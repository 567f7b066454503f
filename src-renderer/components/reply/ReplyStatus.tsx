import { useState } from 'react';
import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import type { OutboxEntryView } from '../../../src-shared/domain/outbox';
import { entryLabel, KIND_LABEL, queuedWaitsForNetwork, windowText } from '../../lib/reply-labels';
import { fullDateTime } from '../../lib/time';
import { useNetworkStore } from '../../stores/network';
import { useOutboxStore } from '../../stores/outbox-store';
import { useSettingsStore } from '../../stores/settings-store';
import { ConflictPanel } from './ConflictPanel';
import { ReplyError } from './ReplyError';
import { TextEditForm } from './TextEditForm';

const DEFAULT_PENDING_MINUTES = 180;

/** What each state means for the seller and what can still be done (one line under the state). */
const STATE_HINT: Record<OutboxEntryView['state'], string> = {
  queued: 'Ответ ждёт отправки: его ещё можно изменить или отменить.',
  sending: 'Ответ уходит в WB прямо сейчас — изменить или отменить его уже нельзя.',
  sent_pending: 'WB принял ответ; он появится на сайте после проверки WB.',
  confirmed: 'Ответ виден на WB.',
  failed: 'Ответ не ушёл. Повторите, исправьте текст или отмените.',
  conflict: 'Пока ответ ждал, на WB появился другой — выберите, какой оставить.',
  cancelled: 'Ответ отменён и не будет отправлен.',
};

/** Where our latest reply to this item stands, with what the seller can do about it now. */
export function ReplyStatus({ entry, detail }: { entry: OutboxEntryView; detail: InteractionDetail }) {
  const online = useNetworkStore((state) => state.online);
  const busy = useOutboxStore((state) => state.busy);
  const actionError = useOutboxStore((state) => state.actionError);
  const { cancel, retry, update } = useOutboxStore.getState();
  const [editing, setEditing] = useState(false);
  const waitsForNetwork = entry.state === 'queued' && queuedWaitsForNetwork(entry.lastError, online);
  const label = detail.channel === 'chat' && entry.state === 'confirmed' ? 'Доставлено' : entryLabel(entry, online);

  return (
    <section className={`detail-section reply-status reply-status-${entry.state}`}>
      <div className="reply-status-head">
        <h3>{KIND_LABEL[entry.kind]}</h3>
        <span
          className={`reply-state reply-${entry.state}${waitsForNetwork ? ' reply-offline' : ''}`}
          data-testid="reply-state"
          data-state={entry.state}
        >
          {label}
        </span>
        {entry.sentAt && (entry.state === 'sent_pending' || entry.state === 'confirmed') && (
          <span className="muted">отправлено {fullDateTime(entry.sentAt)}</span>
        )}
      </div>
      {!waitsForNetwork && entry.state !== 'conflict' && (
        <div className="muted" data-testid="reply-state-hint">
          {STATE_HINT[entry.state]}
        </div>
      )}
      {entry.state === 'sent_pending' && entry.overdue && <OverdueWarning />}
      {entry.state === 'queued' && waitsForNetwork && (
        <div className="muted">Нет связи. Ответ сохранён и уйдёт сам, как только связь вернётся.</div>
      )}
      {entry.state === 'conflict' ? (
        <ConflictPanel entry={entry} />
      ) : (
        !editing && <p className="detail-text reply-own-text">{entry.text}</p>
      )}
      {editing && (
        <TextEditForm
          initial={entry.text}
          channel={detail.channel}
          label="Новый текст ответа"
          submitLabel={entry.state === 'queued' ? 'Сохранить' : 'Сохранить и отправить'}
          busy={busy}
          onSubmit={(text) => update(entry.id, text)}
          onCancel={() => setEditing(false)}
        />
      )}
      {actionError && <ReplyError error={actionError} />}
      <div className="reply-actions">
        {entry.state === 'queued' && !editing && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="reply-edit"
            disabled={busy}
            onClick={() => setEditing(true)}
          >
            Изменить текст
          </button>
        )}
        {entry.state === 'queued' && !editing && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="reply-edit"
            disabled={busy}
            onClick={() => setEditing(true)}
          >
            Изменить
          </button>
        )}
        {entry.state === 'failed' && !editing && (
          <>
            <button
              type="button"
              className="btn btn-primary btn-small"
              data-testid="reply-retry"
              disabled={busy}
              onClick={() => void retry(entry.id)}
            >
              Повторить
            </button>
            <button
              type="button"
              className="btn btn-small"
              data-testid="reply-edit"
              disabled={busy}
              onClick={() => setEditing(true)}
            >
              Изменить
            </button>
          </>
        )}
        {!editing && (entry.state === 'queued' || entry.state === 'failed') && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="reply-cancel"
            disabled={busy}
            onClick={() => void cancel(entry.id)}
          >
            Отменить
          </button>
        )}
      </div>
    </section>
  );
}

function OverdueWarning() {
  const minutes = useSettingsStore((state) => state.settings?.pendingWindowMinutes ?? DEFAULT_PENDING_MINUTES);
  return (
    <div className="reply-overdue" data-testid="reply-overdue" role="status">
      WB не подтвердил ответ дольше {windowText(minutes)}. Проверьте его на сайте WB или синхронизируйте ещё раз.
    </div>
  );
}
