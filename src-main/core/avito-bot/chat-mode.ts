import type { ChatMode, HandoffReason } from '../../../src-shared/domain/avito-bot';
import type { SqlRunner } from '../db/sql-runner';
import { readSettings } from '../settings';

/**
 * BOT or MANAGER per Avito chat, and the bot's turns in it: this file is the only reader and writer
 * of a chat's mode (the bot, the `avito.setMode` IPC, `agentiq avito mode`, the detail pane's view).
 *
 * One home for the mode: `avito_chats.mode` + `mode_changed_at` (migration 0018, the chat's own row).
 * `avito_chat_modes` (migration 0019) keeps only the bot's bookkeeping: its turns in the chat and the
 * last handoff reason; its own `mode` column is written alongside (NOT NULL) but never read.
 *
 * A chat nobody switched yet (`mode_changed_at` NULL, or no row) follows the account's bot switch
 * (`avitoBot.enabled`, off by default): MANAGER while the bot is off, BOT once the seller turns it on.
 * A switch, by the seller or a handoff, is the chat's own from then on.
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
      .selectFrom('interactions as i')
      .leftJoin('avito_chats as a', 'a.interaction_id', 'i.id')
      .leftJoin('avito_chat_modes as m', 'm.interaction_id', 'i.id')
      .select(['i.account_id', 'a.mode', 'a.mode_changed_at', 'm.bot_turns', 'm.reason'])
      .where('i.id', '=', interactionId),
  );
  const switched = row?.mode_changed_at != null && row.mode != null;
  const mode: ChatMode = switched
    ? row.mode!
    : row && !readSettings(db, row.account_id).avitoBot.enabled
      ? 'manager'
      : 'bot';
  return {
    mode,
    botTurns: row?.bot_turns ?? 0,
    reason: (row?.reason ?? null) as HandoffReason | null,
    modeChangedAt: switched ? row.mode_changed_at! : null,
  };
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
  const stamp = now.toISOString();
  db.transaction(() => {
    db.run(
      db.build
        .insertInto('avito_chats')
        .values({ interaction_id: interactionId, mode, mode_changed_at: stamp })
        .onConflict((oc) => oc.column('interaction_id').doUpdateSet({ mode, mode_changed_at: stamp })),
    );
    db.run(
      db.build
        .insertInto('avito_chat_modes')
        .values({
          interaction_id: interactionId,
          mode,
          bot_turns: 0,
          reason,
          mode_changed_at: stamp,
          updated_at: stamp,
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
  });
}

/** One more bot answer in the chat (the mode is untouched). */
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

/**
 * The mode a never-switched chat of each of these Avito accounts is in (chatRouting's rule: the
 * account's bot switch). The inbox's «Бот» / «Менеджер» queues read the mode through here and
 * `chatsInMode`, so the queues and the detail pane never disagree.
 */
function defaultModes(db: SqlRunner, accountIds: number[]): Map<number, ChatMode> {
  if (accountIds.length === 0) return new Map();
  const avito = db.all(
    db.build.selectFrom('accounts').select('id').where('id', 'in', accountIds).where('marketplace', '=', 'avito'),
  );
  return new Map(avito.map(({ id }) => [id, readSettings(db, id).avitoBot.enabled ? 'bot' : 'manager']));
}

/** The ids of these accounts' Avito chats in `mode`, as chatRouting decides it: a subquery for the list's filters. */
export function chatsInMode(db: SqlRunner, mode: ChatMode, accountIds: number[]) {
  const byDefault = [...defaultModes(db, accountIds)].filter(([, m]) => m === mode).map(([id]) => id);
  return db.build
    .selectFrom('avito_chats as a')
    .innerJoin('interactions as i', 'i.id', 'a.interaction_id')
    .select('a.interaction_id')
    .where('i.account_id', 'in', accountIds.length ? accountIds : [0])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.mode_changed_at', 'is not', null), eb('a.mode', '=', mode)]),
        eb.and([eb('a.mode_changed_at', 'is', null), eb('i.account_id', 'in', byDefault.length ? byDefault : [0])]),
      ]),
    );
}

/** Many chats' modes at once (a page of list rows), as chatRouting decides each. */
export function chatModes(db: SqlRunner, interactionIds: number[]): Map<number, ChatMode> {
  if (interactionIds.length === 0) return new Map();
  const rows = db.all(
    db.build
      .selectFrom('avito_chats as a')
      .innerJoin('interactions as i', 'i.id', 'a.interaction_id')
      .select(['a.interaction_id', 'a.mode', 'a.mode_changed_at', 'i.account_id'])
      .where('a.interaction_id', 'in', interactionIds),
  );
  const defaults = defaultModes(db, [...new Set(rows.map((row) => row.account_id))]);
  return new Map(
    rows.map((row) => [
      row.interaction_id,
      row.mode_changed_at !== null ? row.mode : (defaults.get(row.account_id) ?? 'manager'),
    ]),
  );
}
