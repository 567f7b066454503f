import { useEffect } from 'react';
import { useConnectStore } from '../../stores/connect-store';
import { ConnectForm } from './ConnectForm';

/** «Подключить WB» from inside the app (settings, the demo inbox): the same form in a modal. */
export function ConnectDialog() {
  const open = useConnectStore((state) => state.dialogOpen);
  const close = useConnectStore((state) => state.closeDialog);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);

  if (!open) return null;
  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && close()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="connect-title"
        data-testid="connect-dialog"
      >
        <h2 id="connect-title">Подключить магазин WB</h2>
        <p className="muted">Отзывы, вопросы и чаты загрузятся сразу после подключения.</p>
        <ConnectForm onCancel={close} autoFocus />
      </div>
    </div>
  );
}
