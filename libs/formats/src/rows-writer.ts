import { ByteWriter } from './byte-writer.js';
import { FormatError, type FileFormat } from './format-error.js';
import { checkRow, type Row, type RowShape } from './rows.js';

/** Receives the bytes of a file in order; each chunk is handed over for good (never reused or changed). */
export type ChunkSink = (chunk: Uint8Array) => void;

export interface RowsWriterOptions {
  /**
   * Hand a chunk to the sink once at least this many bytes are buffered. Default 65536; `Infinity`
   * buffers everything until `flush()` or `finish()`. Rows are never split across a flush.
   */
  readonly chunkBytes?: number;
}

/** Default `chunkBytes`: big enough that a file write per chunk costs little, small enough to lose little. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** Writes rows of one shape as they arrive; the same interface for every format. */
export interface RowsWriter<R extends Row> {
  /** Rows written so far. */
  readonly rowCount: number;
  /** Checks the row against the shape (throws FormatError, writing nothing, if it does not fit) and buffers it. */
  row(values: R): void;
  /** Hands everything buffered to the sink now. */
  flush(): void;
  /** Writes the end of the file and flushes; the file is complete only after this. Calling it again does nothing. */
  finish(): void;
}

/** Buffering, row checks and flushing shared by the format writers; subclasses only encode. */
export abstract class BufferedRowsWriter<R extends Row> implements RowsWriter<R> {
  protected readonly out: ByteWriter;
  private readonly chunkBytes: number;
  private rows = 0;
  private finished = false;

  protected constructor(
    protected readonly format: FileFormat,
    private readonly sink: ChunkSink,
    protected readonly shape: RowShape<R>,
    options: RowsWriterOptions,
  ) {
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!(this.chunkBytes > 0)) {
      throw new FormatError(format, `chunkBytes must be a positive number of bytes, got ${this.chunkBytes}`);
    }
    this.out = new ByteWriter(Math.min(this.chunkBytes, DEFAULT_CHUNK_BYTES) + 1024);
  }

  get rowCount(): number {
    return this.rows;
  }

  row(values: R): void {
    if (this.finished) {
      throw new FormatError(this.format, `${this.shape.name} row ${this.rows}: written after finish()`, { row: this.rows });
    }
    checkRow(this.format, this.shape, values, this.rows);
    this.writeRow(values);
    this.rows++;
    if (this.out.length >= this.chunkBytes) this.flush();
  }

  flush(): void {
    if (this.out.length > 0) this.sink(this.out.take());
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.writeEnd();
    this.flush();
  }

  /** Encodes a row already checked against the shape. */
  protected abstract writeRow(values: R): void;

  protected writeEnd(): void {}
}
