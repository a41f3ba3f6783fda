import { describeValue } from './describe.js';
import { FormatError } from './format-error.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { expectedWords, textHeader, type Cell, type Column, type Row, type RowShape } from './rows.js';
import { BufferedRowsWriter, type ChunkSink, type RowsWriterOptions } from './rows-writer.js';
import { formatFloat, parseFloatText, parseIntText } from './text-cells.js';
import { writeText } from './utf8.js';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Writes RFC 4180 CSV: a header line (`timestamp,value,device`), then one line per row, `\n` endings,
 * UTF-8. Floats print as the shortest text that reads back exactly; bytes as lowercase hex; null as an
 * empty field; an empty str or bytes as `""` (so it is not mistaken for null).
 */
export class CsvRowsWriter<R extends Row> extends BufferedRowsWriter<R> {
  constructor(sink: ChunkSink, shape: RowShape<R>, options: RowsWriterOptions = {}) {
    super('csv', sink, shape, options);
    writeText(this.out, `${shape.columns.map((column) => csvField(textHeader(column))).join(',')}\n`);
    this.flush();
  }

  protected writeRow(values: R): void {
    const columns = this.shape.columns;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += cellText(values[i] as Cell, columns[i] as Column);
    }
    writeText(this.out, `${line}\n`);
  }
}

function cellText(value: Cell, column: Column): string {
  if (value === null) return '';
  switch (column.type) {
    case 'float':
      return formatFloat(value as number);
    case 'int':
      return String(value);
    case 'str':
      return csvField(value as string);
    case 'bytes':
      return csvField(bytesToHex(value as Uint8Array));
  }
}

function csvField(text: string): string {
  return text === '' || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of a CSV text, with or without the header line; errors name the line. */
export function readCsvRows<R extends Row>(text: string, shape: RowShape<R>): R[] {
  const columns = shape.columns;
  const header = columns.map(textHeader);
  const rows: R[] = [];
  let first = true;
  parseCsv(text, (fields, quoted, line) => {
    if (first) {
      first = false;
      if (fields.length === header.length && fields.every((field, i) => field === header[i])) return;
    }
    if (fields.length !== columns.length) {
      throw new FormatError(
        'csv',
        `line ${line}: expected ${columns.length} fields (${header.join(',')}), got ${fields.length}`,
        { line, row: rows.length },
      );
    }
    const row: Cell[] = new Array<Cell>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as Column;
      const field = fields[i] as string;
      const cell = cellFromText(field, quoted[i] === true, column);
      if (cell === undefined) {
        throw new FormatError(
          'csv',
          `line ${line}, column '${textHeader(column)}': expected ${expectedWords(column)}, got ${
            field === '' ? 'an empty field' : describeValue(field)
          }`,
          { line, row: rows.length, column: column.name },
        );
      }
      row[i] = cell;
    }
    rows.push(row as unknown as R);
  });
  return rows;
}

function cellFromText(text: string, quoted: boolean, column: Column): Cell | undefined {
  if (text === '' && !quoted && column.nullable) return null;
  switch (column.type) {
    case 'float':
      return parseFloatText(text);
    case 'int':
      return parseIntText(text);
    case 'str':
      return text;
    case 'bytes':
      return hexToBytes(text);
  }
}

type RecordListener = (fields: string[], quoted: boolean[], line: number) => void;

/** Calls `onRecord` for each non-blank record, with the line it starts on; quoted fields may span lines. */
function parseCsv(text: string, onRecord: RecordListener): void {
  const end = text.length;
  let i = 0;
  let line = 1;
  while (i < end) {
    const recordLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) throw new FormatError('csv', `line ${recordLine}: a quoted field is never closed`, { line: recordLine });
          value += text.slice(i, close);
          line += countLineBreaks(text, i, close);
          i = close + 1;
          if (text.charCodeAt(i) !== QUOTE) break;
          value += '"';
          i++;
        }
        fields.push(value);
        quoted.push(true);
        const next = text.charCodeAt(i);
        if (i < end && next !== COMMA && next !== LF && next !== CR) {
          throw new FormatError('csv', `line ${line}: unexpected ${JSON.stringify(text[i])} after a closing quote`, { line });
        }
      } else {
        const start = i;
        for (; i < end; i++) {
          const code = text.charCodeAt(i);
          if (code === COMMA || code === LF || code === CR) break;
          if (code === QUOTE) {
            throw new FormatError('csv', `line ${line}: a quote inside an unquoted field (quote the field, double its quotes)`, {
              line,
            });
          }
        }
        fields.push(text.slice(start, i));
        quoted.push(false);
      }
      if (i >= end) break;
      const separator = text.charCodeAt(i++);
      if (separator === COMMA) continue;
      if (separator === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    const blank = fields.length === 1 && fields[0] === '' && !quoted[0];
    if (!blank) onRecord(fields, quoted, recordLine);
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) breaks++;
  }
  return breaks;
}
