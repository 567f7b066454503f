import type { InboxChannel as Channel } from '../../../src-shared/domain/interaction';
import type { SyncErrorReason } from '../../../src-shared/domain/sync';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';
import { syncReasonText } from '../../lib/sync-labels';
import { isSyncing, useSyncStore } from '../../stores/sync-store';

interface Problem {
  reason: SyncErrorReason | 'run';
  text: string;
  channels: Channel[];
}

/** Channels in `error` (and a run that failed as a whole), grouped by what went wrong, with «Повторить». */
export function SyncErrorBanner({ accountId }: { accountId: number }) {
  const status = useSyncStore((state) => state.status[accountId]);
  const runError = useSyncStore((state) => state.runError[accountId] ?? null);
  const syncing = useSyncStore((state) => isSyncing(state, accountId));
  const run = useSyncStore((state) => state.run);

  const problems: Problem[] = [];
  for (const view of status?.channels ?? []) {
    if (!view.covered || view.status !== 'error') continue;
    const text = syncReasonText(view.reason, view.message);
    const same = problems.find((problem) => problem.text === text);
    if (same) same.channels.push(view.channel);
    else problems.push({ reason: view.reason ?? 'internal', text, channels: [view.channel] });
  }
  if (runError) problems.push({ reason: 'run', text: runError.message, channels: [] });
  if (problems.length === 0) return null;

  return (
    <div className="banner banner-error" role="alert" data-testid="sync-error-banner" data-reason={problems[0]?.reason}>
      <div className="banner-text">
        <strong>Синхронизация с WB не удалась.</strong>
        {problems.map((problem) => (
          <div key={problem.text}>
            {problem.channels.length > 0 && (
              <span>{problem.channels.map((channel) => CHANNEL_TAB_LABEL[channel]).join(', ')}: </span>
            )}
            {problem.text}
          </div>
        ))}
      </div>
      <button
        type="button"
        className="btn btn-small"
        data-testid="sync-retry"
        disabled={syncing}
        onClick={() => void run(accountId)}
      >
        {syncing ? 'Повторяем…' : 'Повторить'}
      </button>
    </div>
  );
}
