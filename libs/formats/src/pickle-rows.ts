import { describeValue } from './describe.js';
import { FormatError } from './format-error.js';
import { PickleDecoder, decodePickle } from './pickle-decode.js';
import {
  writeBytes,
  writeFloat,
  writeInt,
  writeNone,
  writePickleHeader,
  writeStr,
  writeTupleEnd,
} from './pickle-encode.js';
import { Op, WRITE_PROTOCOL } from './pickle-opcodes.js';
import { checkRow, type Cell, type Row, type RowShape } from './rows.js';
import { BufferedRowsWriter, type ChunkSink, type RowsWriterOptions } from './rows-writer.js';

/**
 * Writes a pickle of a tuple of row tuples while rows arrive; `pickle.load` returns
 * `((1582405387.819107, 1, "AudioClassifier-129c0801"), …)`.
 *
 * The file is PROTO 4, MARK (handed to the sink at once), then each row as its cells and TUPLE1/2/3
 * (MARK … TUPLE beyond 3 columns), and on `finish()` TUPLE + STOP. Until finish() the file is a valid
 * prefix that Python refuses ("pickle data was truncated" / EOFError): always call finish(), also when
 * the inspection fails. A file cut off by a crash is made loadable by `repairPickleRows`.
 */
export class PickleRowsWriter<R extends Row> extends BufferedRowsWriter<R> {
  constructor(sink: ChunkSink, shape: RowShape<R>, options: RowsWriterOptions = {}) {
    super('pickle', sink, shape, options);
    writePickleHeader(this.out);
    this.out.byte(Op.MARK);
    this.flush();
  }

  protected writeRow(values: R): void {
    const out = this.out;
    const columns = this.shape.columns;
    if (columns.length > 3) out.byte(Op.MARK);
    for (let i = 0; i < columns.length; i++) {
      const value = values[i] as Cell;
      if (value === null) writeNone(out);
      else if (typeof value === 'string') writeStr(out, value);
      else if (typeof value !== 'number') writeBytes(out, value);
      else if (columns[i]?.type === 'int') writeInt(out, value);
      else writeFloat(out, value);
    }
    writeTupleEnd(out, columns.length);
  }

  protected override writeEnd(): void {
    this.out.byte(Op.TUPLE);
    this.out.byte(Op.STOP);
  }
}

/** Rows of a pickle holding a tuple or list of row tuples or lists (ours, or CPython's `pickle.dump`). */
export function readPickleRows<R extends Row>(bytes: Uint8Array, shape: RowShape<R>): R[] {
  const value = decodePickle(bytes);
  if (!Array.isArray(value)) {
    throw new FormatError('pickle', `expected a tuple or list of ${shape.name} rows, got ${describeValue(value)}`);
  }
  for (let i = 0; i < value.length; i++) checkRow('pickle', shape, value[i], i);
  return value as unknown as R[];
}

const ROWS_OPENING = [Op.PROTO, WRITE_PROTOCOL, Op.MARK];

export interface RepairedPickleRows {
  /** A loadable pickle: the input if it was complete, else its complete rows closed with TUPLE + STOP. */
  readonly bytes: Uint8Array;
  /** Rows in `bytes`. */
  readonly rowCount: number;
  /** Bytes of the input dropped: the part of a row that was being written when the file was cut. */
  readonly droppedBytes: number;
  /** Whether the input was already a complete pickle. */
  readonly wasComplete: boolean;
}

/**
 * Makes a PickleRowsWriter file that was cut off (a crash before `finish()`) loadable again: keeps
 * every complete row, drops a partial last row, and closes the tuple. Complete files come back as they
 * are. Throws FormatError for input that does not start like a PickleRowsWriter file.
 */
export function repairPickleRows(bytes: Uint8Array): RepairedPickleRows {
  if (bytes.length < ROWS_OPENING.length || ROWS_OPENING.some((byte, i) => bytes[i] !== byte)) {
    throw new FormatError('pickle', 'not a rows file written by PickleRowsWriter: it does not start with PROTO 4, MARK', {
      offset: 0,
    });
  }
  try {
    const value = decodePickle(bytes);
    return { bytes, rowCount: Array.isArray(value) ? value.length : 1, droppedBytes: 0, wasComplete: true };
  } catch {
    let lastRowEnd = ROWS_OPENING.length;
    let rowCount = 0;
    try {
      new PickleDecoder(bytes, (endOffset, rows) => {
        lastRowEnd = endOffset;
        rowCount = rows;
      }).run();
    } catch {
      // Expected: the input is cut off or damaged after the last complete row.
    }
    const repaired = new Uint8Array(lastRowEnd + 2);
    repaired.set(bytes.subarray(0, lastRowEnd));
    repaired[lastRowEnd] = Op.TUPLE;
    repaired[lastRowEnd + 1] = Op.STOP;
    return { bytes: repaired, rowCount, droppedBytes: bytes.length - lastRowEnd, wasComplete: false };
  }
}
