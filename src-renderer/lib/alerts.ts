import type { HealthAlert } from '../../src-shared/domain/sync';
import { CHANNEL_TAB_LABEL } from './labels';
import { messageText } from './message-text';

/** Core's alert messages do not name the channel; two channels with the same alert would read the same. */
export const alertText = (alert: HealthAlert): string =>
  `${CHANNEL_TAB_LABEL[alert.channel]}: ${messageText(alert.message)}`;
