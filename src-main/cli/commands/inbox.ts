import { AVITO_CHANNEL, inboxChannelSchema, type InboxChannel } from '../../../src-shared/domain/interaction';
import type { TextRange } from '../../../src-shared/domain/search';
import type { InboxPage } from '../../../src-shared/ipc/contract';
import { defaultAccountId, openCore, parsePositiveInt, UsageError, type CliIo } from '../cli-context';
import { cliText } from '../describe';
import { expectOk } from './expect-ok';

/**
 * `agentiq inbox [--channel C] [--needs-response] [--search TEXT] [--limit N] [--json]`: the inbox
 * in its on-screen order; with --search the matches, most relevant first, each with its snippet.
 */
export async function inbox(
  io: CliIo,
  flags: {
    channel?: string;
    needsResponse: boolean;
    search?: string;
    limit?: string;
    json: boolean;
    account?: string;
  },
): Promise<number> {
  let channel: InboxChannel | undefined;
  if (flags.channel !== undefined) {
    const parsed = inboxChannelSchema.safeParse(flags.channel);
    if (!parsed.success)
      throw new UsageError(`--channel must be review, question, chat or avito_chat, got "${flags.channel}"`);
    channel = parsed.data;
  }
  const search = flags.search?.trim() || undefined;
  if (search !== undefined && search.length > 200) throw new UsageError('--search must be at most 200 characters');
  // Without --limit: every row (paged below); with it: exactly that many, or all there are if fewer.
  const limit = flags.limit === undefined ? Number.POSITIVE_INFINITY : parsePositiveInt('limit', flags.limit);

  const core = await openCore();
  try {
    // Avito chats without --account: every Avito shop's (the default shop is a WB one).
    const everyAvitoShop = channel === AVITO_CHANNEL && flags.account === undefined;
    const accountId = everyAvitoShop ? undefined : await defaultAccountId(core, flags.account);
    // The IPC contract serves at most 500 rows per call; the CLI pages through.
    const items: InboxPage['items'] = [];
    let capped = false;
    while (accountId !== null && items.length < limit) {
      const page = expectOk<InboxPage>(
        await core.call('inbox.list', {
          accountId,
          ...(everyAvitoShop && { marketplace: 'avito' as const }),
          channel,
          needsResponse: flags.needsResponse ? true : undefined,
          search,
          limit: Math.min(500, limit - items.length),
          offset: items.length,
        }),
      );
      items.push(...page.items);
      capped = page.totalCapped === true;
      if (page.items.length === 0 || items.length >= page.total) break;
    }
    const rows = items.map((item) => ({
      id: item.id,
      channel: item.channel,
      marketplace: item.marketplace,
      external_id: item.externalId,
      status: item.status,
      needs_response: item.needsResponse,
      priority: item.priority,
      occurred_at: item.occurredAt,
      text: item.text,
      rating: item.rating,
      customer_name: item.customerName,
      nm_id: item.nmId,
      product_name: item.productName,
      sla_due_at: item.slaDueAt,
      sla_state: item.slaState,
      priority_reason: item.priorityReason.map((reason) => cliText(reason)).join(', ') || null,
      reply_state: item.replyState,
      last_reply_text: item.lastReplyText,
      source: item.source,
      // Only when searching: where the row matched, `ranges` are [start, end) offsets into `text`.
      ...(item.snippet !== undefined && {
        snippet: item.snippet && {
          source: item.snippet.source,
          message_id: item.snippet.messageId,
          text: item.snippet.text,
          ranges: item.snippet.ranges,
        },
      }),
    }));
    if (flags.json) io.out(JSON.stringify(rows));
    else {
      for (const row of rows)
        io.out(
          `${String(row.id).padStart(6)}  ${row.channel.padEnd(8)} ${row.priority.padEnd(6)} ${row.needs_response ? 'ждёт ' : 'готово'} ${row.occurred_at.slice(0, 16)}  ${row.snippet ? marked(row.snippet) : row.text.replace(/\s+/g, ' ').slice(0, 80)}`,
        );
      // A common word: only the newest matches are ranked (InboxPage.totalCapped); say so, on stderr.
      if (capped)
        io.err(`Совпадений больше: показаны ${items.length} самых новых. Уточните поиск или добавьте фильтр.`);
    }
    return 0;
  } finally {
    await core.close();
  }
}

/** A snippet for the terminal: the matched words in [brackets], on one line. */
function marked(snippet: { text: string; ranges: TextRange[] }): string {
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.ranges) {
    out += `${snippet.text.slice(at, start)}[${snippet.text.slice(start, end)}]`;
    at = end;
  }
  return `${out}${snippet.text.slice(at)}`.replace(/\s+/g, ' ');
}
