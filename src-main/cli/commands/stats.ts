import type { AccountView } from '../../../src-shared/domain/account';
import type { InboxCounts } from '../../../src-shared/domain/interaction';
import { defaultAccountId, openCore, type CliIo } from '../cli-context';
import { expectOk } from './expect-ok';

const ZERO = { total: 0, needs_response: 0, overdue: 0, due_soon: 0 };

/**
 * `agentiq stats [--json] [--account ID]`: totals and needs-response per channel for one shop.
 * With an Avito account connected, also `avito_chat`: the Avito chats of `--account`, or of every
 * Avito account without it (the WB keys stay those of the default shop, as before).
 */
export async function stats(io: CliIo, json: boolean, account?: string): Promise<number> {
  const core = await openCore();
  try {
    const accountId = await defaultAccountId(core, account);
    const counts: InboxCounts =
      accountId === null
        ? { review: ZERO, question: ZERO, chat: ZERO, avito_chat: ZERO }
        : expectOk<InboxCounts>(await core.call('inbox.counts', { accountId }));
    const accounts = expectOk<AccountView[]>(await core.call('accounts.list', {}));
    const avito = accounts.some((shop) => shop.marketplace === 'avito')
      ? expectOk<InboxCounts>(
          await core.call('inbox.counts', {
            accountId: account === undefined ? undefined : (accountId ?? undefined),
            marketplace: 'avito',
          }),
        ).avito_chat
      : null;
    if (json) {
      // Exactly the documented shape: three channels, plus Avito's only when an Avito account exists.
      io.out(
        JSON.stringify({
          review: pick(counts.review),
          question: pick(counts.question),
          chat: pick(counts.chat),
          ...(avito && { avito_chat: pick(avito) }),
        }),
      );
      return 0;
    }
    const labels = { review: 'Отзывы', question: 'Вопросы', chat: 'Чаты', avito_chat: 'Avito' } as const;
    const rows = {
      review: counts.review,
      question: counts.question,
      chat: counts.chat,
      ...(avito && { avito_chat: avito }),
    };
    for (const [channel, row] of Object.entries(rows) as [
      keyof typeof labels,
      { total: number; needs_response: number },
    ][])
      io.out(
        `${labels[channel].padEnd(8)} всего ${String(row.total).padStart(7)}   ждут ответа ${String(row.needs_response).padStart(7)}`,
      );
    return 0;
  } finally {
    await core.close();
  }
}

const pick = (c: { total: number; needs_response: number }) => ({ total: c.total, needs_response: c.needs_response });
