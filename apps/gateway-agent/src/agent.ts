import {
  clientIds,
  codecs,
  protocolName,
  topics,
  type Command,
  type DeviceAnnouncement,
  type InspectionStarted,
  type LogLine,
  type LogsFetched,
  type Outgoing,
  type Protocol,
  type ResultBatch,
  type StreamSample,
} from '@mjl/protocol';
import { nowUs, SOFTWARE_VERSION, type Logger } from '@mjl/runtime';
import { BrokerLink, Outbox } from '@mjl/transport';
import { DriverBus, type DiscoveredDevice, type Driver, type DriverContext } from '@mjl/drivers';
import { GatewayMetrics } from './metrics.js';
import { ResultBatcher, type ReadyBatch, type ResultGrouping } from './result-batcher.js';

export interface AgentConfig {
  site: string;
  gateway: string;
  brokers: string[];
  keepaliveS: number;
  lingerMs: number;
  /** Most results in one message. */
  maxBatch: number;
  /** One results message per linger for all devices (default), or one per device. */
  resultsTopic: ResultGrouping;
  /** Where results wait while the broker is unreachable (and across restarts). */
  outboxDir: string;
  /** Result batches kept in memory before they go to disk. */
  outboxMemoryMessages: number;
  /** Bytes of result batches kept on disk at most; beyond, the oldest are dropped and counted. */
  outboxDiskBytes: number;
  username?: string | undefined;
  password?: string | undefined;
  caFile?: string | undefined;
}

interface KnownDevice {
  info: DiscoveredDevice;
  driver: Driver;
  online: boolean;
  sinceUs: number;
}

/** Samples of one stream waiting to go out in one chunk. */
interface PendingChunk {
  samples: StreamSample[];
  bytes: number;
}

interface Inspection {
  device: string;
  streamSeq: Map<string, number>;
  pending: Map<string, PendingChunk>;
  /** Sends the pending chunks: set while samples wait. */
  flushTimer: NodeJS.Timeout | undefined;
  /** Wall clock (ms) when it ends: a second client asking for the same device extends it, never cuts it short. */
  endsAtMs: number;
  timer: NodeJS.Timeout;
}

/**
 * Raw samples are sent in chunks of up to STREAM_CHUNK_LINGER_MS of data (or STREAM_CHUNK_MAX_BYTES),
 * not one message each: a 16 kHz input stream would otherwise be 16,000 messages a second.
 */
const STREAM_CHUNK_LINGER_MS = 5;
const STREAM_CHUNK_MAX_BYTES = 16 * 1024;

/** What a command's reply carries besides ok/error. */
type ReplyDetail = { inspectionStarted?: InspectionStarted; logsFetched?: LogsFetched };

/** Log lines kept per device for `mjl logs --since` (logs travel at QoS 0 and are not retained). */
const LOG_HISTORY_LINES = 1000;

/** The latest LOG_HISTORY_LINES lines of one device, oldest first. */
class LogHistory {
  private readonly lines: LogLine[] = [];
  /** Index of the oldest line once the ring is full. */
  private oldest = 0;
  private droppedAny = false;

  add(line: LogLine): void {
    if (this.lines.length < LOG_HISTORY_LINES) {
      this.lines.push(line);
      return;
    }
    this.lines[this.oldest] = line;
    this.oldest = (this.oldest + 1) % LOG_HISTORY_LINES;
    this.droppedAny = true;
  }

  since(sinceUs: number): LogLine[] {
    const ordered = [...this.lines.slice(this.oldest), ...this.lines.slice(0, this.oldest)];
    return sinceUs > 0 ? ordered.filter((line) => line.timestampUs >= sinceUs) : ordered;
  }

  /** 0 while every line since the gateway started is kept. */
  get keptSinceUs(): number {
    return this.droppedAny ? (this.lines[this.oldest]?.timestampUs ?? 0) : 0;
  }
}

export type DriverFactory = (context: DriverContext) => Driver;

