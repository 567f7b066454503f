import type { ChatMode, HandoffReason } from '../../../src-shared/domain/avito-bot';
import type { SqlRunner } from '../db/sql-runner';

/**
 * BOT or MANAGER per Avito chat, and the bot's turns in it. Kept in `avito_chat_modes`
 * (migration 0019) until the Avito data model's `avito_chats.mode` (migration 0018) is merged:
 * this file is the only one that reads or writes the mode, so unifying them touches only it.
 * A chat without a row is in BOT mode with no turns: the account's on/off switch decides.
 */
export interface ChatRouting {
  mode: ChatMode;
  botTurns: number;
  reason: HandoffReason | null;
  /** When the mode last changed (ISO-8601 UTC); null for a chat never switched. */
  modeChangedAt: string | null;
}

export function chatRouting(db: SqlRunner, interactionId: number): ChatRouting {
  const row = db.get(
    db.build
      .selectFrom('avito_chat_modes')
      .select(['mode', 'bot_turns', 'reason', 'mode_changed_at'])
      .where('interaction_id', '=', interactionId),
  );
  return row
    ? {
        mode: row.mode,
        botTurns: row.bot_turns,
        reason: row.reason as HandoffReason | null,
        modeChangedAt: row.mode_changed_at,
      }
    : { mode: 'bot', botTurns: 0, reason: null, modeChangedAt: null };
}

/**
 * The seller's switch (or a handoff). Back to BOT starts the turn count again: the seller handed
 * the chat back on purpose, and the bot should not hand it over at once for turns it already had.
 */
export function setChatMode(
  db: SqlRunner,
  interactionId: number,
  mode: ChatMode,
  now: Date,
  reason: HandoffReason | null = null,
): void {
  db.run(
    db.build
      .insertInto('avito_chat_modes')
      .values({
        interaction_id: interactionId,
        mode,
        bot_turns: 0,
        reason,
        mode_changed_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .onConflict((oc) =>
        oc.column('interaction_id').doUpdateSet((eb) => ({
          mode: eb.ref('excluded.mode'),
          reason: eb.ref('excluded.reason'),
          mode_changed_at: eb.ref('excluded.mode_changed_at'),
          updated_at: eb.ref('excluded.updated_at'),
          bot_turns: mode === 'bot' ? 0 : eb.ref('avito_chat_modes.bot_turns'),
        })),
      ),
  );
}

/** One more bot answer in the chat. */
export function countBotTurn(db: SqlRunner, interactionId: number, now: Date): void {
  db.run(
    db.build
      .insertInto('avito_chat_modes')
      .values({
        interaction_id: interactionId,
        mode: 'bot',
        bot_turns: 1,
        updated_at: now.toISOString(),
      })
      .onConflict((oc) =>
        oc.column('interaction_id').doUpdateSet((eb) => ({
          bot_turns: eb('avito_chat_modes.bot_turns', '+', 1),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
}
