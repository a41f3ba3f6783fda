import {
  codecs,
  protocolName,
  topics,
  type Command,
  type DeviceAnnouncement,
  type InspectionStarted,
  type Outgoing,
} from '@mjl/protocol';
import { nowUs, SOFTWARE_VERSION, type Logger } from '@mjl/runtime';
import { BrokerLink } from '@mjl/transport';
import { DriverBus, type DiscoveredDevice, type Driver, type DriverContext } from '@mjl/drivers';
import { ResultBatcher } from './result-batcher.js';

export interface AgentConfig {
  site: string;
  gateway: string;
  brokers: string[];
  keepaliveS: number;
  lingerMs: number;
  maxBatch: number;
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

interface Inspection {
  device: string;
  streamSeq: Map<string, number>;
  timer: NodeJS.Timeout;
}

export type DriverFactory = (context: DriverContext) => Driver;

/**
 * The gateway agent: drivers put devices, results, logs and raw streams on the bus; the agent
 * announces the devices (retained), publishes results in batches, and answers inspection commands.
 */
export class GatewayAgent {
  private readonly bus = new DriverBus();
  private readonly devices = new Map<string, KnownDevice>();
  private readonly inspections = new Map<string, Inspection>();
  private readonly drivers: Driver[];
  private readonly birthSeq = Date.now();
  private readonly batcher: ResultBatcher;
  private link: BrokerLink | undefined;

  constructor(
    private readonly config: AgentConfig,
    driverFactories: DriverFactory[],
    private readonly logger: Logger,
  ) {
    const context: DriverContext = { site: config.site, gateway: config.gateway, bus: this.bus, logger };
    this.drivers = driverFactories.map((create) => create(context));
    this.batcher = new ResultBatcher(config.lingerMs, config.maxBatch, (batch) => {
      const device = this.devices.get(batch.device);
      if (!device) return;
      const payload = codecs.resultBatch.encode({ ...batch, service: device.info.service, session: this.birthSeq });
      this.publish(topics.results(config.site, config.gateway, batch.device), payload, 1);
    });
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
    this.bus.on('result', (device, timestampUs, value) => this.batcher.add(device, timestampUs, value));
    this.bus.on('log', (device, timestampUs, level, text) => {
      const payload = codecs.logBatch.encode({ device, lines: [{ timestampUs, level, text }] });
      this.publish(topics.logs(site, gateway, device), payload, 0);
    });
    this.bus.on('streamData', (device, stream, timestampUs, data) => this.onStreamData(device, stream, timestampUs, data));

    this.link = BrokerLink.start({
      brokers: this.config.brokers,
      clientId: `mjl-gw-${site}-${gateway}`,
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
    for (const inspection of this.inspections.values()) clearTimeout(inspection.timer);
    for (const driver of this.drivers) {
      await driver.stop().catch((error: Error) => this.logger.warn({ driver: driver.kind, err: error.message }, 'driver stop failed'));
    }
    this.batcher.flushAll();
    if (this.link) {
      // An orderly stop is a death too: say it, since a clean DISCONNECT suppresses the last will.
      if (this.link.connected) await this.link.publish(this.stateTopic, this.state(false), { qos: 1, retain: true });
      await this.link.close();
    }
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
      this.logger.warn({ err: decoded.error.message }, 'dropped malformed command');
      return;
    }
    const command = decoded.value;
    this.handleCommand(command).then(
      (inspectionStarted) => this.reply(command, { ok: true, error: '', inspectionStarted }),
      (error: Error) => this.reply(command, { ok: false, error: error.message }),
    );
  }

  private reply(command: Command, reply: { ok: boolean; error: string; inspectionStarted?: InspectionStarted | undefined }): void {
    const payload = codecs.commandReply.encode({ correlationId: command.correlationId, ...reply });
    this.publish(command.replyTo, payload, 1);
  }

  private async handleCommand(command: Command): Promise<InspectionStarted | undefined> {
    if (command.ping) return undefined;
    if (command.stopInspection) {
      this.endInspection(command.stopInspection.device, '');
      return undefined;
    }
    const start = command.startInspection;
    if (!start) throw new Error('unknown command');
    const device = this.devices.get(start.device);
    if (!device) throw new Error(`gateway ${this.config.gateway} at ${this.config.site} has no device named ${start.device}`);
    if (!device.online) throw new Error(`device ${start.device} is offline`);
    if (start.protocol !== 0 && !device.info.protocols.includes(start.protocol)) {
      const speaks = device.info.protocols.map(protocolName).join(', ');
      throw new Error(`device ${start.device} does not speak ${protocolName(start.protocol)}; it speaks ${speaks}`);
    }
    if (this.inspections.has(start.device)) this.endInspection(start.device, '');
    await device.driver.startStreaming(start.device);
    const durationMs = start.durationMs || 10_000;
    this.inspections.set(start.device, {
      device: start.device,
      streamSeq: new Map(),
      timer: setTimeout(() => this.endInspection(start.device, ''), durationMs),
    });
    this.logger.info({ device: start.device, durationMs }, 'inspection started');
    return {
      device: start.device,
      chain: this.chainOf(start.device),
      streams: device.info.streams,
      streamTopicPrefix: topics.streamPrefix(this.config.site, this.config.gateway, start.device),
    };
  }

  private onStreamData(device: string, stream: string, timestampUs: number, data: Uint8Array): void {
    const inspection = this.inspections.get(device);
    if (!inspection) return;
    const seq = inspection.streamSeq.get(stream) ?? 0;
    inspection.streamSeq.set(stream, seq + 1);
    const payload = codecs.streamChunk.encode({ device, stream, seq, samples: [{ timestampUs, data }], end: false, error: '' });
    this.publish(topics.stream(this.config.site, this.config.gateway, device, stream), payload, 0);
  }

  /** Ends an inspection: each stream gets a last chunk (with the error, if any). */
  private endInspection(name: string, error: string): void {
    const inspection = this.inspections.get(name);
    if (!inspection) return;
    this.inspections.delete(name);
    clearTimeout(inspection.timer);
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
