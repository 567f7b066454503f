/**
 * CSV for a seller who opens it in Excel with Russian regional settings:
 * - `;` between fields: Russian Excel's list separator is `;` (the comma is its decimal mark), so a
 *   comma-separated file opens as one column; for the same reason decimals are written with a comma
 *   («4,5»: «4.5» would become the 4th of May).
 * - UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1251 and Cyrillic breaks.
 * - RFC 4180: CRLF line ends; a field holding `;`, `"`, CR or LF is quoted, its quotes doubled.
 * - Formula injection (buyers write the texts): a text field starting with = + - @ (or a tab or CR,
 *   which Excel skips before one) gets a leading `'`, so Excel shows it as text instead of running it.
 */
export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value).replace('.', ',') : '';
  else if (typeof value === 'boolean') text = value ? '1' : '0';
  else text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header, rows, CRLF after every line. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(CSV_SEPARATOR));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
