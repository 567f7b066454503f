import type { UiError } from '../../lib/ui-error';

interface Props {
  error: UiError;
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
}

/** Every failed call surfaces here, in the seller's words, with a retry where it can help. */
export function ErrorNotice({ error, title, onRetry, compact }: Props) {
  return (
    <div className={compact ? 'error-notice compact' : 'error-notice'} role="alert">
      <div className="error-text">
        {title && <strong>{title}. </strong>}
        {error.message}
      </div>
      {onRetry && error.retryable && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Повторить
        </button>
      )}
    </div>
  );
}
