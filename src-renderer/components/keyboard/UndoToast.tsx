import { isChatChannel } from '../../lib/reply-limits';
import { undoSend } from '../../lib/keyboard-actions';
import { isMacPlatform } from '../../lib/shortcuts';
import { useNow } from '../../lib/use-now';
import { useUndoStore, type PendingUndo } from '../../stores/undo-store';

const UNDO_KEY = isMacPlatform(typeof navigator === 'undefined' ? undefined : navigator.platform) ? '⌘+Z' : 'Ctrl+Z';

/** «Ответ отправится через 10 с · Отменить (Ctrl+Z)», counting down while the reply is held. */
export function UndoToast() {
  const pending = useUndoStore((state) => state.pending);
  // The countdown ticks only while there is something to undo.
  return pending ? <Toast pending={pending} /> : null;
}

function Toast({ pending }: { pending: PendingUndo }) {
  const cancelling = useUndoStore((state) => state.cancelling);
  const error = useUndoStore((state) => state.error);
  const now = useNow(250);
  const seconds = Math.max(0, Math.ceil((pending.until - now.getTime()) / 1000));
  const what = isChatChannel(pending.channel) ? 'Сообщение отправится' : 'Ответ отправится';

  return (
    <div className="undo-toast" role="status" aria-live="polite" data-testid="undo-toast">
      {error ? (
        <span data-testid="undo-error">Отменить не удалось: {error.message}</span>
      ) : (
        <>
          <span data-testid="undo-countdown" data-seconds={seconds}>
            {seconds > 0 ? `${what} через ${seconds} с` : `${what} сейчас`}
          </span>
          <span aria-hidden="true">·</span>
          <button
            type="button"
            className="btn btn-small undo-button"
            data-testid="undo-send"
            disabled={cancelling}
            onClick={() => void undoSend()}
          >
            Отменить ({UNDO_KEY})
          </button>
        </>
      )}
    </div>
  );
}
