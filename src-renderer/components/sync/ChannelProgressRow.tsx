import type { Channel } from '../../../src-shared/domain/interaction';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';
import { ChannelIcon } from '../common/ChannelIcon';
import { barPercent, rowCaption, type ChannelRowState } from './channel-progress';

export function ChannelProgressRow({ channel, state }: { channel: Channel; state: ChannelRowState }) {
  const percent = barPercent(state);
  return (
    <li className={`sync-row sync-row-${state.kind}`} data-testid={`sync-progress-${channel}`} data-state={state.kind}>
      <span className="sync-row-label">
        <ChannelIcon channel={channel} />
        {CHANNEL_TAB_LABEL[channel]}
      </span>
      <span
        className={percent === null ? 'sync-bar indeterminate' : 'sync-bar'}
        role="progressbar"
        aria-label={CHANNEL_TAB_LABEL[channel]}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        {percent !== null && <span className="sync-bar-fill" style={{ width: `${percent}%` }} />}
      </span>
      <span className="sync-row-caption" title={state.kind === 'error' ? state.text : undefined}>
        {rowCaption(state)}
      </span>
    </li>
  );
}
