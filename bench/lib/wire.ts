/**
 * A minimal MQTT 3.1.1 client on a raw TCP socket, for load generation and measurement: frames are
 * encoded once and patched in place, incoming PUBLISH frames are read where they lie in the socket's
 * buffer, and the acknowledgements of one read go out in one write. It speaks just enough MQTT for the
 * benches (CONNECT, PUBLISH QoS 0/1, PUBACK, SUBSCRIBE) and nothing of it belongs in the product:
 * apps and libs speak MQTT through libs/transport.
 */
import { connect, type Socket } from 'node:net';

export const PacketType = { connack: 2, publish: 3, puback: 4, suback: 9, pingresp: 13 } as const;

function remainingLength(length: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return bytes;
}

function utf8(text: string): Buffer {
  const body = Buffer.from(text);
  const framed = Buffer.allocUnsafe(2 + body.length);
  framed.writeUInt16BE(body.length, 0);
  body.copy(framed, 2);
  return framed;
}

function frame(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte, ...remainingLength(body.length)]), body]);
}

export function encodeConnect(clientId: string, clean: boolean, keepaliveS: number): Buffer {
  const header = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, clean ? 0x02 : 0x00, keepaliveS >> 8, keepaliveS & 0xff]);
  return frame(0x10, Buffer.concat([header, utf8(clientId)]));
}

export function encodeSubscribe(packetId: number, filters: string[], qos: 0 | 1): Buffer {
  const id = Buffer.from([packetId >> 8, packetId & 0xff]);
  return frame(0x82, Buffer.concat([id, ...filters.map((filter) => Buffer.concat([utf8(filter), Buffer.from([qos])]))]));
}

/** A PUBLISH frame; for QoS 1 the packet id sits at `packetIdOffset` (patch it with writeUInt16BE). */
export function encodePublish(topic: string, payload: Buffer, qos: 0 | 1): { frame: Buffer; packetIdOffset: number } {
  const topicBytes = utf8(topic);
  const id = qos === 1 ? Buffer.from([0, 1]) : Buffer.alloc(0);
  const encoded = frame(0x30 | (qos << 1), Buffer.concat([topicBytes, id, payload]));
  return { frame: encoded, packetIdOffset: encoded.length - payload.length - 2 };
}

const PINGREQ = Buffer.from([0xc0, 0]);

/** Where an incoming PUBLISH lies in `buffer`. Valid only during the callback. */
export interface PublishView {
  buffer: Buffer;
  topicStart: number;
  topicEnd: number;
  payloadStart: number;
  payloadEnd: number;
  qos: number;
}

export interface RawClientOptions {
  port: number;
  host?: string;
  clientId: string;
  clean?: boolean;
  keepaliveS?: number;
  onPublish?: (publish: PublishView) => void;
  onPuback?: (packetId: number) => void;
  /** After all frames of one socket read were handled. */
  onReadEnd?: () => void;
}

/**
 * One MQTT connection. Acknowledges incoming QoS 1 PUBLISHes itself (batched per read); counts
 * what it receives. Parses frames in place; only a frame split across reads is copied.
 */
export class RawClient {
  readonly socket: Socket;
  received = 0;
  private rest: Buffer | undefined;
  private readonly acks = Buffer.allocUnsafe(4 * 16384);
  private ackBytes = 0;
  private waiters: Array<{ type: number; resolve: (body: Buffer) => void }> = [];
  private readonly pinger: NodeJS.Timeout;

  private constructor(
    socket: Socket,
    private readonly options: RawClientOptions,
  ) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const keepaliveS = options.keepaliveS ?? 60;
    this.pinger = setInterval(() => socket.write(PINGREQ), (keepaliveS * 1000) / 2);
    this.pinger.unref();
  }

  static async connect(options: RawClientOptions): Promise<RawClient> {
    const socket = connect({ port: options.port, host: options.host ?? '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawClient(socket, options);
    socket.on('error', () => undefined);
    const connack = client.next(PacketType.connack);
    socket.write(encodeConnect(options.clientId, options.clean ?? true, options.keepaliveS ?? 60));
    const body = await withTimeout(connack, 5000, `no CONNACK for ${options.clientId}`);
    if (body[1] !== 0) throw new Error(`CONNECT of ${options.clientId} refused with code ${body[1]}`);
    return client;
  }

  async subscribe(filters: string[], qos: 0 | 1): Promise<void> {
    const suback = this.next(PacketType.suback);
    this.socket.write(encodeSubscribe(1, filters, qos));
    const body = await withTimeout(suback, 5000, `no SUBACK for ${filters.join(', ')}`);
    if (body.subarray(2).includes(0x80)) throw new Error(`subscription to ${filters.join(', ')} refused`);
  }

  /** Resolves with the body of the next frame of `type`. */
  next(type: number): Promise<Buffer> {
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }

  close(): void {
    clearInterval(this.pinger);
    if (!this.socket.destroyed) this.socket.end(Buffer.from([0xe0, 0]));
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let buffer = chunk;
    if (this.rest) {
      buffer = Buffer.concat([this.rest, chunk]);
      this.rest = undefined;
    }
    let at = 0;
    const end = buffer.length;
    while (at < end) {
      // Fixed header: type and flags, then the remaining length in 1–4 bytes.
      let length = 0;
      let multiplier = 1;
      let cursor = at + 1;
      let complete = false;
      while (cursor < end) {
        const byte = buffer[cursor++]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || cursor + length > end) break;
      const first = buffer[at]!;
      this.onFrame(first >> 4, first & 0x0f, buffer, cursor, cursor + length);
      at = cursor + length;
    }
    if (at < end) this.rest = Buffer.from(buffer.subarray(at));
    this.flushAcks();
    this.options.onReadEnd?.();
  }

  private onFrame(type: number, flags: number, buffer: Buffer, start: number, end: number): void {
    if (type === PacketType.publish) {
      this.received++;
      const qos = (flags >> 1) & 3;
      const topicEnd = start + 2 + buffer.readUInt16BE(start);
      let payloadStart = topicEnd;
      if (qos > 0) {
        if (this.ackBytes + 4 > this.acks.length) this.flushAcks();
        this.acks[this.ackBytes] = 0x40;
        this.acks[this.ackBytes + 1] = 2;
        this.acks[this.ackBytes + 2] = buffer[topicEnd]!;
        this.acks[this.ackBytes + 3] = buffer[topicEnd + 1]!;
        this.ackBytes += 4;
        payloadStart += 2;
      }
      this.options.onPublish?.({ buffer, topicStart: start + 2, topicEnd, payloadStart, payloadEnd: end, qos });
      return;
    }
    if (type === PacketType.puback) {
      this.options.onPuback?.(buffer.readUInt16BE(start));
      return;
    }
    const index = this.waiters.findIndex((waiter) => waiter.type === type);
    if (index >= 0) {
      const [waiter] = this.waiters.splice(index, 1);
      waiter!.resolve(Buffer.from(buffer.subarray(start, end)));
    }
  }

  private flushAcks(): void {
    if (this.ackBytes === 0) return;
    this.socket.write(Buffer.from(this.acks.subarray(0, this.ackBytes)));
    this.ackBytes = 0;
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
