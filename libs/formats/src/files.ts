import { CsvRowsWriter, readCsvRows } from './csv.js';
import { FormatError, type FileFormat } from './format-error.js';
import { NdjsonRowsWriter, readNdjsonRows } from './ndjson.js';
import { Op } from './pickle-opcodes.js';
import { PickleRowsWriter, readPickleRows } from './pickle-rows.js';
import { RESULT_ROWS, type ResultRow, type Row, type RowShape } from './rows.js';
import type { ChunkSink, RowsWriter, RowsWriterOptions } from './rows-writer.js';
import { decodeText } from './utf8.js';

export const FILE_FORMATS: readonly FileFormat[] = ['pickle', 'csv', 'ndjson'];

export function isFileFormat(text: string): text is FileFormat {
  return (FILE_FORMATS as readonly string[]).includes(text);
}

const EXTENSIONS: Record<FileFormat, string> = { pickle: '.pickle', csv: '.csv', ndjson: '.ndjson' };

/** The file name extension, with its dot: ".pickle", ".csv", ".ndjson". */
export function extensionFor(format: FileFormat): string {
  return EXTENSIONS[format];
}

/** pickle when the data starts with PROTO (0x80, protocol 2+); ndjson when the text starts with "["; else csv. */
export function sniffFormat(bytes: Uint8Array): FileFormat {
  if (bytes[0] === Op.PROTO) return 'pickle';
  for (let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x5b ? 'ndjson' : 'csv';
  }
  return 'csv';
}

/**
 * The rows of a file of any of our formats; `format` is sniffed when not given. Without a shape the
 * file is read as a results file, `[seconds, value, device][]`. Throws FormatError naming the line
 * (CSV, NDJSON), byte offset (pickle) or row, and what was expected.
 */
export function readRows(bytes: Uint8Array, format?: FileFormat): ResultRow[];
export function readRows<R extends Row>(bytes: Uint8Array, format: FileFormat | undefined, shape: RowShape<R>): R[];
export function readRows(bytes: Uint8Array, format: FileFormat = sniffFormat(bytes), shape: RowShape = RESULT_ROWS): Row[] {
  if (format === 'pickle') return readPickleRows(bytes, shape);
  const text = decodeText(bytes);
  if (text === undefined) {
    throw new FormatError(format, `not UTF-8 text${bytes[0] === Op.PROTO ? ' (it looks like a pickle)' : ''}`);
  }
  return format === 'csv' ? readCsvRows(text, shape) : readNdjsonRows(text, shape);
}

/** A streaming writer of `format` for rows of `shape`; see PickleRowsWriter, CsvRowsWriter, NdjsonRowsWriter. */
export function createRowsWriter<R extends Row>(
  format: FileFormat,
  sink: ChunkSink,
  shape: RowShape<R>,
  options: RowsWriterOptions = {},
): RowsWriter<R> {
  switch (format) {
    case 'pickle':
      return new PickleRowsWriter(sink, shape, options);
    case 'csv':
      return new CsvRowsWriter(sink, shape, options);
    case 'ndjson':
      return new NdjsonRowsWriter(sink, shape, options);
  }
}

/** The whole file for `rows` at once. */
export function writeRows<R extends Row>(rows: Iterable<R>, format: FileFormat, shape: RowShape<R>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const writer = createRowsWriter(format, (chunk) => chunks.push(chunk), shape, { chunkBytes: Number.POSITIVE_INFINITY });
  for (const row of rows) writer.row(row);
  writer.finish();
  return concatBytes(chunks);
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}
