import { messageText } from '../../lib/message-text';
import { useBulkStore } from '../../stores/bulk-store';
import { useInboxStore } from '../../stores/inbox-store';
import { useSelectionStore } from '../../stores/selection-store';
import { SnoozeMenu } from './SnoozeMenu';
import '../../styles/snooze.css';

/** The bar goes away after an action: focus goes back to the list, never to the page body. */
const focusList = () => document.querySelector<HTMLElement>('[role="listbox"]')?.focus();

/**
 * The bulk bar (issue 11 item 4), shown while items are selected: «Выбрано: N», mark viewed,
 * snooze, approve auto-replies (the dry run of the selection first, then the approval), clear.
 * Also says what the last snooze or bulk action did.
 */
export function BulkBar() {
  const ids = useSelectionStore((state) => state.ids);
  const clearSelection = useSelectionStore((state) => state.clear);
  const clear = () => {
    clearSelection();
    focusList();
  };
  const accountId = useInboxStore((state) => state.accountId);
  const bulk = useBulkStore();

  const notices = (bulk.notice || bulk.error) && (
    <div className={bulk.error ? 'bulk-notice error' : 'bulk-notice'} role="status" data-testid="bulk-notice">
      <span>{bulk.error ? bulk.error.message : bulk.notice}</span>
      {!bulk.error && bulk.lastSnoozed && bulk.lastSnoozed.length > 0 && (
        <button
          type="button"
          className="btn btn-small"
          data-testid="snooze-undo"
          disabled={bulk.busy}
          onClick={() => void bulk.snooze(bulk.lastSnoozed ?? [], null)}
        >
          Вернуть
        </button>
      )}
      <button type="button" className="btn btn-small" onClick={bulk.dismiss}>
        Скрыть
      </button>
    </div>
  );
  if (ids.length === 0 && !bulk.preview) return notices || null;

  return (
    <>
      {ids.length > 0 && (
        <div className="bulk-bar" data-testid="bulk-bar" role="toolbar" aria-label="Действия с выбранными">
          <span className="bulk-count" data-testid="bulk-count">
            Выбрано: {ids.length}
          </span>
          <button
            type="button"
            className="btn btn-small"
            data-testid="bulk-mark-viewed"
            disabled={bulk.busy}
            onClick={() => void bulk.markViewed(ids).then((done) => done && clear())}
          >
            Отметить просмотренными
          </button>
          <span className="snooze-anchor">
            <button
              type="button"
              className="btn btn-small"
              data-testid="bulk-snooze"
              aria-haspopup="menu"
              aria-expanded={bulk.menu === 'bulk'}
              disabled={bulk.busy}
              onClick={() => (bulk.menu === 'bulk' ? bulk.closeMenu() : bulk.openMenu('bulk'))}
            >
              Отложить…
            </button>
            {bulk.menu === 'bulk' && <SnoozeMenu ids={ids} onDone={() => clear()} onClose={bulk.closeMenu} />}
          </span>
          <button
            type="button"
            className="btn btn-small"
            data-testid="bulk-auto-reply"
            disabled={bulk.busy || accountId === null}
            onClick={() => accountId !== null && void bulk.previewAutoReplies(accountId, ids)}
          >
            Одобрить автоответы
          </button>
          <button type="button" className="btn btn-small" data-testid="bulk-clear" onClick={clear}>
            Снять выделение
          </button>
        </div>
      )}
      {bulk.preview && accountId !== null && <AutoReplyApproval accountId={accountId} onSent={clear} />}
      {notices}
    </>
  );
}

/** The dry run of the selection: each review's reply or why none; «Отправить N» queues exactly those. */
function AutoReplyApproval({ accountId, onSent }: { accountId: number; onSent: () => void }) {
  const preview = useBulkStore((state) => state.preview) ?? [];
  const approved = useBulkStore((state) => state.approved);
  const busy = useBulkStore((state) => state.busy);
  const approve = useBulkStore((state) => state.approveAutoReplies);
  const close = useBulkStore((state) => state.closePreview);
  const ready = preview.filter((item) => item.ok);
  const items = useInboxStore((state) => state.items);
  const nameOf = (id: number) => items.find((item) => item.id === id)?.customerName || `#${id}`;

  return (
    <div className="auto-approve" data-testid="auto-reply-approval">
      <strong>
        {approved
          ? 'Автоответы поставлены в очередь'
          : ready.length
            ? `Пробный запуск: автоответ получат ${ready.length} из ${preview.length}`
            : 'Пробный запуск: ни одно из выбранных обращений не получит автоответ'}
      </strong>
      <ul>
        {preview.map((item) => (
          <li key={item.id} className={item.ok ? '' : 'skipped'} data-testid="auto-reply-item">
            {nameOf(item.id)}: {item.ok ? `«${item.text}»` : messageText(item.error)}
          </li>
        ))}
      </ul>
      <div className="actions">
        {!approved && (
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="auto-reply-approve"
            disabled={busy || ready.length === 0}
            onClick={() => void approve(accountId).then((done) => done && onSent())}
          >
            Отправить {ready.length}
          </button>
        )}
        <button type="button" className="btn btn-small" onClick={close}>
          Закрыть
        </button>
      </div>
    </div>
  );
}