/**
 * The link is behind, and result batches are held to grow, when more than this many messages wait in
 * the outbox (sent or not, unacknowledged) and the oldest has waited more than BEHIND_LINGERS
 * lingers: a broker that answers within that keeps up, and batches go at each linger (latency);
 * one that does not gets fewer, larger messages (its cost is per message).
 */
const BACKED_UP_MESSAGES = 2;
const BEHIND_LINGERS = 2;

/**
 * The gateway agent: drivers put devices, results, logs and raw streams on the bus; the agent
 * announces the devices (retained), publishes results in batches, and answers inspection commands.
 */
export class GatewayAgent {
  private readonly bus = new DriverBus();
  private readonly devices = new Map<string, KnownDevice>();
  private readonly inspections = new Map<string, Inspection>();
  private readonly logHistory = new Map<string, LogHistory>();
  private readonly drivers: Driver[];
  private readonly birthSeq = Date.now();
  private readonly batcher: ResultBatcher;
  private readonly outbox: Outbox;
  readonly metrics = new GatewayMetrics();
  private link: BrokerLink | undefined;

  constructor(
    private readonly config: AgentConfig,
    driverFactories: DriverFactory[],
    private readonly logger: Logger,
  ) {
    const context: DriverContext = { site: config.site, gateway: config.gateway, bus: this.bus, logger };
    this.drivers = driverFactories.map((create) => create(context));
    this.batcher = new ResultBatcher(
      { lingerMs: config.lingerMs, maxResults: config.maxBatch, grouping: config.resultsTopic },
      (batches) => this.publishResults(batches),
      // Behind the broker (or cut off from it): batches grow instead of queueing as small messages.
      () => this.outbox.size > BACKED_UP_MESSAGES && this.outbox.oldestWaitMs() > BEHIND_LINGERS * config.lingerMs,
    );
    // Results go through the outbox: kept (memory, then a bounded file) until the broker acknowledges them.
    this.outbox = new Outbox({
      dir: config.outboxDir,
      maxMemoryMessages: config.outboxMemoryMessages,
      maxDiskBytes: config.outboxDiskBytes,
      onIoError: (error) => this.logger.error({ err: error.message, dir: config.outboxDir }, 'outbox file error: results dropped'),
    });
  }

  /** Result batches into the outbox: one message for all of them, or one per device. */
  private publishResults(ready: ReadyBatch[]): void {
    const { site, gateway } = this.config;
    const batches: Outgoing<ResultBatch>[] = [];
    for (const { device, firstSeq, timestampsUs, values } of ready) {
      const known = this.devices.get(device);
      if (known) batches.push({ device, service: known.info.service, session: this.birthSeq, firstSeq, timestampsUs, values });
    }
    if (batches.length === 0) return;
    if (this.config.resultsTopic === 'gateway') {
      this.outbox.push(topics.gatewayResults(site, gateway), codecs.gatewayResults.encode({ batches }), 1);
      this.metrics.batches.inc();
    } else {
      for (const batch of batches) this.outbox.push(topics.results(site, gateway, batch.device), codecs.resultBatch.encode(batch), 1);
      this.metrics.batches.inc(batches.length);
    }
    this.sendOutbox();
  }

  private sending = false;

  /** Sends what the outbox holds, oldest first, while connected; a failure waits for the next connect. */
  private sendOutbox(): void {
    const link = this.link;
    if (this.sending || !link?.connected || this.outbox.size === 0) return;
    this.sending = true;
    this.outbox
      .drain(async (topic, payload, qos) => {
        await link.publishConnected(topic, payload, { qos });
        this.metrics.published.inc();
      })
      .catch((error: Error) => this.logger.warn({ err: error.message, waiting: this.outbox.size }, 'results wait in the outbox'))
      .finally(() => {
        this.sending = false;
        if (link.connected && this.outbox.size > 0) this.sendOutbox();
      });
  }

  /** Healthy while connected to the broker; says how much waits in the outbox. */
  health(): { ok: boolean; broker: string; outbox: number; devices: number } {
    return {
      ok: this.link?.connected === true,
      broker: this.link?.connected ? 'connected' : 'unreachable',
      outbox: this.outbox.size,
      devices: this.devices.size,
    };
  }

