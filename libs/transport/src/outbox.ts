import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { QoS } from './link.js';

/** Where and how much to buffer. Each default is the one stated here. */
export interface OutboxOptions {
  /** Directory of the segment files, created when missing. One outbox per directory. */
  dir: string;
  /** Messages held in memory; beyond, they move to disk. Default 1000. */
  maxMemoryMessages?: number;
  /** Bytes of segment files at most; beyond, the oldest segment is dropped. Default 64 MiB. */
  maxDiskBytes?: number;
  /** Size at which a new segment file begins, so a drop loses a slice. Default maxDiskBytes / 8. */
  segmentBytes?: number;
  /** Messages sent and not yet acknowledged, at most, while draining (pipelined). Default 100. */
  drainWindow?: number;
  /** A segment could not be written or read back; its messages are dropped and counted. Default: ignored. */
  onIoError?: (error: Error) => void;
}

export interface OutboxStats {
  /** Messages waiting in memory. */
  memory: number;
  /** Messages waiting on disk. */
  disk: number;
  diskBytes: number;
  /** Messages dropped for room on disk, or lost to a failed write or read, since this outbox was opened. */
  dropped: number;
  /** Damaged segment tails skipped (a crash in the middle of a write). */
  corrupt: number;
}

export interface OutboxMessage {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
}

export type OutboxSend = (topic: string, payload: Uint8Array, qos: QoS) => Promise<void>;

interface Segment {
  seq: number;
  path: string;
  bytes: number;
  /** Messages in the file. */
  count: number;
  /** Takes no more writes: being drained, or a write to it failed. */
  sealed: boolean;
  /** Loaded when draining begins. */
  records?: OutboxMessage[];
  /** Records of `records` already sent. */
  sent: number;
}

const SEGMENT_NAME = /^outbox-(\d{16})\.seg$/;
const HEADER_BYTES = 8;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A record: body length and CRC-32 of the body (u32 BE each), then QoS (u8), topic length
 * (u16 BE), topic (UTF-8), payload. */
function encode(message: OutboxMessage): Buffer {
  const topic = Buffer.from(message.topic);
  const body = Buffer.allocUnsafe(3 + topic.length + message.payload.length);
  body.writeUInt8(message.qos, 0);
  body.writeUInt16BE(topic.length, 1);
  topic.copy(body, 3);
  body.set(message.payload, 3 + topic.length);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32BE(body.length, 0);
  header.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

/** The records of a segment file up to the first damaged one, and how many bytes they span. */
function decode(file: Buffer): { records: OutboxMessage[]; validBytes: number } {
  const records: OutboxMessage[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= file.length) {
    const length = file.readUInt32BE(offset);
    const end = offset + HEADER_BYTES + length;
    if (length < 3 || end > file.length) break;
    const body = file.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== file.readUInt32BE(offset + 4)) break;
    const qos = body.readUInt8(0);
    const topicLength = body.readUInt16BE(1);
    if ((qos !== 0 && qos !== 1) || 3 + topicLength > body.length) break;
    records.push({ qos, topic: body.toString('utf8', 3, 3 + topicLength), payload: Buffer.from(body.subarray(3 + topicLength)) });
    offset = end;
  }
  return { records, validBytes: offset };
}

/**
 * A gateway's publishes while the broker is unreachable: kept in memory, then in a bounded set of
 * append-only segment files, and sent in order by `drain` once the broker is back. What is on disk
 * survives a restart of the gateway (`close` moves what is in memory to disk first).
 *
 * Order: everything on disk is older than everything in memory; memory moves to the end of the disk
 * queue when it holds more than maxMemoryMessages. Delivery is at least once: a message is removed
 * only after `send` resolved for it and for all before it, so after a failure or a crash the unsure
 * ones are sent again (the aggregator counts a result once by device, session and sequence number).
 *
 * Use: publish directly while the link is connected and the outbox is empty; otherwise push, and
 * drain on every reconnect.
 */
export class Outbox {
  private readonly dir: string;
  private readonly maxMemoryMessages: number;
  private readonly maxDiskBytes: number;
  private readonly segmentBytes: number;
  private readonly drainWindow: number;
  private readonly onIoError: (error: Error) => void;
  private readonly segments: Segment[] = [];
  private memory: Array<OutboxMessage & { pushedMs: number }> = [];
  /** While the head of `memory` is being sent, nothing moves to disk (it would get ahead of it). */
  private sendingFromMemory = false;
  /** While sending from memory: a message was pushed or a send settled. */
  private wakeSender: (() => void) | undefined;
  private draining: Promise<void> | undefined;
  private nextSeq = 0;
  private diskBytes = 0;
  private dropped = 0;
  private corrupt = 0;

