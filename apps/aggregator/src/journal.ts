import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The aggregator's write-ahead journal: every input that can change a decision is appended before the
 * broker's acknowledgement is sent, and every decision is recorded before it is published and again
 * when the broker acknowledges it. Replaying the journal into a fresh engine rebuilds the same state
 * (the engine is deterministic), so a crash loses nothing the broker delivered and publishes nothing
 * twice (see docs/aggregator.md).
 *
 * Frames: u32 little-endian length of (type + body), u8 type, body. A torn frame at the end (the
 * process died mid-write) is cut off on open.
 */
export const RecordType = {
  /** A message as received: topic and payload (results, gateway states, device announcements). */
  message: 1,
  /** A decision about to be published: service and window start. */
  decisionIntent: 4,
  /** The broker acknowledged the decision. */
  decisionAcked: 5,
  /** The engine's allowed lateness changed (catching up after a restart). */
  lateness: 6,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

export interface JournalRecord {
  type: RecordType;
  body: Buffer;
}

const FILE = 'journal.bin';

export class Journal {
  private fd: number;
  private size: number;

  private constructor(
    private readonly dir: string,
    readonly records: JournalRecord[],
    readonly tornBytes: number,
    private readonly fsync: boolean,
  ) {
    const path = join(dir, FILE);
    this.fd = openSync(path, 'a');
    this.size = statSync(path).size;
  }

  /** Opens (creating) the journal in `dir`, reading back every complete record. */
  static open(dir: string, options: { fsync?: boolean } = {}): Journal {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, FILE);
    const bytes = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    const records: JournalRecord[] = [];
    let offset = 0;
    while (offset + 5 <= bytes.length) {
      const length = bytes.readUInt32LE(offset);
      if (length < 1 || offset + 4 + length > bytes.length) break;
      records.push({ type: bytes[offset + 4] as RecordType, body: bytes.subarray(offset + 5, offset + 4 + length) });
      offset += 4 + length;
    }
    if (offset < bytes.length) {
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, offset);
      closeSync(fd);
    }
    return new Journal(dir, records, bytes.length - offset, options.fsync ?? false);
  }

  get bytes(): number {
    return this.size;
  }

  /** Appends one record with a synchronous write: once this returns, a crash of the process cannot lose it. */
  append(type: RecordType, body: Uint8Array): void {
    const frame = Buffer.allocUnsafe(5 + body.length);
    frame.writeUInt32LE(1 + body.length, 0);
    frame[4] = type;
    frame.set(body, 5);
    writeSync(this.fd, frame);
    if (this.fsync) fsyncSync(this.fd);
    this.size += frame.length;
  }

  /** Replaces the journal with `records`, atomically (write a new file, then rename over the old). */
  rewrite(records: JournalRecord[]): void {
    const path = join(this.dir, FILE);
    const next = `${path}.next`;
    const fd = openSync(next, 'w');
    let size = 0;
    for (const { type, body } of records) {
      const frame = Buffer.allocUnsafe(5 + body.length);
      frame.writeUInt32LE(1 + body.length, 0);
      frame[4] = type;
      frame.set(body, 5);
      writeSync(fd, frame);
      size += frame.length;
    }
    fsyncSync(fd);
    closeSync(fd);
    closeSync(this.fd);
    renameSync(next, path);
    this.fd = openSync(path, 'a');
    this.size = size;
  }

  close(): void {
    closeSync(this.fd);
  }
}

const SEPARATOR = '\u0000';

export const encodeText = (...parts: string[]) => Buffer.from(parts.join(SEPARATOR));
export const decodeText = (body: Buffer) => body.toString().split(SEPARATOR);
