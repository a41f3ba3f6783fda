import type { Readable } from 'node:stream';

/** What one client may send. Each default is the one stated here. */
export interface Limits {
  /** Bytes of one PUBLISH payload (will included). Default 256 KiB. */
  maxPayloadBytes: number;
  /** UTF-8 bytes of a topic or subscription filter. Default 1024 (mjl topics stay under 450). */
  maxTopicBytes: number;
  /** Levels of a topic or filter. Default 16 (mjl topics have at most 8). At most 100 (aedes). */
  maxTopicLevels: number;
}

export const DEFAULT_LIMITS: Limits = { maxPayloadBytes: 256 * 1024, maxTopicBytes: 1024, maxTopicLevels: 16 };

export type LimitKind = 'payload' | 'topic_length' | 'topic_levels' | 'frame';

/** Room in a packet besides topic and payload: packet id, client id, user name, password. */
const FRAME_OVERHEAD_BYTES = 4096;

/** The largest MQTT packet (remaining length) a client may send under `limits`. */
export function maxFrameBytes(limits: Limits): number {
  return limits.maxPayloadBytes + limits.maxTopicBytes + FRAME_OVERHEAD_BYTES;
}

function levelCount(topic: string): number {
  let levels = 1;
  for (let i = 0; i < topic.length; i++) if (topic.charCodeAt(i) === 47) levels++;
  return levels;
}

/** Which limit a topic or filter breaks, if any. */
export function topicProblem(limits: Limits, topic: string): LimitKind | undefined {
  // A UTF-8 character takes at most 3 bytes for each UTF-16 unit: skip the count for short topics.
  if (topic.length * 3 > limits.maxTopicBytes && Buffer.byteLength(topic) > limits.maxTopicBytes) return 'topic_length';
  if (levelCount(topic) > limits.maxTopicLevels) return 'topic_levels';
  return undefined;
}

/** Which limit a PUBLISH (or will) breaks, if any. */
export function publishProblem(limits: Limits, topic: string, payload: Buffer | string): LimitKind | undefined {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (bytes > limits.maxPayloadBytes) return 'payload';
  return topicProblem(limits, topic);
}

/**
 * Follows the MQTT packet boundaries of a byte stream (fixed header, remaining length, body)
 * without buffering, to see a packet's size before its body has arrived.
 */
export class FrameMeter {
  private state: 'header' | 'length' | 'body' = 'header';
  private length = 0;
  private multiplier = 1;
  private remaining = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** The announced size of the first packet in `chunk` over the limit, or undefined. */
  feed(chunk: Buffer): number | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'header') {
        i++;
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
      } else if (this.state === 'length') {
        const byte = chunk[i++] as number;
        this.length += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        if (byte & 0x80) continue;
        if (this.length > this.maxFrameBytes) return this.length;
        this.remaining = this.length;
        this.state = this.remaining > 0 ? 'body' : 'header';
      } else {
        const taken = Math.min(this.remaining, chunk.length - i);
        i += taken;
        this.remaining -= taken;
        if (this.remaining === 0) this.state = 'header';
      }
    }
    return undefined;
  }
}

/**
 * Destroys `connection` as soon as a packet announces more than `maxBytes`, before its body is
 * buffered (the MQTT parser would hold up to 256 MiB per packet). aedes reads the connection with
 * read() on 'readable'; a 'data' listener then only sees each chunk as aedes reads it, so this
 * observes the stream without changing how it flows.
 */
export function guardFrameSize(connection: Readable & { destroy(error?: Error): void }, maxBytes: number, onOversize: (bytes: number) => void): void {
  const meter = new FrameMeter(maxBytes);
  const onData = (chunk: Buffer) => {
    const bytes = meter.feed(chunk);
    if (bytes === undefined) return;
    connection.off('data', onData);
    onOversize(bytes);
    connection.destroy();
  };
  connection.on('data', onData);
}