  /** Refreshes the gauges read from elsewhere (outbox, devices), for /metrics. */
  refreshMetrics(): void {
    const stats = this.outbox.stats();
    this.metrics.outboxMessages.set({ where: 'memory' }, stats.memory);
    this.metrics.outboxMessages.set({ where: 'disk' }, stats.disk);
    this.metrics.outboxDropped.set(stats.dropped);
    this.metrics.devicesOnline.set([...this.devices.values()].filter((device) => device.online).length);
    this.metrics.connected.set(this.link?.connected ? 1 : 0);
  }

  private get stateTopic(): string {
    return topics.gatewayState(this.config.site, this.config.gateway);
  }

  private state(online: boolean): Uint8Array {
    return codecs.gatewayState.encode({
      online,
      site: this.config.site,
      gateway: this.config.gateway,
      softwareVersion: SOFTWARE_VERSION,
      birthSeq: this.birthSeq,
      timestampUs: nowUs(),
      keepaliveS: this.config.keepaliveS,
    });
  }

  async start(): Promise<void> {
    const { site, gateway } = this.config;
    this.bus.on('deviceUp', (info, driver) => this.onDeviceUp(info, driver));
    this.bus.on('deviceDown', (name, reason) => this.onDeviceDown(name, reason));
    this.bus.on('result', (device, timestampUs, value) => {
      this.metrics.results.inc();
      this.batcher.add(device, timestampUs, value);
    });
    this.bus.on('log', (device, timestampUs, level, text) => {
      const history = this.logHistory.get(device) ?? new LogHistory();
      this.logHistory.set(device, history);
      history.add({ timestampUs, level, text });
      const payload = codecs.logBatch.encode({ device, lines: [{ timestampUs, level, text }] });
      this.publish(topics.logs(site, gateway, device), payload, 0);
    });
    this.bus.on('streamData', (device, stream, timestampUs, data) => this.onStreamData(device, stream, timestampUs, data));

    this.link = BrokerLink.start({
      brokers: this.config.brokers,
      clientId: clientIds.gateway(site, gateway),
      keepaliveS: this.config.keepaliveS,
      will: { topic: this.stateTopic, payload: this.state(false), qos: 1, retain: true },
      username: this.config.username,
      password: this.config.password,
      caFile: this.config.caFile,
      logger: this.logger,
    });
    this.link.onMessage((topic, payload) => {
      if (topic === topics.command(site, gateway)) this.onCommand(payload);
    });
    this.link.on('connect', () => {
      this.logger.info({ brokers: this.config.brokers }, 'connected to broker');
      // Retained state may be gone (broker restarted without persistence): say it all again.
      this.publish(this.stateTopic, this.state(true), 1, true);
      for (const device of this.devices.values()) this.announce(device);
      this.link?.subscribe([topics.command(site, gateway)], 1).catch((error: Error) =>
        this.logger.error({ err: error.message }, 'cannot subscribe to commands'),
      );
      this.sendOutbox();
    });
    this.link.on('offline', () => this.logger.warn({ brokers: this.config.brokers }, 'broker unreachable, retrying'));

    for (const driver of this.drivers) {
      try {
        await driver.start();
        this.logger.info({ driver: driver.kind }, 'driver started');
      } catch (error) {
        this.logger.error({ driver: driver.kind, err: (error as Error).message }, 'driver failed to start');
      }
    }
  }

