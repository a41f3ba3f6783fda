import { describeValue } from './describe.js';
import { FormatError, type FileFormat } from './format-error.js';

/** How a column is stored: Python float/int/str/bytes in a pickle; text or hex in CSV and NDJSON. */
export type ColumnType = 'float' | 'int' | 'str' | 'bytes';

export interface Column {
  /** The CSV header and NDJSON header name; bytes columns are headed `<name>_hex` in text formats. */
  readonly name: string;
  readonly type: ColumnType;
  /** Whether the cell may be null (Python None, an empty CSV field, JSON null). */
  readonly nullable?: boolean;
}

/** One cell: float → number; int → number (a safe integer); str → string; bytes → Uint8Array; or null. */
export type Cell = number | string | Uint8Array | null;
export type Row = readonly Cell[];

/** The columns of a kind of file, and (at type level only) the row type they describe. */
export interface RowShape<R extends Row = Row> {
  /** Names the rows in messages: "results row 3, column 'value': …". */
  readonly name: string;
  readonly columns: readonly Column[];
  /** Never set: carries the row type so writers and readers are typed by the shape they are given. */
  readonly rowType?: R;
}

/** An inference result: seconds since the epoch (microsecond precision), integer class label, device name. */
export type ResultRow = [seconds: number, value: number, device: string];
/** A chunk of a raw device stream, stamped with seconds since the epoch. */
export type StreamRow = [seconds: number, data: Uint8Array];
/** A quorum decision for the window starting at `windowStartSeconds`; null value: no decision. */
export type DecisionRow = [windowStartSeconds: number, value: number | null];

/** Results files: Python sees `((1582405387.819107, 1, "AudioClassifier-129c0801"), …)`. CSV `timestamp,value,device`. */
export const RESULT_ROWS: RowShape<ResultRow> = {
  name: 'results',
  columns: [
    { name: 'timestamp', type: 'float' },
    { name: 'value', type: 'int' },
    { name: 'device', type: 'str' },
  ],
};

/** Raw stream files: Python sees `((1582405387.819107, b"\x01\x02"), …)`. CSV `timestamp,data_hex`. */
export const STREAM_ROWS: RowShape<StreamRow> = {
  name: 'stream',
  columns: [
    { name: 'timestamp', type: 'float' },
    { name: 'data', type: 'bytes' },
  ],
};

/** Decision files: Python sees `((1582405387.818, 1), (1582405387.821, None), …)`. CSV `window_start,value`. */
export const DECISION_ROWS: RowShape<DecisionRow> = {
  name: 'decisions',
  columns: [
    { name: 'window_start', type: 'float' },
    { name: 'value', type: 'int', nullable: true },
  ],
};

/** The header of a column in CSV and NDJSON, where bytes are written as hex. */
export function textHeader(column: Column): string {
  return column.type === 'bytes' ? `${column.name}_hex` : column.name;
}

/** Whether `value` may stand in a cell of `column` (writers check rows before writing a byte of them). */
export function fitsColumn(value: unknown, column: Column): boolean {
  if (value === null) return column.nullable === true;
  switch (column.type) {
    case 'float':
      return typeof value === 'number';
    case 'int':
      return Number.isSafeInteger(value);
    case 'str':
      return typeof value === 'string';
    case 'bytes':
      return value instanceof Uint8Array;
  }
}

const TYPE_WORDS: Record<ColumnType, string> = {
  float: 'a float (number)',
  int: 'an int (a safe integer number)',
  str: 'a str (string)',
  bytes: 'bytes (Uint8Array)',
};

export function expectedWords(column: Column): string {
  return `${TYPE_WORDS[column.type]}${column.nullable ? ' or null' : ''}`;
}

/** Throws unless `values` is an array with one fitting cell per column. */
export function checkRow(
  format: FileFormat,
  shape: RowShape,
  values: unknown,
  row: number,
  location: { line?: number } = {},
): void {
  const columns = shape.columns;
  const where = `${shape.name} row ${row}${location.line === undefined ? '' : ` (line ${location.line})`}`;
  if (!Array.isArray(values) || values.length !== columns.length) {
    const header = columns.map((column) => `${column.name}: ${column.type}`).join(', ');
    throw new FormatError(format, `${where}: expected ${columns.length} cells (${header}), got ${describeValue(values)}`, {
      row,
      ...location,
    });
  }
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as Column;
    if (!fitsColumn(values[i], column)) {
      throw new FormatError(
        format,
        `${where}, column '${column.name}': expected ${expectedWords(column)}, got ${describeValue(values[i])}`,
        { row, column: column.name, ...location },
      );
    }
  }
}
