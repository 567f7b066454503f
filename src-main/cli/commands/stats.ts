import type { InboxCounts } from '../../../src-shared/domain/interaction';
import { defaultAccountId, openCore, type CliIo } from '../cli-context';
import { expectOk } from './expect-ok';

/** `agentiq stats [--json] [--account ID]`: totals and needs-response per channel for one shop. */
export async function stats(io: CliIo, json: boolean, account?: string): Promise<number> {
  const core = await openCore();
  try {
    const accountId = await defaultAccountId(core, account);
    const counts: InboxCounts =
      accountId === null
        ? {
            review: { total: 0, needs_response: 0, overdue: 0, due_soon: 0 },
            question: { total: 0, needs_response: 0, overdue: 0, due_soon: 0 },
            chat: { total: 0, needs_response: 0, overdue: 0, due_soon: 0 },
          }
        : expectOk<InboxCounts>(await core.call('inbox.counts', { accountId }));
    if (json) {
      // Exactly the documented shape: three channels, nothing else.
      io.out(JSON.stringify({ review: pick(counts.review), question: pick(counts.question), chat: pick(counts.chat) }));
      return 0;
    }
    const labels = { review: 'Отзывы', question: 'Вопросы', chat: 'Чаты' } as const;
    for (const channel of ['review', 'question', 'chat'] as const)
      io.out(
        `${labels[channel].padEnd(8)} всего ${String(counts[channel].total).padStart(7)}   ждут ответа ${String(counts[channel].needs_response).padStart(7)}`,
      );
    return 0;
  } finally {
    await core.close();
  }
}

const pick = (c: { total: number; needs_response: number }) => ({ total: c.total, needs_response: c.needs_response });