  constructor(options: OutboxOptions) {
    this.dir = options.dir;
    this.maxMemoryMessages = options.maxMemoryMessages ?? 1000;
    this.maxDiskBytes = options.maxDiskBytes ?? 64 * 1024 * 1024;
    this.segmentBytes = options.segmentBytes ?? Math.max(4096, Math.floor(this.maxDiskBytes / 8));
    this.drainWindow = options.drainWindow ?? 100;
    this.onIoError = options.onIoError ?? (() => undefined);
    mkdirSync(this.dir, { recursive: true });
    this.load();
  }

  /** Messages waiting, in memory and on disk. */
  get size(): number {
    return this.memory.length + this.segments.reduce((sum, segment) => sum + segment.count - segment.sent, 0);
  }

  /**
   * How long the oldest message waiting has waited, in ms (unacknowledged, sent or not): the
   * broker's answer time while it keeps up, more once it falls behind. Infinity for messages on
   * disk (the outbox was cut off), 0 when empty.
   */
  oldestWaitMs(): number {
    if (this.segments.length > 0) return Infinity;
    const oldest = this.memory[0];
    return oldest ? performance.now() - oldest.pushedMs : 0;
  }

  stats(): OutboxStats {
    return { memory: this.memory.length, disk: this.size - this.memory.length, diskBytes: this.diskBytes, dropped: this.dropped, corrupt: this.corrupt };
  }

  /** Queues a message. The outbox keeps `payload`: do not change it afterwards. */
  push(topic: string, payload: Uint8Array, qos: QoS): void {
    this.memory.push({ topic, payload, qos, pushedMs: performance.now() });
    if (this.sendingFromMemory) this.wakeSender?.();
    else if (this.memory.length > this.maxMemoryMessages) this.spill();
  }

