import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import type { PushBus } from '../events';
import type { CoreHandlers } from '../ipc-dispatch';
import { AVITO_CHAT_CHANNEL, avitoChatRow, setAvitoChatMode } from './avito-rows';

export interface AvitoHandlerDeps {
  db: SqlRunner;
  bus: PushBus;
  clock: () => Date;
}

export function avitoHandlers({ db, bus, clock }: AvitoHandlerDeps): Pick<CoreHandlers, 'avito.setMode'> {
  return {
    'avito.setMode': async (input) => {
      const id = 'id' in input ? input.id : chatByAvitoId(db, input.chatId);
      const result = setAvitoChatMode(db, id, input.mode, clock());
      if (result.previous !== result.mode)
        bus.emit('inbox.changed', { accountId: avitoChatRow(db, id).account_id, channels: [] });
      return result;
    },
  };
}

/** An Avito chat id (`u2i-…`) among every Avito shop; Avito's ids are unique across accounts. */
function chatByAvitoId(db: SqlRunner, chatId: string): number {
  const row = db.get(
    db.build
      .selectFrom('interactions')
      .select('id')
      .where('channel', '=', AVITO_CHAT_CHANNEL)
      .where('external_id', '=', chatId)
      .limit(1),
  );
  if (!row) throw new CoreError('not_found', { entity: 'interaction', id: chatId });
  return row.id;
}
