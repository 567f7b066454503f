import type { SqlRunner } from '../db/sql-runner';
import type { CoreHandlers } from '../ipc-dispatch';
import type { Outbox } from '../replies/outbox';
import { flagOverdueReplies } from '../replies/pending-window';
import { readSettings } from '../settings';
import { countInbox, findInteraction, getInteraction, listInbox } from './queries';

export interface InboxHandlerDeps {
  db: SqlRunner;
  outbox: Outbox;
  clock: () => Date;
}

type InboxChannels = 'inbox.counts' | 'inbox.list' | 'interaction.get' | 'interaction.find' | 'interaction.open';

export function inboxHandlers({ db, outbox, clock }: InboxHandlerDeps): Pick<CoreHandlers, InboxChannels> {
  return {
    'inbox.counts': async ({ accountId }) => countInbox(db, accountId),
    'inbox.list': async (input) =>
      flagOverdueReplies(db, listInbox(db, input), readSettings(db, input.accountId).pendingWindowMinutes, clock()),
    'interaction.get': async ({ id, search }) => getInteraction(db, id, search),
    'interaction.find': async (key) => findInteraction(db, key) ?? null,
    'interaction.open': async ({ id }) => ({ queued: outbox.queueMarkViewed(id) }),
  };
}
