import type { Channel, InboxChannel } from '../../../src-shared/domain/interaction';
import { CHANNEL_LABEL } from '../../lib/labels';

// Inline SVG paths: no icon font or UI kit, and nothing for the CSP to load.
const CHAT_PATH =
  'M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H6.2L3 13.8V11H3.5A1.5 1.5 0 0 1 2 9.5z';
const PATHS: Record<InboxChannel, string> = {
  review: 'M8 1.5l1.9 4 4.3.5-3.2 3 .9 4.3L8 11.2 4.1 13.3l.9-4.3-3.2-3 4.3-.5z',
  question:
    'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 10.6a.9.9 0 1 1 0-1.8.9.9 0 0 1 0 1.8zm1.2-4.1c-.6.4-.6.6-.6 1.1H7.4c0-1 .3-1.5 1-2 .5-.3.7-.6.7-1 0-.5-.4-.9-1-.9s-1 .4-1.1 1H5.8C5.9 4.8 6.8 4 8.1 4s2.2.8 2.2 2c0 .8-.4 1.4-1.1 2z',
  chat: CHAT_PATH,
  avito_chat: CHAT_PATH,
};

export function ChannelIcon({ channel, withLabel }: { channel: Channel; withLabel?: boolean }) {
  return (
    <span className={`channel channel-${channel}`} title={CHANNEL_LABEL[channel]}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d={PATHS[channel]} fill="currentColor" />
      </svg>
      {withLabel && <span className="channel-label">{CHANNEL_LABEL[channel]}</span>}
    </span>
  );
}
