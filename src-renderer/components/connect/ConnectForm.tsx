import { useId, useState, type FormEvent } from 'react';
import { NAME_MAX, TOKEN_MAX, useConnectStore } from '../../stores/connect-store';
import { TokenField } from './TokenField';

interface Props {
  /** Shown next to the submit button inside the dialog. */
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** Token + optional shop name → accounts.connect; the first sync starts as soon as it succeeds. */
export function ConnectForm({ onCancel, autoFocus }: Props) {
  const connecting = useConnectStore((state) => state.connecting);
  const error = useConnectStore((state) => state.error);
  const connect = useConnectStore((state) => state.connect);
  const clearError = useConnectStore((state) => state.clearError);
  // The token lives only in this field's state until it is sent to the keychain.
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const nameId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (await connect({ token, name })) {
      setToken('');
      setName('');
    }
  };

  return (
    <form className="connect-form" onSubmit={(event) => void onSubmit(event)} aria-busy={connecting}>
      <TokenField
        value={token}
        maxLength={TOKEN_MAX + 64}
        disabled={connecting}
        autoFocus={autoFocus}
        onChange={(value) => {
          setToken(value);
          clearError();
        }}
      />
      <label htmlFor={nameId}>
        Название магазина <span className="muted">(необязательно)</span>
      </label>
      <input
        id={nameId}
        className="full-row"
        data-testid="account-name-input"
        type="text"
        autoComplete="off"
        maxLength={NAME_MAX}
        placeholder="Например, «Мой бренд»"
        value={name}
        disabled={connecting}
        onChange={(event) => setName(event.target.value)}
      />
      {error && (
        <div className="connect-error full-row" role="alert" data-testid="connect-error">
          {error.message}
        </div>
      )}
      <div className="connect-actions full-row">
        <button type="submit" className="btn btn-primary" data-testid="connect-wb" disabled={connecting}>
          {connecting ? 'Подключаем…' : 'Подключить WB'}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} disabled={connecting}>
            Отмена
          </button>
        )}
      </div>
      <p className="note">
        Токен создаётся в личном кабинете продавца: Настройки → Доступ к API, категории «Вопросы и отзывы» и «Чат с
        покупателями». Он хранится в системном хранилище паролей, а не в базе приложения.
      </p>
    </form>
  );
}
