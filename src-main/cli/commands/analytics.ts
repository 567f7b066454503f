import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalyticsView } from '../../../src-shared/domain/analytics';
import { CHANNELS } from '../../../src-shared/domain/interaction';
import { MAX_PERIOD_DAYS } from '../../../src-shared/domain/analytics';
import { defaultAccountId, openCore, parsePositiveInt, UsageError, type CliIo } from '../cli-context';
import { cliText } from '../describe';
import { expectOk } from './expect-ok';
import type { AnalyticsExport } from '../../../src-shared/domain/analytics';
import { exportCsvText } from '../../../src-shared/messages/export-texts';

interface PeriodFlags {
  days?: string;
  account?: string;
}

/** `--days N` (1..366, 7 when absent), checked before anything is opened. */
function parseDays(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const days = parsePositiveInt('days', raw);
  if (days > MAX_PERIOD_DAYS) throw new UsageError(`--days must be at most ${MAX_PERIOD_DAYS}, got ${days}`);
  return days;
}

/** `--account ID` must exist; without it, every shop together (unlike the other commands, which pick one shop). */
async function scope(core: Awaited<ReturnType<typeof openCore>>, account: string | undefined) {
  return account === undefined ? undefined : ((await defaultAccountId(core, account)) ?? undefined);
}

const CHANNEL_LABEL = { review: 'Отзывы', question: 'Вопросы', chat: 'Чаты' } as const;
const SOURCE_LABEL = { wb_api: 'WB API', demo: 'демо' } as const;
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const minutes = (value: number | null) => {
  if (value === null) return '—';
  if (value < 60) return `${Math.round(value)} мин`;
  return `${(value / 60).toFixed(1).replace('.', ',')} ч`;
};

/** `agentiq analytics [--days N] [--account ID] [--json]`: the figures of the period, and the alerts. */
export async function analytics(io: CliIo, flags: PeriodFlags & { json: boolean }): Promise<number> {
  const days = parseDays(flags.days);
  const core = await openCore();
  try {
    const accountId = await scope(core, flags.account);
    const view = expectOk<AnalyticsView>(await core.call('analytics.get', { accountId, days }));
    if (flags.json) {
      // The view as the app gets it; each alert also carries its Russian text.
      io.out(JSON.stringify({ ...view, alerts: view.alerts.map((a) => ({ ...a, text: cliText(a.message) })) }));
      return 0;
    }
    const sources = view.sources.map((s) => SOURCE_LABEL[s]).join(', ') || 'нет данных';
    io.out(`Период: ${view.period.fromDate} — ${view.period.toDate} (${view.period.days} дн.), источник: ${sources}`);
    for (const channel of CHANNELS) {
      const c = view.channels[channel];
      io.out(
        `${CHANNEL_LABEL[channel].padEnd(8)} поступило ${String(c.received).padStart(6)}  отвечено за 24 ч ${percent(c.within24h.rate).padStart(4)}  ` +
          `первый ответ: медиана ${minutes(c.firstResponse.medianMinutes)}, p90 ${minutes(c.firstResponse.p90Minutes)}  в срок SLA ${percent(c.slaHit.rate)}`,
      );
    }
    const b = view.backlog;
    io.out(
      `Ждут ответа: ${b.total} (срочных ${b.byPriority.urgent}, высоких ${b.byPriority.high}, обычных ${b.byPriority.normal}, низких ${b.byPriority.low}; ` +
        `до суток ${b.byAge.under_1d}, 1–3 дня ${b.byAge.d1_3}, 3–7 дней ${b.byAge.d3_7}, дольше недели ${b.byAge.over_7d})`,
    );
    const r = view.replies;
    io.out(
      `Ответы: черновик принят ${r.draftAccepted}, исправлен ${r.draftEdited}, вручную ${r.manual} (${percent(r.manualRate)}); автоответов ${r.autoReplies}; ` +
        `заблокировано проверкой ${Object.values(r.guardrailBlocks).reduce((sum, n) => sum + n, 0)}`,
    );
    for (const product of view.problemProducts.slice(0, 5))
      io.out(
        `Проблемы: ${product.productName ?? product.nmId} (арт. ${product.nmId}): ${product.signals.map((s) => `${s.signal} ${s.reviews}`).join(', ')}`,
      );
    for (const alert of view.alerts) io.out(`Внимание: ${cliText(alert.message)}`);
    return 0;
  } finally {
    await core.close();
  }
}

/**
 * `agentiq export --what interactions|analytics --format csv --out FILE [--days N] [--account ID]`:
 * the CSV the page's «Скачать CSV» gives, written to a temporary file beside FILE and renamed over
 * it, so FILE is never half-written.
 */
export async function exportCsv(
  io: CliIo,
  flags: PeriodFlags & { what?: string; format?: string; out?: string },
): Promise<number> {
  if (flags.what !== 'interactions' && flags.what !== 'analytics')
    throw new UsageError(`--what must be interactions or analytics, got ${JSON.stringify(flags.what ?? '')}`);
  if (flags.format !== 'csv')
    throw new UsageError(`--format must be csv (the only export format), got ${JSON.stringify(flags.format ?? '')}`);
  if (!flags.out) throw new UsageError('--out FILE is required');
  const days = parseDays(flags.days);
  const out = path.resolve(flags.out);
  const core = await openCore();
  try {
    const accountId = await scope(core, flags.account);
    // Core gives codes; the file gets their Russian names, as the page's download does.
    const csv = exportCsvText(
      expectOk<AnalyticsExport>(await core.call('analytics.export', { what: flags.what, accountId, days })),
    );
    const temporary = `${out}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, csv, { encoding: 'utf8', mode: 0o600 });
      await rename(temporary, out);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // Header and trailing line end are not rows.
    io.out(`${out}: ${csv.split('\r\n').length - 2} строк`);
    return 0;
  } finally {
    await core.close();
  }
}
