import type { AvitoMessage as DomainAvitoMessage } from '../../../src-shared/domain/avito';
import { SEND_CLOCK_SKEW_MS, type AvitoClient, type AvitoMessage } from '../avito/avito-client';
import { messageRow } from '../avito-sync/avito-writer';
import type { OutboxRow } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CHAT_CLOCK_SKEW_MS, sameText } from './reply-verdict';

/**
 * The Avito side of a chat reply's exactly-once (issue 12 item 4). Avito has no idempotency key
 * (CONTRACT §2.4), so a reply that may have gone out (found in `sending` after its request started:
 * a crash, or a send whose answer was lost) is first looked for in the chat: an outgoing text
 * message with our text, created after the request started less 10 minutes of clock skew, that is neither
 * another reply's recorded message nor one we already had stored when this attempt began
 * (`chat_baseline_id`: an equal text the seller sent earlier, from Avito's own app, is another message).
 */
export async function findOurAvitoMessage(
  db: SqlRunner,
  client: Pick<AvitoClient, 'findSentText' | 'messagePages'>,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'text' | 'sent_at' | 'created_at' | 'chat_baseline_id'>,
  chatId: string,
): Promise<{ id: string; created: number } | null> {
  // As far back as for a WB chat (CHAT_CLOCK_SKEW_MS, 10 min: our clock may be off by minutes after a
  // crash, a bad RTC, a VM resume); findSentText itself goes SEND_CLOCK_SKEW_MS back of what it is given.
  // An equal text the seller sent earlier is no risk: it was stored before this attempt (`taken`).
  const since = Date.parse(row.sent_at ?? row.created_at) - (CHAT_CLOCK_SKEW_MS - SEND_CLOCK_SKEW_MS);
  const taken = takenMessageIds(db, row);
  const newest = await client.findSentText(chatId, row.text, since);
  if (!newest || !taken.has(newest.id)) return newest;
  // The newest match is another message (an earlier equal text): look further back, past the taken ones.
  const from = Math.floor((since - SEND_CLOCK_SKEW_MS) / 1000);
  for await (const page of client.messagePages(chatId, { limit: 50 }, { priority: 'user' })) {
    for (const message of page.items) {
      if (message.created < from) return null; // newest first: everything after is older
      if (isOurs(message, row.text) && !taken.has(message.id)) return message;
    }
  }
  return null;
}

const isOurs = (message: AvitoMessage, text: string) =>
  message.direction === 'out' && message.type === 'text' && sameText(message.content?.text, text);

/** Avito message ids this reply cannot be: recorded by another reply, or stored before this attempt. */
function takenMessageIds(
  db: SqlRunner,
  row: Pick<OutboxRow, 'id' | 'interaction_id' | 'chat_baseline_id'>,
): Set<string> {
  const others = db.all(
    db.build
      .selectFrom('outbox')
      .select('wb_event_id as id')
      .where('interaction_id', '=', row.interaction_id)
      .where('id', '!=', row.id)
      .where('wb_event_id', 'is not', null),
  );
  const before =
    row.chat_baseline_id === null
      ? []
      : db.all(
          db.build
            .selectFrom('chat_messages')
            .select('external_id as id')
            .where('interaction_id', '=', row.interaction_id)
            .where('id', '<=', row.chat_baseline_id)
            .where('sender', '=', 'seller'),
        );
  return new Set([...others, ...before].map((r) => r.id).filter((id): id is string => id !== null));
}

/**
 * Our sent message as the chat shows it, stored at once: the chat has it before the next sync,
 * and that sync's writer finds the same Avito id and adds nothing (it dedupes by message id).
 */
export function storeSentMessage(
  db: SqlRunner,
  interactionId: number,
  sent: { id: string; created?: number | null },
  text: string,
  authorId: number,
  now: Date,
): void {
  const message: DomainAvitoMessage = {
    id: sent.id,
    authorId,
    created: sent.created ?? Math.floor(now.getTime() / 1000),
    direction: 'out',
    type: 'text',
    content: { text },
  };
  db.run(
    db.build
      .insertInto('chat_messages')
      .values(messageRow(interactionId, message))
      .onConflict((oc) => oc.columns(['interaction_id', 'external_id']).doNothing()),
  );
}
