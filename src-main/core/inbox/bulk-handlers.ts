import { approveAutoReplies, previewAutoReplies } from '../ai/auto-reply-approve';
import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import type { CoreHandlers } from '../ipc-dispatch';
import type { Logger } from '../logger';
import type { Outbox } from '../replies/outbox';
import { readSettings } from '../settings';
import { accountRow } from './accounts';
import { markViewed, snoozeItems } from './snooze';
import type { SnoozeWaker } from './snooze-waker';

export interface BulkHandlerDeps {
  db: SqlRunner;
  bus: PushBus;
  outbox: Outbox;
  clock: () => Date;
  logger: Logger;
  snoozeWaker: SnoozeWaker;
}

type BulkChannels = 'interaction.snooze' | 'interaction.markViewed' | 'autoReply.preview' | 'autoReply.approve';

/** Snooze and the bulk actions of the inbox (issue 11 item 4): each answers per id. */
export function bulkHandlers({
  db,
  bus,
  outbox,
  clock,
  logger,
  snoozeWaker,
}: BulkHandlerDeps): Pick<CoreHandlers, BulkChannels> {
  const changed = (accounts: Set<number>) => {
    for (const accountId of accounts) bus.emit('inbox.changed', { accountId, channels: [] });
  };
  return {
    'interaction.snooze': async ({ ids, until }) => {
      const outcome = snoozeItems(db, ids, until, clock());
      snoozeWaker.reschedule();
      changed(outcome.accounts);
      return { results: outcome.results };
    },
    'interaction.markViewed': async ({ ids }) => {
      const outcome = markViewed(db, outbox, ids, clock());
      changed(outcome.accounts);
      return { results: outcome.results };
    },
    'autoReply.preview': async ({ accountId, interactionIds }) => {
      const id = accountRow(db, accountId).id;
      return { results: previewAutoReplies(db, id, readSettings(db, id, logger), interactionIds, clock()) };
    },
    'autoReply.approve': async ({ accountId, interactionIds }) => {
      const id = accountRow(db, accountId).id;
      return { results: approveAutoReplies(db, outbox, id, readSettings(db, id, logger), interactionIds, clock()) };
    },
  };
}
