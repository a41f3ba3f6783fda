import { describeValue } from './describe.js';
import { FormatError } from './format-error.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { expectedWords, fitsColumn, textHeader, type Cell, type Column, type Row, type RowShape } from './rows.js';
import { BufferedRowsWriter, type ChunkSink, type RowsWriterOptions } from './rows-writer.js';
import { formatFloat } from './text-cells.js';
import { writeText } from './utf8.js';

/**
 * Writes one JSON array per row and line (`[1582405387.819107,1,"AudioClassifier-129c0801"]`), no header.
 * Bytes are hex strings; null is null. JSON has no NaN or Infinity: such a float is refused.
 */
export class NdjsonRowsWriter<R extends Row> extends BufferedRowsWriter<R> {
  constructor(sink: ChunkSink, shape: RowShape<R>, options: RowsWriterOptions = {}) {
    super('ndjson', sink, shape, options);
  }

  protected writeRow(values: R): void {
    const columns = this.shape.columns;
    let line = '[';
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as Column;
      const value = values[i] as Cell;
      if (i > 0) line += ',';
      if (value === null) line += 'null';
      else if (column.type === 'float') {
        if (!Number.isFinite(value)) {
          throw new FormatError(
            'ndjson',
            `${this.shape.name} row ${this.rowCount}, column '${column.name}': JSON cannot hold ${String(value)}; use pickle or csv`,
            { row: this.rowCount, column: column.name },
          );
        }
        line += formatFloat(value as number);
      } else if (column.type === 'int') line += String(value);
      else if (column.type === 'str') line += JSON.stringify(value);
      else line += `"${bytesToHex(value as Uint8Array)}"`;
    }
    writeText(this.out, `${line}]\n`);
  }
}

/** Rows of an NDJSON text; blank lines are skipped, and a first line of column names is taken as a header. */
export function readNdjsonRows<R extends Row>(text: string, shape: RowShape<R>): R[] {
  const columns = shape.columns;
  const header = columns.map(textHeader);
  const rows: R[] = [];
  let first = true;
  let lineNumber = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(start, lineEnd).trim();
    start = lineEnd + 1;
    lineNumber++;
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new FormatError('ndjson', `line ${lineNumber}: not JSON (${(error as Error).message})`, {
        line: lineNumber,
        row: rows.length,
      });
    }
    if (first) {
      first = false;
      if (Array.isArray(parsed) && parsed.length === header.length && parsed.every((name, i) => name === header[i])) continue;
    }
    rows.push(rowFromJson(parsed, shape, lineNumber, rows.length));
  }
  return rows;
}

function rowFromJson<R extends Row>(parsed: unknown, shape: RowShape<R>, line: number, row: number): R {
  const columns = shape.columns;
  if (!Array.isArray(parsed) || parsed.length !== columns.length) {
    throw new FormatError(
      'ndjson',
      `line ${line}: expected an array of ${columns.length} (${columns.map(textHeader).join(', ')}), got ${describeValue(parsed)}`,
      { line, row },
    );
  }
  const cells: Cell[] = new Array<Cell>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as Column;
    const value: unknown = parsed[i];
    const cell = column.type === 'bytes' && typeof value === 'string' ? hexToBytes(value) : value;
    if (!fitsColumn(cell, column)) {
      const expected = column.type === 'bytes' ? `bytes as a hex string${column.nullable ? ' or null' : ''}` : expectedWords(column);
      throw new FormatError('ndjson', `line ${line}, column '${textHeader(column)}': expected ${expected}, got ${describeValue(value)}`, {
        line,
        row,
        column: column.name,
      });
    }
    cells[i] = cell as Cell;
  }
  return cells as unknown as R;
}
