import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src-shared/csv';
import { exportCellText, exportCsvText } from '../../src-shared/messages/export-texts';

describe('CSV for Russian Excel', () => {
  it('starts with a UTF-8 byte-order mark, separates with ; and ends every line with CRLF', () => {
    const csv = toCsv(['a', 'b'], [['отзыв', 4.5]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFFa;b\r\nотзыв;4,5\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes fields holding the separator, quotes or line breaks (RFC 4180), doubling the quotes', () => {
    expect(csvField('Размер 42; маломерит')).toBe('"Размер 42; маломерит"');
    expect(csvField('Сказали «ок», потом "нет"')).toBe('"Сказали «ок», потом ""нет"""');
    expect(csvField('две\nстроки')).toBe('"две\nстроки"');
    expect(csvField('перевод\r\nстроки')).toBe('"перевод\r\nстроки"');
    expect(csvField('просто, с запятой')).toBe('просто, с запятой');
  });

  it('defuses formulas: a text starting with = + - @ (or a tab / CR) gets a leading apostrophe', () => {
    expect(csvField('=HYPERLINK("http://evil","жми")')).toBe(`"'=HYPERLINK(""http://evil"",""жми"")"`);
    expect(csvField('+7 999 123-45-67')).toBe("'+7 999 123-45-67");
    expect(csvField('-1 звезда')).toBe("'-1 звезда");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('Обычный текст = формула в середине')).toBe('Обычный текст = формула в середине');
  });

  it('writes numbers with a decimal comma, booleans as 1/0, empty for null', () => {
    expect(toCsv(['x'], [[0.25], [-3], [true], [false], [null], [undefined]])).toBe(
      '\uFEFFx\r\n0,25\r\n-3\r\n1\r\n0\r\n\r\n\r\n',
    );
  });
});

describe('the exported file names codes in Russian (core gives codes, the renderer and the CLI write names)', () => {
  it('signals, channels, statuses, sources and priorities; several joined; a prefix kept; an unknown code as itself', () => {
    expect(exportCellText({ kind: 'signal', codes: ['defect', 'return'] })).toBe('брак, возврат');
    expect(exportCellText({ kind: 'signal', codes: [] })).toBe('');
    expect(exportCellText({ kind: 'channel', codes: ['chat'], prefix: '2026-11-20 ' })).toBe('2026-11-20 чат');
    expect(exportCellText({ kind: 'status', codes: ['responded'] })).toBe('отвечено');
    expect(exportCellText({ kind: 'source', codes: ['wb_api', 'demo'] })).toBe('WB API, демо-данные');
    expect(exportCellText({ kind: 'priority', codes: ['urgent'] })).toBe('срочно');
    expect(exportCellText({ kind: 'signal', codes: ['new_signal'] })).toBe('new_signal');
    expect(exportCellText(4.5)).toBe(4.5);
  });

  it('keeps the CSV format: BOM, ; and CRLF, numbers with a comma, names quoted only when needed', () => {
    const csv = exportCsvText({
      filename: 'x.csv',
      header: ['channel', 'signals', 'rating'],
      rows: [[{ kind: 'channel', codes: ['review'] }, { kind: 'signal', codes: ['wrong_item', 'size'] }, 2.5]],
    });
    expect(csv).toBe('\uFEFFchannel;signals;rating\r\nотзыв;не тот товар, не подошёл размер;2,5\r\n');
  });
});
