import type { AvitoChatMode, AvitoChatView } from '../../../src-shared/domain/avito';
import { AVITO_CHANNEL } from '../../../src-shared/domain/interaction';
import type { InteractionsTable } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { chatRouting, setChatMode } from '../avito-bot/chat-mode';

/**
 * The Avito channel as the interactions table type sees it: the type lists WB's three channels
 * (db/schema.ts says why), the database CHECK allows this one since migration 0018. Every Avito
 * read and write goes through this constant, so the cast lives in one place.
 */
export const AVITO_CHAT_CHANNEL = AVITO_CHANNEL as unknown as InteractionsTable['channel'];

/** `interactions.source` and `chat_messages.source` of what came from Avito. */
export const AVITO_SOURCE = 'avito_api';

export function findAvitoChat(db: SqlRunner, accountId: number, chatId: string): { id: number } | undefined {
  return db.get(
    db.build
      .selectFrom('interactions')
      .select('id')
      .where('account_id', '=', accountId)
      .where('channel', '=', AVITO_CHAT_CHANNEL)
      .where('external_id', '=', chatId),
  );
}

/** An Avito chat's mode, item and Avito ids; refuses an id that is not an Avito chat. */
export function avitoChatRow(db: SqlRunner, interactionId: number) {
  const row = db.get(
    db.build
      .selectFrom('interactions as i')
      .leftJoin('avito_chats as a', 'a.interaction_id', 'i.id')
      .select(['i.id', 'i.account_id', 'i.channel', 'i.external_id', 'a.item_id', 'a.item_title'])
      .where('i.id', '=', interactionId),
  );
  if (!row) throw new CoreError('not_found', { entity: 'interaction', id: interactionId });
  if (row.channel !== AVITO_CHAT_CHANNEL) throw new CoreError('avito_not_avito_chat', { id: interactionId });
  return row;
}

/** The detail pane's view of an Avito chat (mode, item); undefined for any other item. */
export function avitoChatView(db: SqlRunner, interactionId: number): AvitoChatView | undefined {
  const row = db.get(db.build.selectFrom('avito_chats').selectAll().where('interaction_id', '=', interactionId));
  if (!row) return undefined;
  // The mode is chat-mode.ts's (its one home, and a chat never switched follows the account's bot switch).
  const routing = chatRouting(db, interactionId);
  return {
    mode: routing.mode,
    modeChangedAt: routing.modeChangedAt,
    item: {
      id: row.item_id,
      title: row.item_title,
      price: row.item_price,
      url: row.item_url,
      imageUrl: row.item_image_url,
    },
  };
}

/** Sets who answers an Avito chat: the bot or a person (issue 12 item 5). Returns the previous mode. */
export function setAvitoChatMode(
  db: SqlRunner,
  interactionId: number,
  mode: AvitoChatMode,
  now: Date,
): { id: number; mode: AvitoChatMode; previous: AvitoChatMode } {
  return db.transaction(() => {
    avitoChatRow(db, interactionId);
    const previous: AvitoChatMode = chatRouting(db, interactionId).mode;
    setChatMode(db, interactionId, mode, now);
    if (previous !== mode)
      db.run(
        db.build.insertInto('interaction_events').values({
          interaction_id: interactionId,
          type: 'avito_mode_changed',
          payload_json: JSON.stringify({ from: previous, to: mode, by: 'seller' }),
          created_at: now.toISOString(),
        }),
      );
    return { id: interactionId, mode, previous };
  });
}
