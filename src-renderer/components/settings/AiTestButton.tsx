import { useState } from 'react';
import type { AiTestView } from '../../../src-shared/ipc/contract';
import { bridge } from '../../bridge';
import { messageText } from '../../lib/message-text';
import type { UiError } from '../../lib/ui-error';
import { settle } from '../../stores/call';

/** «Проверить»: one tiny request through the saved AI settings (core `ai.test`). */
export function AiTestButton({ accountId }: { accountId: number }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AiTestView | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(null);
    setError(null);
    const outcome = await settle(bridge['ai.test']({ accountId }));
    setBusy(false);
    if (outcome.ok) setResult(outcome.value);
    else setError(outcome.error);
  };
  return (
    <div className="settings-card" data-testid="ai-test">
      <h3>Проверка подключения</h3>
      <div className="muted">Отправит короткий запрос по сохранённым настройкам — без данных покупателей.</div>
      <div className="save-row">
        <button
          type="button"
          className="btn btn-small"
          data-testid="ai-test-run"
          disabled={busy}
          onClick={() => void run()}
        >
          {busy ? 'Проверяем…' : 'Проверить'}
        </button>
        {result?.ok && (
          <span className="form-ok" data-testid="ai-test-result">
            {result.provider === 'offline'
              ? 'Работает: черновики из встроенных шаблонов, сеть не нужна'
              : `Работает: модель ${result.model ?? ''} ответила`}
          </span>
        )}
        {result && !result.ok && result.message && (
          <span className="form-error" data-testid="ai-test-result">
            {messageText(result.message)}
          </span>
        )}
        {error && <span className="form-error">{error.message}</span>}
      </div>
    </div>
  );
}
