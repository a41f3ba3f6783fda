/**
 * The publishing side of the broker bench, in a process of its own so that it gets its own core
 * share: `publishers` raw MQTT connections flooding pre-encoded PUBLISH frames. QoS 0: as fast as
 * the sockets take them (TCP back-pressure is the only brake). QoS 1: `inflight` unacknowledged
 * PUBLISHes per connection, each PUBACK releasing the next.
 *
 * Driven over IPC by broker.bench.ts: it sends `ready` once connected, publishes on `go`, and on
 * `stop` answers `stopped` with its counts and exits.
 */
import { RawClient, encodePublish } from '../lib/wire.js';

export interface PublisherConfig {
  port: number;
  publishers: number;
  qos: 0 | 1;
  payloadBytes: number;
  /** QoS 1: unacknowledged PUBLISHes per connection. */
  inflight: number;
  /** Distinct topics per connection, used in turn. */
  topicsPerPublisher: number;
}

export type PublisherMessage = { type: 'ready' } | { type: 'stopped'; sent: number; acked: number };
export type ControlMessage = { type: 'go' } | { type: 'stop' };

/** Frames per QoS 0 write. */
const BLOCK_FRAMES = 256;
/** QoS 0 blocks written per turn of the event loop at most, so that every connection gets its turn. */
const BLOCKS_PER_TURN = 4;

/** An mjl results topic (all the same length, so that frames can be laid out at fixed offsets). */
function resultsTopic(publisher: number, device: number): string {
  const hex = ((publisher << 12) | device).toString(16).padStart(8, '0');
  return `mjl/v1/bench/pi-${String(publisher).padStart(3, '0')}/devices/AudioClassifier-${hex}/results`;
}

class Publisher {
  sent = 0;
  acked = 0;
  private running = false;
  private releasable = 0;
  private nextId = 1;
  private nextTopic = 0;
  private readonly templates: Buffer[];
  private readonly frameBytes: number;
  private readonly packetIdOffset: number;
  private readonly block: Buffer | undefined;

  constructor(
    private readonly client: RawClient,
    private readonly config: PublisherConfig,
    index: number,
  ) {
    const payload = Buffer.alloc(config.payloadBytes, 0x5a);
    const encoded = Array.from({ length: config.topicsPerPublisher }, (_, device) => encodePublish(resultsTopic(index, device), payload, config.qos));
    this.templates = encoded.map((entry) => entry.frame);
    this.frameBytes = this.templates[0]!.length;
    this.packetIdOffset = encoded[0]!.packetIdOffset;
    if (config.qos === 0) this.block = Buffer.concat(Array.from({ length: BLOCK_FRAMES }, (_, i) => this.templates[i % this.templates.length]!));
  }

  start(): void {
    this.running = true;
    if (this.config.qos === 0) this.pump();
    else this.send(this.config.inflight);
  }

  stop(): void {
    this.running = false;
  }

  onPuback(): void {
    this.acked++;
    this.releasable++;
  }

  /** After a read: one PUBLISH for each PUBACK in it, in one write. */
  onReadEnd(): void {
    if (this.releasable === 0 || !this.running) return;
    const count = this.releasable;
    this.releasable = 0;
    this.send(count);
  }

  private pump = (): void => {
    const { socket } = this.client;
    for (let turn = 0; turn < BLOCKS_PER_TURN; turn++) {
      if (!this.running || socket.destroyed) return;
      this.sent += BLOCK_FRAMES;
      if (!socket.write(this.block!)) {
        socket.once('drain', this.pump);
        return;
      }
    }
    setImmediate(this.pump);
  };

  private send(count: number): void {
    const out = Buffer.allocUnsafe(count * this.frameBytes);
    for (let i = 0; i < count; i++) {
      const at = i * this.frameBytes;
      this.templates[this.nextTopic]!.copy(out, at);
      this.nextTopic = (this.nextTopic + 1) % this.templates.length;
      out.writeUInt16BE(this.nextId, at + this.packetIdOffset);
      this.nextId = this.nextId === 65535 ? 1 : this.nextId + 1;
    }
    this.sent += count;
    this.client.socket.write(out);
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as PublisherConfig;
  const publishers: Publisher[] = [];
  const clients = await Promise.all(
    Array.from({ length: config.publishers }, (_, index) =>
      RawClient.connect({
        port: config.port,
        clientId: `bench-pub-${process.pid}-${index}`,
        onPuback: () => publishers[index]!.onPuback(),
        onReadEnd: () => publishers[index]?.onReadEnd(),
      }),
    ),
  );
  clients.forEach((client, index) => publishers.push(new Publisher(client, config, index)));
  const send = (message: PublisherMessage) => process.send?.(message);
  process.on('message', (message: ControlMessage) => {
    if (message.type === 'go') for (const publisher of publishers) publisher.start();
    if (message.type === 'stop') {
      for (const publisher of publishers) publisher.stop();
      const sent = publishers.reduce((sum, publisher) => sum + publisher.sent, 0);
      const acked = publishers.reduce((sum, publisher) => sum + publisher.acked, 0);
      send({ type: 'stopped', sent, acked });
      for (const client of clients) client.close();
      process.disconnect();
    }
  });
  send({ type: 'ready' });
}

await main();
