import { AVITO_CHANNEL } from '../../../src-shared/domain/interaction';
import type { SqlRunner } from '../db/sql-runner';
import { accountRow } from '../inbox/accounts';
import { getInteraction } from '../inbox/queries';
import type { CoreHandlers } from '../ipc-dispatch';
import type { Dispatcher } from './dispatcher';
import { checkReply } from './guardrails';
import type { Outbox } from './outbox';

export interface RepliesHandlerDeps {
  db: SqlRunner;
  outbox: Outbox;
  dispatcher: Dispatcher;
}

type RepliesChannels =
  | 'reply.send'
  | 'reply.edit'
  | 'question.reject'
  | 'outbox.list'
  | 'outbox.retry'
  | 'outbox.cancel'
  | 'outbox.update'
  | 'outbox.resolveConflict'
  | 'outbox.flush'
  | 'guardrails.check';

/** Every reply goes through the outbox (guardrails first); the dispatcher sends it. */
export function repliesHandlers({ db, outbox, dispatcher }: RepliesHandlerDeps): Pick<CoreHandlers, RepliesChannels> {
  return {
    'reply.send': async ({ interactionId, text, origin, draftText, holdSeconds }) => {
      const channel = getInteraction(db, interactionId).channel;
      return outbox.queue({
        interactionId,
        text,
        kind: channel === 'chat' || (channel as string) === AVITO_CHANNEL ? 'chat_message' : 'answer',
        origin,
        draftText,
        holdSeconds,
      });
    },
    'reply.edit': async ({ interactionId, text }) =>
      outbox.queue({ interactionId, text, kind: 'edit', origin: 'manual' }),
    'question.reject': async ({ interactionId, text }) =>
      outbox.queue({ interactionId, text, kind: 'reject', origin: 'manual' }),
    'outbox.list': async ({ accountId, interactionId, states }) =>
      outbox.list(accountRow(db, accountId).id, { interactionId, states }),
    'outbox.retry': async ({ outboxId }) => outbox.retry(outboxId),
    'outbox.cancel': async ({ outboxId }) => outbox.cancel(outboxId),
    'outbox.update': async ({ outboxId, text }) => outbox.update(outboxId, text),
    'outbox.resolveConflict': async ({ outboxId, action }) => outbox.resolveConflict(outboxId, action),
    'outbox.flush': async () => dispatcher.flush({ ignoreBackoff: true }),
    'guardrails.check': async (input) => checkReply(input),
  };
}
