import { isChatChannel } from '../../lib/reply-limits';
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

/** An Avito chat's message (issue 12): the same states, said about Avito. */
const AVITO_HINT: Partial<Record<OutboxEntryView['state'], string>> = {
  sending: 'Сообщение уходит в Avito прямо сейчас — изменить или отменить его уже нельзя.',
  sent_pending: 'Avito принял сообщение.',
  confirmed: 'Сообщение доставлено в чат Avito.',
  conflict: 'Пока сообщение ждало, в чате Avito появилось другое — выберите, что оставить.',
};

type ReplyAction = 'retry' | 'edit' | 'cancel';

/**
 * The buttons under a reply, per state and in this order (none while its text is being edited);
 * a state not listed has none: once sending starts, the reply can no longer be changed.
 */
const STATE_ACTIONS: Partial<
  Record<OutboxEntryView['state'], readonly { action: ReplyAction; label: string; primary?: boolean }[]>
> = {
  queued: [
    { action: 'edit', label: 'Изменить текст' },
    { action: 'cancel', label: 'Отменить' },
  ],
  failed: [
    { action: 'retry', label: 'Повторить', primary: true },
    { action: 'edit', label: 'Изменить' },
    { action: 'cancel', label: 'Отменить' },
  ],
};

/** Where our latest reply to this item stands, with what the seller can do about it now. */
export function ReplyStatus({ entry, detail }: { entry: OutboxEntryView; detail: InteractionDetail }) {
  const online = useNetworkStore((state) => state.online);
  const busy = useOutboxStore((state) => state.busy);
  const actionError = useOutboxStore((state) => state.actionError);
  const { cancel, retry, update } = useOutboxStore.getState();
  const [editing, setEditing] = useState(false);
  const run: Record<ReplyAction, () => void> = {
    retry: () => void retry(entry.id),
    edit: () => setEditing(true),
    cancel: () => void cancel(entry.id),
  };
  const waitsForNetwork = entry.state === 'queued' && queuedWaitsForNetwork(entry.lastError, online);
  const label = isChatChannel(detail.channel) && entry.state === 'confirmed' ? 'Доставлено' : entryLabel(entry, online);

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
          {(detail.marketplace === 'avito' ? AVITO_HINT[entry.state] : undefined) ?? STATE_HINT[entry.state]}
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
        {!editing &&
          (STATE_ACTIONS[entry.state] ?? []).map(({ action, label, primary }) => (
            <button
              key={action}
              type="button"
              className={primary ? 'btn btn-primary btn-small' : 'btn btn-small'}
              data-testid={`reply-${action}`}
              disabled={busy}
              onClick={run[action]}
            >
              {label}
            </button>
          ))}
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
