import { toCsv, type CsvValue } from '../csv';
import type { AnalyticsExport, ExportCell, ExportCodes } from '../domain/analytics';
import { reviewSignalText } from './texts';

/**
 * The Russian names an export's code cells get in the file the seller opens in Excel (the renderer's
 * «Скачать CSV» and `agentiq export` write the same). Column names and the analytics table's
 * section / metric stay codes: they are the file's fixed vocabulary, documented in the README.
 */
const NAMES: Record<Exclude<ExportCodes['kind'], 'signal'>, Record<string, string>> = {
  channel: { review: 'отзыв', question: 'вопрос', chat: 'чат' },
  status: { open: 'ждёт ответа', responded: 'отвечено', closed: 'закрыто' },
  source: { wb_api: 'WB API', demo: 'демо-данные' },
  priority: { urgent: 'срочно', high: 'высокий', normal: 'обычный', low: 'низкий' },
};

function nameOf(kind: ExportCodes['kind'], code: string): string {
  return kind === 'signal' ? reviewSignalText(code) : (NAMES[kind][code] ?? code);
}

/** One cell as written: a code cell's names joined with «, » (an unknown code as itself). */
export function exportCellText(cell: ExportCell): CsvValue {
  if (cell === null || typeof cell !== 'object') return cell;
  return `${cell.prefix ?? ''}${cell.codes.map((code) => nameOf(cell.kind, code)).join(', ')}`;
}

/** The CSV file of an `analytics.export` table (`;`, BOM, CRLF: src-shared/csv.ts). */
export function exportCsvText(table: AnalyticsExport): string {
  return toCsv(
    table.header,
    table.rows.map((row) => row.map(exportCellText)),
  );
}
