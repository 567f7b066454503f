import { HANDOFF_REASONS, type BotLogView, type HandoffReason } from '../../../src-shared/domain/avito-bot';
import type { SqlRunner } from '../db/sql-runner';
import type { CoreHandlers } from '../ipc-dispatch';
import { chatRouting } from './chat-mode';

/** At most this many decisions are shown: a chat's bot turns are capped far below it. */
const LOG_LIMIT = 50;

const asReason = (value: string | null): HandoffReason | null =>
  value !== null && (HANDOFF_REASONS as readonly string[]).includes(value) ? (value as HandoffReason) : null;

function citationsOf(json: string): { ref: string; title: string }[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: { ref?: unknown; title?: unknown }) =>
      typeof item?.ref === 'string' ? [{ ref: item.ref, title: typeof item.title === 'string' ? item.title : '' }] : [],
    );
  } catch {
    return [];
  }
}

/** What the detail pane shows of the bot in one chat (read only; the bot engine writes). */
export function botLog(db: SqlRunner, interactionId: number): BotLogView {
  const routing = chatRouting(db, interactionId);
  const rows = db.all(
    db.build
      .selectFrom('avito_bot_events')
      .select(['id', 'kind', 'reason', 'dry_run', 'text', 'citations_json', 'created_at'])
      .where('interaction_id', '=', interactionId)
      .where('kind', '!=', 'pending')
      .orderBy('id', 'desc')
      .limit(LOG_LIMIT),
  );
  return {
    reason: routing.mode === 'manager' ? routing.reason : null,
    botTurns: routing.botTurns,
    entries: rows.reverse().map((row) => ({
      id: row.id,
      kind: row.kind === 'handoff' ? 'handoff' : 'answer',
      reason: asReason(row.reason),
      dryRun: Boolean(row.dry_run),
      text: row.text,
      citations: citationsOf(row.citations_json),
      createdAt: row.created_at,
    })),
  };
}

export function botLogHandlers({ db }: { db: SqlRunner }): Pick<CoreHandlers, 'avito.botLog'> {
  return { 'avito.botLog': async (input) => botLog(db, input.id) };
}