  /**
   * Sends everything queued, oldest first, at most `drainWindow` unacknowledged, until the outbox is
   * empty; messages pushed meanwhile are sent too (at once, while the ones before them are in
   * memory). Rejects with the first failure of `send`, keeping that message and the ones after it.
   * One drain at a time: a second call joins the running one.
   */
  drain(send: OutboxSend): Promise<void> {
    this.draining ??= this.drainAll(send).finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /** Moves what is in memory to disk, so that the next Outbox on this directory sends it. */
  close(): void {
    if (this.memory.length > 0) this.spill();
  }

  private load(): void {
    const names = readdirSync(this.dir)
      .filter((name) => SEGMENT_NAME.test(name))
      .sort();
    for (const name of names) {
      const path = join(this.dir, name);
      const file = readFileSync(path);
      const { records, validBytes } = decode(file);
      if (validBytes < file.length) {
        this.corrupt++;
        truncateSync(path, validBytes);
      }
      const seq = Number(SEGMENT_NAME.exec(name)?.[1]);
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
      if (records.length === 0) {
        unlinkSync(path);
        continue;
      }
      this.segments.push({ seq, path, bytes: validBytes, count: records.length, sealed: false, sent: 0 });
      this.diskBytes += validBytes;
    }
  }

  /** Appends all of memory to the disk queue, dropping the oldest segments for room. */
  private spill(): void {
    let encoded = this.memory.map(encode);
    this.memory = [];
    let bytes = encoded.reduce((sum, record) => sum + record.length, 0);
    while (this.diskBytes + bytes > this.maxDiskBytes && this.segments.length > 0) this.dropOldestSegment();
    while (bytes > this.maxDiskBytes && encoded.length > 0) {
      bytes -= (encoded[0] as Buffer).length;
      encoded = encoded.slice(1);
      this.dropped++;
    }
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (const record of encoded) {
      const tail = this.writableTail();
      if (batch.length > 0 && tail.bytes + batchBytes + record.length > this.segmentBytes) {
        this.append(tail, batch, batchBytes);
        batch = [];
        batchBytes = 0;
        this.startSegment();
      }
      batch.push(record);
      batchBytes += record.length;
    }
    if (batch.length > 0) this.append(this.writableTail(), batch, batchBytes);
  }

  /** The last segment, or a new one when it is being drained or full. */
  private writableTail(): Segment {
    const tail = this.segments.at(-1);
    if (tail && !tail.sealed && tail.bytes < this.segmentBytes) return tail;
    return this.startSegment();
  }

  private startSegment(): Segment {
    const seq = this.nextSeq++;
    const segment: Segment = { seq, path: join(this.dir, `outbox-${String(seq).padStart(16, '0')}.seg`), bytes: 0, count: 0, sealed: false, sent: 0 };
    this.segments.push(segment);
    return segment;
  }

  private append(segment: Segment, records: Buffer[], bytes: number): void {
    let fd: number | undefined;
    try {
      fd = openSync(segment.path, 'a');
      writeSync(fd, Buffer.concat(records, bytes));
      fsyncSync(fd);
      segment.bytes += bytes;
      segment.count += records.length;
      this.diskBytes += bytes;
    } catch (error) {
      this.dropped += records.length;
      // Whatever part was written is a damaged tail, skipped when read; later writes go elsewhere.
      segment.sealed = true;
      this.onIoError(error as Error);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private dropOldestSegment(): void {
    const oldest = this.segments.shift();
    if (!oldest) return;
    this.dropped += (oldest.records?.length ?? oldest.count) - oldest.sent;
    this.diskBytes -= oldest.bytes;
    this.remove(oldest);
  }

  private remove(segment: Segment): void {
    try {
      unlinkSync(segment.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private async drainAll(send: OutboxSend): Promise<void> {
    for (;;) {
      const head = this.segments[0];
      if (head) await this.sendFromSegment(head, send);
      else if (this.memory.length > 0) await this.sendFromMemory(send);
      else return;
    }
  }

  private async sendFromSegment(head: Segment, send: OutboxSend): Promise<void> {
    if (!head.records) {
      head.sealed = true;
      head.records = this.readSegment(head);
      head.count = head.records.length;
    }
    const batch = head.records.slice(head.sent, head.sent + this.drainWindow);
    const { sent, failure } = await sendInOrder(batch, send);
    // Dropped for room while we were sending: its messages are counted as dropped already.
    if (this.segments[0] === head) {
      head.sent += sent;
      if (head.sent >= head.records.length) {
        this.segments.shift();
        this.diskBytes -= head.bytes;
        this.remove(head);
      }
    }
    if (failure) throw failure;
  }

  private readSegment(segment: Segment): OutboxMessage[] {
    let file: Buffer;
    try {
      file = readFileSync(segment.path);
    } catch (error) {
      this.dropped += segment.count;
      this.onIoError(error as Error);
      return [];
    }
    const { records, validBytes } = decode(file);
    if (validBytes < file.length) this.corrupt++;
    return records;
  }

  /**
   * Sends memory's messages pipelined, as they come: up to `drainWindow` unacknowledged, each removed
   * once it and all before it are acknowledged; a message pushed meanwhile goes out at once instead
   * of waiting for the ones before it. Stops sending on a failure, or when memory outgrows
   * maxMemoryMessages (the rest moves to disk), and returns once what is in flight settled; what was
   * not acknowledged, from the first failure on, stays (sent again: at least once).
   */
  private async sendFromMemory(send: OutboxSend): Promise<void> {
    this.sendingFromMemory = true;
    /** Of memory's first messages, in order: sent, and how that ended (undefined: in flight). */
    const sent: Array<{ outcome?: true | Error }> = [];
    let inFlight = 0;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    this.wakeSender = () => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    const memory = this.memory;
    try {
      for (;;) {
        // close() moved memory to disk meanwhile: it is sent from there, later.
        if (this.memory !== memory) {
          if (inFlight === 0) return;
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        let acknowledged = 0;
        while (acknowledged < sent.length && sent[acknowledged]!.outcome === true) acknowledged++;
        if (acknowledged > 0) {
          this.memory.splice(0, acknowledged);
          sent.splice(0, acknowledged);
        }
        const overflowing = this.memory.length > this.maxMemoryMessages;
        while (failure === undefined && !overflowing && sent.length < this.memory.length && inFlight < this.drainWindow) {
          const message = this.memory[sent.length]!;
          const state: { outcome?: true | Error } = {};
          sent.push(state);
          inFlight++;
          send(message.topic, message.payload, message.qos).then(
            () => {
              state.outcome = true;
              inFlight--;
              this.wakeSender?.();
            },
            (error: Error) => {
              state.outcome = error;
              failure ??= error;
              inFlight--;
              this.wakeSender?.();
            },
          );
        }
        if (inFlight === 0 && (failure !== undefined || overflowing || sent.length === this.memory.length)) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      this.sendingFromMemory = false;
      this.wakeSender = undefined;
    }
    if (this.memory.length > this.maxMemoryMessages) this.spill();
    if (failure) throw failure;
  }
}

/** Sends a batch at once (the client keeps their order) and counts how many, from the first, went. */
async function sendInOrder(batch: OutboxMessage[], send: OutboxSend): Promise<{ sent: number; failure: Error | undefined }> {
  const results = await Promise.allSettled(batch.map((message) => send(message.topic, message.payload, message.qos)));
  const firstFailure = results.findIndex((result) => result.status === 'rejected');
  if (firstFailure === -1) return { sent: batch.length, failure: undefined };
  return { sent: firstFailure, failure: (results[firstFailure] as PromiseRejectedResult).reason as Error };
}
