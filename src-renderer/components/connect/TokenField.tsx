import { useId, useState } from 'react';

interface Props {
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  disabled?: boolean;
  autoFocus?: boolean;
}

/** A password-type field with a «Показать» toggle: a long token is easier to check when visible. */
export function TokenField({ value, onChange, maxLength, disabled, autoFocus }: Props) {
  const [visible, setVisible] = useState(false);
  const id = useId();
  return (
    <>
      <label htmlFor={id}>API-токен WB</label>
      <div className="token-field full-row">
        <input
          id={id}
          data-testid="token-input"
          type={visible ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          placeholder="Токен из личного кабинета продавца"
          maxLength={maxLength}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        />
        <button
          type="button"
          className="btn btn-small"
          data-testid="token-toggle"
          aria-pressed={visible}
          onClick={() => setVisible(!visible)}
        >
          {visible ? 'Скрыть' : 'Показать'}
        </button>
      </div>
    </>
  );
}
