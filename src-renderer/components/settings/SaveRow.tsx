import type { UiError } from '../../lib/ui-error';

interface Props {
  testId: string;
  disabled?: boolean;
  saving: boolean;
  /** A Russian validation message from the form, shown before anything is sent. */
  invalid: string | null;
  error: UiError | null | undefined;
  savedAt: number | undefined;
  label?: string;
}

/** «Сохранить» with what came of it: the form's own complaint, core's refusal, or «Сохранено». */
export function SaveRow({ testId, disabled, saving, invalid, error, savedAt, label = 'Сохранить' }: Props) {
  return (
    <div className="save-row">
      <button
        type="submit"
        className="btn btn-primary btn-small"
        data-testid={testId}
        disabled={disabled || saving || invalid !== null}
      >
        {label}
      </button>
      {invalid && (
        <span className="form-error" data-testid="settings-invalid">
          {invalid}
        </span>
      )}
      {!invalid && error && (
        <span className="form-error" data-testid="settings-error">
          {error.message}
        </span>
      )}
      {!invalid && !error && savedAt && <span className="form-ok">Сохранено</span>}
    </div>
  );
}
