import { messageText } from '../../lib/message-text';
import { useConnectStore } from '../../stores/connect-store';
import { useSyncStore } from '../../stores/sync-store';

/** What core noticed about the token when connecting: expiry soon, read-only, base token, missing scopes. */
export function ConnectWarnings({ accountId }: { accountId: number }) {
  const warnings = useConnectStore((state) => state.warnings);
  const dismiss = useConnectStore((state) => state.dismissWarnings);
  // The expiry warning already has its own banner above.
  const tokenWarning = useSyncStore((state) => state.status[accountId]?.tokenWarning ?? null);
  const items =
    warnings && warnings.accountId === accountId
      ? warnings.items.filter((item) => item.code !== tokenWarning?.code).map((item) => messageText(item))
      : [];
  if (items.length === 0) return null;
  return (
    <div className="connect-warnings" data-testid="connect-warnings" role="status">
      <ul>
        {items.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
      <button type="button" className="btn btn-small" onClick={dismiss}>
        Понятно
      </button>
    </div>
  );
}
