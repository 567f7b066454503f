import { messageText } from '../../lib/message-text';
import { useAppStore } from '../../stores/app-store';
import { useSyncStore } from '../../stores/sync-store';
import { SyncErrorBanner } from './SyncErrorBanner';
import { SyncProgressView } from './SyncProgressView';

/** Above every screen of a connected shop: token expiry, sync errors, the first-sync progress. */
export function SyncBanners() {
  const account = useAppStore((state) => state.account);
  const tokenWarning = useSyncStore((state) => (account ? (state.status[account.id]?.tokenWarning ?? null) : null));
  if (!account || account.isDemo) return null;
  return (
    <div className="sync-banners">
      {tokenWarning && (
        <div className="banner banner-warn" role="status" data-testid="token-warning">
          {messageText(tokenWarning)}
        </div>
      )}
      <SyncErrorBanner accountId={account.id} />
      <SyncProgressView />
    </div>
  );
}
