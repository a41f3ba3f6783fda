import { deviceName, Direction, Protocol } from '@mjl/protocol';
import { nowUs, type Logger } from '@mjl/runtime';
import { Backoff, BACKOFF_DEFAULTS, type BackoffOptions } from '../backoff.js';
import { CountedWarning } from '../counted-warning.js';
import { Driver, type DiscoveredDevice, type DriverContext } from '../driver.js';
import { MJL_GATT } from '../gatt.js';
import { bleStream, STREAM_IDS } from '../streams.js';
import {
  decodeInputFrame,
  decodeLogFrame,
  decodeResultFrame,
  LOG_SOURCE_SELF,
  MJL_IDENTITY_UUID,
  parseIdentity,
  RESULT_RECORD_BYTES,
  type Identity,
} from './frames.js';
import { loadNoble, nobleUuid, type Noble, type NobleBindings, type NobleCharacteristic, type NoblePeripheral } from './noble.js';

export interface BleDriverOptions {
  /** Connect only to these peripheral addresses ("aa:bb:cc:dd:ee:ff", any case); empty: every mjl peripheral in range. */
  peripherals: string[];
  /** Longest wait for a connection, and for each GATT step after it (discovery, identity read, subscribe). */
  connectTimeoutMs: number;
  /** Delays between attempts to (re)connect a peripheral. */
  reconnect: BackoffOptions;
  /** The adapter: 0 for hci0. Default: NOBLE_HCI_DEVICE_ID, else the first adapter. */
  hciDevice?: number | undefined;
  /** Noble's bindings. Default: the platform's own (the HCI socket on a Pi); tests inject a simulated radio. */
  bindings?: NobleBindings | undefined;
}

export const BLE_DEFAULTS: BleDriverOptions = {
  peripherals: [],
  connectTimeoutMs: 10_000,
  reconnect: BACKOFF_DEFAULTS,
};

const UUID = {
  service: nobleUuid(MJL_GATT.service),
  input: nobleUuid(MJL_GATT.input),
  output: nobleUuid(MJL_GATT.output),
  log: nobleUuid(MJL_GATT.log),
  identity: nobleUuid(MJL_IDENTITY_UUID),
} as const;

const normalizeAddress = (address: string) => address.toLowerCase();

/**
 * mjl BLE peripherals (an ArduinoBLE33 running the MjlDriver firmware, docs/devices.md): scans for the
 * mjl GATT service, connects each peripheral, reads which classifiers sit on its pins, and turns
 * notifications into results and log lines. Lost links are retried with exponential backoff; an adapter
 * that powers off takes every device down, and powering on scans again.
 */
export class BleDriver extends Driver {
  readonly kind = 'ble';
  private noble: Noble | undefined;
  private readonly links = new Map<string, PeripheralLink>();
  private readonly logger: Logger;
  private readonly allowed: Set<string>;
  private stopped = false;

  constructor(
    context: DriverContext,
    private readonly options: BleDriverOptions,
  ) {
    super(context);
    this.logger = context.logger.child({ driver: 'ble' });
    this.allowed = new Set(options.peripherals.map(normalizeAddress));
  }