  async stop(): Promise<void> {
    for (const name of [...this.inspections.keys()]) this.endInspection(name, `gateway ${this.config.gateway} at ${this.config.site} is stopping`);
    for (const driver of this.drivers) {
      await driver.stop().catch((error: Error) => this.logger.warn({ driver: driver.kind, err: error.message }, 'driver stop failed'));
    }
    this.batcher.flushAll();
    if (this.link) {
      // What the broker takes within a moment is sent; the rest waits on disk for the next start.
      const deadline = Date.now() + 2000;
      while (this.link.connected && this.outbox.size > 0 && Date.now() < deadline) {
        this.sendOutbox();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // An orderly stop is a death too: say it, since a clean DISCONNECT suppresses the last will.
      if (this.link.connected) await this.link.publishWithin(2000, this.stateTopic, this.state(false), { qos: 1, retain: true });
      await this.link.close();
    }
    this.outbox.close();
    const stats = this.outbox.stats();
    this.logger.info(
      { results: (await this.metrics.results.get()).values[0]?.value ?? 0, outbox: stats.memory + stats.disk, dropped: stats.dropped },
      'gateway stopped',
    );
  }

  private publish(topic: string, payload: Uint8Array, qos: 0 | 1, retain = false): void {
    this.link?.publish(topic, payload, { qos, retain }).catch((error: Error) => {
      this.logger.warn({ topic, err: error.message }, 'publish failed');
    });
  }

  private announcement(device: KnownDevice): Outgoing<DeviceAnnouncement> {
    const { info } = device;
    return {
      name: info.name,
      service: info.service,
      type: info.type,
      protocols: info.protocols,
      site: this.config.site,
      gateway: this.config.gateway,
      parent: info.parent ?? '',
      streams: info.streams,
      sinceUs: device.sinceUs,
      driver: device.driver.kind,
      online: device.online,
    };
  }

  private announce(device: KnownDevice): void {
    const topic = topics.device(this.config.site, this.config.gateway, device.info.name);
    this.publish(topic, codecs.deviceAnnouncement.encode(this.announcement(device)), 1, true);
  }

  private onDeviceUp(info: DiscoveredDevice, driver: Driver): void {
    const known = this.devices.get(info.name);
    const device: KnownDevice = { info, driver, online: true, sinceUs: known?.sinceUs ?? nowUs() };
    this.devices.set(info.name, device);
    this.logger.info({ device: info.name, service: info.service, parent: info.parent }, 'device up');
    this.announce(device);
  }

  private onDeviceDown(name: string, reason: string): void {
    const device = this.devices.get(name);
    if (!device) return;
    device.online = false;
    this.logger.warn({ device: name, reason }, 'device down');
    this.announce(device);
    if (this.inspections.has(name)) this.endInspection(name, `device ${name} went offline: ${reason}`);
  }

  /** The devices from the outermost parent down to `name`. */
  private chainOf(name: string): string[] {
    const chain: string[] = [];
    for (let current = this.devices.get(name); current && !chain.includes(current.info.name); ) {
      chain.unshift(current.info.name);
      current = current.info.parent ? this.devices.get(current.info.parent) : undefined;
    }
    return chain;
  }

  private onCommand(payload: Buffer): void {
    const decoded = codecs.command.decode(payload);
    if (!decoded.ok) {
      this.metrics.malformedCommands.inc();
      this.logger.warn({ err: decoded.error.message }, 'dropped malformed command');
      return;
    }
    const command = decoded.value;
    this.handleCommand(command).then(
      (detail) => this.reply(command, { ok: true, error: '', ...detail }),
      (error: Error) => this.reply(command, { ok: false, error: error.message }),
    );
  }

  private reply(command: Command, reply: { ok: boolean; error: string } & ReplyDetail): void {
    const payload = codecs.commandReply.encode({ correlationId: command.correlationId, ...reply });
    this.publish(command.replyTo, payload, 1);
  }

  private requireDevice(name: string): KnownDevice {
    const device = this.devices.get(name);
    if (!device) throw new Error(`gateway ${this.config.gateway} at ${this.config.site} has no device named ${name}`);
    return device;
  }

  private async handleCommand(command: Command): Promise<ReplyDetail> {
    if (command.ping) return {};
    if (command.stopInspection) {
      this.endInspection(command.stopInspection.device, '');
      return {};
    }
    if (command.fetchLogs) {
      const { device, sinceUs } = command.fetchLogs;
      this.requireDevice(device);
      const history = this.logHistory.get(device);
      return { logsFetched: { device, lines: history?.since(sinceUs) ?? [], keptSinceUs: history?.keptSinceUs ?? 0 } };
    }
    const start = command.startInspection;
    if (!start) throw new Error('unknown command');
    return { inspectionStarted: await this.startInspection(start.device, start.protocol, start.durationMs || 10_000) };
  }

  private async startInspection(name: string, protocol: Protocol, durationMs: number): Promise<InspectionStarted> {
    const device = this.requireDevice(name);
    if (!device.online) throw new Error(`device ${name} is offline`);
    if (protocol !== 0 && !device.info.protocols.includes(protocol)) {
      const speaks = device.info.protocols.map(protocolName).join(', ');
      throw new Error(`device ${name} does not speak ${protocolName(protocol)}; it speaks ${speaks}`);
    }
    const endsAtMs = Date.now() + durationMs;
    const running = this.inspections.get(name);
    if (running) {
      // Another client is inspecting it already: both read the same stream topics until the later end.
      running.endsAtMs = Math.max(running.endsAtMs, endsAtMs);
      clearTimeout(running.timer);
      running.timer = setTimeout(() => this.endInspection(name, ''), running.endsAtMs - Date.now());
    } else {
      await device.driver.startStreaming(name);
      this.inspections.set(name, {
        device: name,
        streamSeq: new Map(),
        pending: new Map(),
        flushTimer: undefined,
        endsAtMs,
        timer: setTimeout(() => this.endInspection(name, ''), durationMs),
      });
    }
    this.logger.info({ device: name, durationMs }, 'inspection started');
    return {
      device: name,
      chain: this.chainOf(name),
      streams: device.info.streams,
      streamTopicPrefix: topics.streamPrefix(this.config.site, this.config.gateway, name),
    };
  }

  private onStreamData(device: string, stream: string, timestampUs: number, data: Uint8Array): void {
    const inspection = this.inspections.get(device);
    if (!inspection) return;
    const pending = inspection.pending.get(stream) ?? { samples: [], bytes: 0 };
    inspection.pending.set(stream, pending);
    pending.samples.push({ timestampUs, data });
    pending.bytes += data.length;
    if (pending.bytes >= STREAM_CHUNK_MAX_BYTES) this.sendChunk(inspection, stream, pending);
    else inspection.flushTimer ??= setTimeout(() => this.flushChunks(inspection), STREAM_CHUNK_LINGER_MS);
  }

  private flushChunks(inspection: Inspection): void {
    clearTimeout(inspection.flushTimer);
    inspection.flushTimer = undefined;
    for (const [stream, pending] of inspection.pending) this.sendChunk(inspection, stream, pending);
  }

  private sendChunk(inspection: Inspection, stream: string, pending: PendingChunk): void {
    if (pending.samples.length === 0) return;
    const { device } = inspection;
    const seq = inspection.streamSeq.get(stream) ?? 0;
    inspection.streamSeq.set(stream, seq + 1);
    const payload = codecs.streamChunk.encode({ device, stream, seq, samples: pending.samples, end: false, error: '' });
    pending.samples = [];
    pending.bytes = 0;
    this.publish(topics.stream(this.config.site, this.config.gateway, device, stream), payload, 0);
  }

  /** Ends an inspection: each stream gets a last chunk (with the error, if any). */
  private endInspection(name: string, error: string): void {
    const inspection = this.inspections.get(name);
    if (!inspection) return;
    this.inspections.delete(name);
    clearTimeout(inspection.timer);
    this.flushChunks(inspection);
    const device = this.devices.get(name);
    device?.driver.stopStreaming(name).catch(() => undefined);
    for (const stream of device?.info.streams ?? []) {
      const seq = inspection.streamSeq.get(stream.id) ?? 0;
      const payload = codecs.streamChunk.encode({ device: name, stream: stream.id, seq, samples: [], end: true, error });
      this.publish(topics.stream(this.config.site, this.config.gateway, name, stream.id), payload, 1);
    }
    this.logger.info({ device: name, error: error || undefined }, 'inspection ended');
  }
}
