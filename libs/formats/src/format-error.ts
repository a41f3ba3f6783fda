/** The file formats this library reads and writes. */
export type FileFormat = 'pickle' | 'csv' | 'ndjson';

/** Where in the input (or in the rows being written) a problem was found, and whether the input ended early. */
export interface FormatErrorDetails {
  /** Byte offset into a pickle, counted from 0. */
  readonly offset?: number;
  /** Line number in a CSV or NDJSON text, counted from 1. */
  readonly line?: number;
  /** Index of the row, counted from 0 (rows being written, or rows of a decoded pickle). */
  readonly row?: number;
  /** Name of the column. */
  readonly column?: string;
  /** The input ended early (a file still being written, or cut off by a crash). */
  readonly truncated?: boolean;
}

/**
 * Every error this library throws: bad input to a reader, or a value a writer cannot represent.
 * The message is complete on its own (format, where, what was expected); the fields repeat the
 * location for callers that want to act on it.
 */
export class FormatError extends Error {
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;
  readonly truncated: boolean;

  constructor(readonly format: FileFormat, message: string, details: FormatErrorDetails = {}) {
    super(`${format}: ${message}`);
    this.name = 'FormatError';
    this.offset = details.offset;
    this.line = details.line;
    this.row = details.row;
    this.column = details.column;
    this.truncated = details.truncated ?? false;
  }
}