  async start(): Promise<void> {
    this.stopped = false;
    const restarted = this.noble !== undefined;
    const noble = (this.noble ??= loadNoble(this.options.bindings, this.options.hciDevice));
    noble.on('warning', this.onWarning);
    noble.on('discover', this.onDiscover);
    // The first stateChange listener makes noble initialise its bindings (open the adapter); after a
    // stop() the adapter is already open and reports no new state.
    noble.on('stateChange', this.onAdapterState);
    if (restarted && noble.state === 'poweredOn') this.onAdapterState('poweredOn');
    // Let noble open the adapter before start() returns: its HCI bindings then add their SIGINT handler
    // before the gateway adds its own, and exit the process only when theirs is the last one.
    await new Promise((resolve) => setImmediate(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const noble = this.noble;
    if (!noble) return;
    noble.removeListener('stateChange', this.onAdapterState);
    noble.removeListener('discover', this.onDiscover);
    noble.removeListener('warning', this.onWarning);
    if (noble.state === 'poweredOn') noble.stopScanning();
    for (const link of this.links.values()) link.dispose('gateway stopping', { announce: false, adapterOff: false });
    this.links.clear();
  }

  async startStreaming(device: string): Promise<void> {
    const link = this.linkOf(device);
    if (!link) throw new Error(`the BLE driver has no device named ${device}`);
    await link.startStreaming(device);
  }

  async stopStreaming(device: string): Promise<void> {
    await this.linkOf(device)?.stopStreaming(device);
  }

  private linkOf(device: string): PeripheralLink | undefined {
    for (const link of this.links.values()) if (link.has(device)) return link;
    return undefined;
  }

  private readonly onWarning = (message: string) => this.logger.warn({ noble: message }, 'noble warning');

  private readonly onAdapterState = (state: string) => {
    if (this.stopped || !this.noble) return;
    if (state === 'poweredOn') {
      this.logger.info('Bluetooth adapter powered on: scanning for mjl peripherals');
      this.noble.startScanningAsync([UUID.service], false).catch((error: Error) => {
        this.logger.error({ err: error.message }, 'cannot start BLE scanning');
      });
      return;
    }
    const hint =
      state === 'unauthorized'
        ? 'run as root or: sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(which node)")"'
        : state === 'unsupported'
          ? 'the adapter does not support Bluetooth LE; choose another with the hciDevice option'
          : undefined;
    this.logger.warn({ state, hint, devices: this.links.size }, 'Bluetooth adapter not powered on: its devices are down');
    for (const link of this.links.values()) link.dispose(`Bluetooth adapter ${state}`, { announce: true, adapterOff: true });
    this.links.clear();
  };

  private readonly onDiscover = (peripheral: NoblePeripheral) => {
    if (this.stopped || this.links.has(peripheral.id)) return;
    const advertised = peripheral.advertisement.serviceUuids ?? [];
    if (!advertised.map(nobleUuid).includes(UUID.service)) return;
    const address = peripheral.address && peripheral.address !== 'unknown' ? normalizeAddress(peripheral.address) : peripheral.id;
    if (this.allowed.size > 0 && !this.allowed.has(address)) {
      this.logger.debug({ peripheral: address }, 'ignoring an mjl peripheral not in this gateway\'s peripherals list');
      return;
    }
    this.logger.info({ peripheral: address, localName: peripheral.advertisement.localName }, 'found an mjl peripheral');
    const link = new PeripheralLink(this, this.context, this.options, peripheral, address, this.logger.child({ peripheral: address }));
    this.links.set(peripheral.id, link);
    link.connect();
  };
}

interface LinkDevice {
  info: DiscoveredDevice;
  /** Undefined for the peripheral itself; a classifier's slot otherwise. */
  slot: number | undefined;
}

type LinkState = 'connecting' | 'up' | 'waiting' | 'disposed';

/** One peripheral: its connection, its devices while connected, and the retries while not. */
class PeripheralLink {
  private state: LinkState = 'waiting';
  private readonly backoff: Backoff;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Rejects the running setup when the link drops or is disposed mid-way. */
  private abortSetup: ((error: Error) => void) | undefined;
  private parent: LinkDevice | undefined;
  /** Classifiers indexed by slot, for the notification path. */
  private bySlot: (LinkDevice | undefined)[] = [];
  private subscribed: NobleCharacteristic[] = [];
  private input: NobleCharacteristic | undefined;
  private readonly streaming = new Set<string>();
  private readonly badFrames: CountedWarning;
  private readonly unknownSlots: CountedWarning;

  constructor(
    private readonly driver: Driver,
    private readonly context: DriverContext,
    private readonly options: BleDriverOptions,
    private readonly peripheral: NoblePeripheral,
    private readonly address: string,
    private readonly logger: Logger,
  ) {
    this.backoff = new Backoff(options.reconnect);
    this.badFrames = new CountedWarning(logger, 'dropped a malformed BLE notification');
    this.unknownSlots = new CountedWarning(logger, 'dropped a result for a slot the identity does not declare');
    peripheral.on('disconnect', this.onDisconnect);
  }

  has(device: string): boolean {
    return this.parent?.info.name === device || this.bySlot.some((classifier) => classifier?.info.name === device);
  }

  private get devices(): LinkDevice[] {
    return [...(this.parent ? [this.parent] : []), ...this.bySlot.filter((device) => device !== undefined)];
  }

  connect(): void {
    if (this.state !== 'waiting') return;
    this.state = 'connecting';
    this.setup().then(
      () => {
        this.state = 'up';
        this.backoff.reset();
        for (const device of this.devices) this.context.bus.emit('deviceUp', device.info, this.driver);
      },
      (error: Error) => {
        this.abortSetup = undefined;
        if (this.state === 'disposed') return;
        this.state = 'waiting';
        this.unsubscribeAll();
        if (this.peripheral.state === 'connected' || this.peripheral.state === 'connecting') this.disconnectQuietly();
        this.retryLater(error.message);
      },
    );
  }

  private retryLater(why: string): void {
    const delayMs = this.backoff.next();
    this.logger.warn({ err: why, retryInMs: delayMs, attempt: this.backoff.failures }, 'BLE peripheral unavailable, will retry');
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  /** Connects, finds the mjl characteristics, reads the identity and subscribes; throws naming the step that failed. */
  private async setup(): Promise<void> {
    const aborted = new Promise<never>((_, reject) => (this.abortSetup = reject));
    aborted.catch(() => undefined);
    const timeoutMs = this.options.connectTimeoutMs;
    const step = async <T>(what: string, work: Promise<T>, onTimeout?: () => void): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          onTimeout?.();
          reject(new Error(`${what} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([work, aborted, timeout]);
      } finally {
        clearTimeout(timer);
      }
    };

    await step('connecting', this.peripheral.connectAsync(), () => this.peripheral.cancelConnect());
    const services = await step('discovering services', this.peripheral.discoverServicesAsync([UUID.service]));
    const service = services.find((candidate) => nobleUuid(candidate.uuid) === UUID.service);
    if (!service) throw new Error(`the peripheral has no mjl GATT service ${MJL_GATT.service}`);
    const characteristics = await step('discovering characteristics', service.discoverCharacteristicsAsync([]));
    const find = (uuid: string) => characteristics.find((characteristic) => nobleUuid(characteristic.uuid) === uuid);
    const output = find(UUID.output);
    const identityCharacteristic = find(UUID.identity);
    const log = find(UUID.log);
    this.input = find(UUID.input);
    if (!output) throw new Error(`the mjl service has no output characteristic ${MJL_GATT.output}`);
    if (!identityCharacteristic) throw new Error(`the mjl service has no identity characteristic ${MJL_IDENTITY_UUID} (docs/devices.md)`);

    const identity = parseIdentity(await step('reading the identity', identityCharacteristic.readAsync()));
    if (!identity.ok) throw new Error(`unreadable identity: ${identity.problem}`);
    this.describeDevices(identity.value, log !== undefined);

    output.on('data', this.onResults);
    this.subscribed.push(output);
    await step('subscribing to results', output.subscribeAsync());
    if (log) {
      log.on('data', this.onLog);
      this.subscribed.push(log);
      await step('subscribing to logs', log.subscribeAsync());
    }
    if (this.input && [...this.streaming].some((name) => this.slotOf(name) !== undefined)) {
      await step('subscribing to input samples', this.subscribeInput(this.input));
    }
    this.abortSetup = undefined;
    this.logger.info({ classifiers: identity.value.classifiers.length }, 'BLE peripheral connected');
  }

  private describeDevices(identity: Identity, hasLog: boolean): void {
    const { site, gateway } = this.context;
    const parentAddress = `ble:${this.address}`;
    const parentName = deviceName(identity.service, { site, gateway, address: parentAddress });
    this.parent = {
      slot: undefined,
      info: {
        name: parentName,
        service: identity.service,
        type: identity.type,
        protocols: [Protocol.BLE],
        streams: hasLog ? [bleStream(MJL_GATT.log, Direction.LOG, this.address)] : [],
        address: parentAddress,
      },
    };
    this.bySlot = [];
    for (const classifier of identity.classifiers) {
      const address = `${parentAddress}/gpio:${classifier.slot}`;
      const streams = [bleStream(MJL_GATT.output, Direction.OUTPUT, this.address)];
      if (this.input) streams.unshift(bleStream(MJL_GATT.input, Direction.INPUT, this.address));
      this.bySlot[classifier.slot] = {
        slot: classifier.slot,
        info: {
          name: deviceName(classifier.service, { site, gateway, address }),
          service: classifier.service,
          type: classifier.type,
          protocols: [Protocol.GPIO],
          parent: parentName,
          streams,
          address,
        },
      };
    }
  }

  private slotOf(name: string): number | undefined {
    return this.bySlot.find((device) => device?.info.name === name)?.slot;
  }

  private readonly onResults = (data: Buffer) => {
    const arrivedUs = nowUs();
    const decoded = decodeResultFrame(data);
    if (!decoded.ok) {
      this.badFrames.report({ characteristic: 'output', problem: decoded.problem, bytes: data.length });
      return;
    }
    const { bus } = this.context;
    decoded.value.forEach((record, index) => {
      const device = this.bySlot[record.slot];
      if (!device) {
        this.unknownSlots.report({ slot: record.slot });
        return;
      }
      const timestampUs = arrivedUs - record.ageUs;
      bus.emit('result', device.info.name, timestampUs, record.value);
      if (this.streaming.has(device.info.name)) {
        const at = 1 + index * RESULT_RECORD_BYTES;
        bus.emit('streamData', device.info.name, STREAM_IDS.output, timestampUs, data.subarray(at, at + RESULT_RECORD_BYTES));
      }
    });
  };

  private readonly onLog = (data: Buffer) => {
    const arrivedUs = nowUs();
    const decoded = decodeLogFrame(data);
    if (!decoded.ok) {
      this.badFrames.report({ characteristic: 'log', problem: decoded.problem, bytes: data.length });
      return;
    }
    const { level, source, lines } = decoded.value;
    const device = (source === LOG_SOURCE_SELF ? undefined : this.bySlot[source]) ?? this.parent;
    if (!device) return;
    const { bus } = this.context;
    for (const line of lines) {
      bus.emit('log', device.info.name, arrivedUs, level, line);
      if (device === this.parent && this.streaming.has(device.info.name)) {
        bus.emit('streamData', device.info.name, STREAM_IDS.log, arrivedUs, new TextEncoder().encode(line));
      }
    }
  };

  private readonly onInput = (data: Buffer) => {
    const arrivedUs = nowUs();
    const decoded = decodeInputFrame(data);
    if (!decoded.ok) {
      this.badFrames.report({ characteristic: 'input', problem: decoded.problem, bytes: data.length });
      return;
    }
    const device = this.bySlot[decoded.value.slot];
    if (device && this.streaming.has(device.info.name)) {
      this.context.bus.emit('streamData', device.info.name, STREAM_IDS.input, arrivedUs, decoded.value.samples);
    }
  };

  private async subscribeInput(input: NobleCharacteristic): Promise<void> {
    if (this.subscribed.includes(input)) return;
    input.on('data', this.onInput);
    this.subscribed.push(input);
    await input.subscribeAsync();
  }

  async startStreaming(device: string): Promise<void> {
    if (this.state !== 'up') throw new Error(`device ${device} is not connected`);
    this.streaming.add(device);
    if (this.slotOf(device) !== undefined && this.input) await this.subscribeInput(this.input);
  }

  async stopStreaming(device: string): Promise<void> {
    this.streaming.delete(device);
    const input = this.input;
    if (!input || [...this.streaming].some((name) => this.slotOf(name) !== undefined) || !this.subscribed.includes(input)) return;
    input.removeListener('data', this.onInput);
    this.subscribed = this.subscribed.filter((characteristic) => characteristic !== input);
    if (this.state === 'up') await input.unsubscribeAsync().catch(() => undefined);
  }

  private unsubscribeAll(): void {
    for (const characteristic of this.subscribed) {
      characteristic.removeListener('data', this.onResults);
      characteristic.removeListener('data', this.onLog);
      characteristic.removeListener('data', this.onInput);
    }
    this.subscribed = [];
  }

  private emitDown(reason: string): void {
    const { bus } = this.context;
    for (const device of [...this.bySlot.filter((d) => d !== undefined), ...(this.parent ? [this.parent] : [])]) {
      bus.emit('deviceDown', device.info.name, reason);
    }
  }

  private readonly onDisconnect = (reason?: number) => {
    const why = `BLE link to ${this.address} lost${reason === undefined ? '' : ` (HCI reason 0x${reason.toString(16).padStart(2, '0')})`}`;
    if (this.state === 'connecting') {
      this.abortSetup?.(new Error(why));
      return;
    }
    if (this.state !== 'up') return;
    this.state = 'waiting';
    this.unsubscribeAll();
    this.emitDown(why);
    this.retryLater(why);
  };

  private disconnectQuietly(): void {
    try {
      this.peripheral.disconnect();
    } catch (error) {
      this.logger.debug({ err: (error as Error).message }, 'disconnect failed');
    }
  }

  /** Forgets the peripheral: devices down (when `announce`), link closed, retries cancelled. */
  dispose(reason: string, how: { announce: boolean; adapterOff: boolean }): void {
    const wasUp = this.state === 'up';
    const wasConnecting = this.state === 'connecting';
    this.state = 'disposed';
    clearTimeout(this.retryTimer);
    this.peripheral.removeListener('disconnect', this.onDisconnect);
    this.abortSetup?.(new Error(reason));
    this.unsubscribeAll();
    if (wasUp && how.announce) this.emitDown(reason);
    if (how.adapterOff) {
      // A powered-off adapter reports no disconnects, and noble refuses to connect a peripheral it still
      // believes connected: reset what noble knows, so the next scan can connect it again.
      this.peripheral.state = 'disconnected';
    } else if (wasUp || wasConnecting) {
      if (wasConnecting) this.peripheral.cancelConnect();
      this.disconnectQuietly();
    }
  }
}
