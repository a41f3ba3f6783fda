import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRowsWriter, NdjsonRowsWriter, secondsFromMicros, type ChunkSink, type DecisionRow, type Row, type RowShape, type RowsWriter } from '@mjl/formats';
import type { Decision } from '@mjl/quorum';
import { CliError } from './context.js';

/** What inspection files can be written as: the libs/formats formats, and a JSON array of rows. */
export const OUTPUT_FILE_FORMATS = ['pickle', 'json', 'ndjson', 'csv'] as const;
export type OutputFileFormat = (typeof OUTPUT_FILE_FORMATS)[number];

export function checkFileFormat(text: string): OutputFileFormat {
  if ((OUTPUT_FILE_FORMATS as readonly string[]).includes(text)) return text as OutputFileFormat;
  throw new CliError(`unknown format "${text}": use one of ${OUTPUT_FILE_FORMATS.join(', ')}`);
}

export const extensionOf = (format: OutputFileFormat) => `.${format}`;

/** A quorum decision as a decisions file holds it: (window start in seconds, value, or null when undecided). */
export function decisionRow(decision: Decision): DecisionRow {
  return [secondsFromMicros(decision.windowStartUs), decision.decided ? decision.value : null];
}

const NEWLINE = 0x0a;
const encoder = new TextEncoder();

/**
 * One JSON array of row arrays, `[\n[1582405387.819107,1,"AudioClassifier-…"],\n…\n]`: the NDJSON
 * writer's lines joined by commas. JSON strings escape line breaks, so every newline byte the NDJSON
 * writer emits ends a row.
 */
export class JsonRowsWriter<R extends Row> implements RowsWriter<R> {
  private readonly lines: NdjsonRowsWriter<R>;
  private wroteRow = false;
  private finished = false;

  constructor(
    private readonly sink: ChunkSink,
    shape: RowShape<R>,
  ) {
    this.lines = new NdjsonRowsWriter((chunk) => this.onLines(chunk), shape);
    sink(encoder.encode('['));
  }

  get rowCount(): number {
    return this.lines.rowCount;
  }

  row(values: R): void {
    this.lines.row(values);
  }

  flush(): void {
    this.lines.flush();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.lines.finish();
    this.sink(encoder.encode(this.wroteRow ? '\n]\n' : ']\n'));
  }

  /** Lines "a\nb\n" become "\na,\nb" (or ",\na,\nb" after earlier rows): the closing "\n]" ends the last. */
  private onLines(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    let commas = 0;
    for (let i = 0; i < chunk.length - 1; i++) if (chunk[i] === NEWLINE) commas++;
    const out = new Uint8Array(chunk.length + commas + 1);
    let at = 0;
    if (this.wroteRow) out[at++] = 0x2c; // "," after the previous chunk's last row
    out[at++] = NEWLINE;
    for (let i = 0; i < chunk.length - 1; i++) {
      const byte = chunk[i] as number;
      if (byte === NEWLINE) out[at++] = 0x2c;
      out[at++] = byte;
    }
    this.wroteRow = true;
    this.sink(out.subarray(0, at));
  }
}

export function createFileRowsWriter<R extends Row>(format: OutputFileFormat, sink: ChunkSink, shape: RowShape<R>): RowsWriter<R> {
  return format === 'json' ? new JsonRowsWriter(sink, shape) : createRowsWriter(format, sink, shape);
}

/** Flushed at least this often, so that a crash (or a kill) loses at most this much of a file. */
const FLUSH_EVERY_MS = 1000;

/**
 * A file of rows written as they come. Writes are synchronous: when finish() returns, the file is
 * complete on disk, also when the process exits right after.
 */
export class RowsFile<R extends Row> {
  private readonly fd: number;
  private readonly writer: RowsWriter<R>;
  private readonly flushTimer: NodeJS.Timeout;
  private closed = false;
  bytes = 0;

  constructor(
    readonly path: string,
    format: OutputFileFormat,
    shape: RowShape<R>,
  ) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
    }
    this.writer = createFileRowsWriter(format, (chunk) => this.write(chunk), shape);
    this.flushTimer = setInterval(() => this.writer.flush(), FLUSH_EVERY_MS);
    this.flushTimer.unref();
  }

  get rowCount(): number {
    return this.writer.rowCount;
  }

  row(values: R): void {
    this.writer.row(values);
  }

  /** Completes the file (a pickle loads only after this); calling it again does nothing. */
  finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.flushTimer);
    this.writer.finish();
    closeSync(this.fd);
  }

  private write(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; ) at += writeSync(this.fd, chunk, at, chunk.length - at);
    this.bytes += chunk.length;
  }
}
