import { deviceName, Direction, Protocol, type StreamInfo } from '@mjl/protocol';
import { nowUs } from '@mjl/runtime';
import { Driver, type DiscoveredDevice, type DriverContext } from '../driver.js';
import { MJL_GATT, streamIdOf } from '../gatt.js';
import { hashString, mix, simulatedJitter, simulatedVote } from './truth.js';

export interface SimServiceSpec {
  service: string;
  count: number;
  accuracy: number;
}

export interface SimOptions {
  services: SimServiceSpec[];
  /** Gateways with the same seed hear the same sounds. */
  seed: number;
  /** One sound per period; each device votes once per period. */
  periodUs: number;
  /** Devices hear a sound up to this long after its slot starts. */
  jitterUs: number;
  classes: number;
  /** Microseconds between log lines of each device; 0 = none. */
  logEveryUs: number;
}

export const SIM_DEFAULTS: Omit<SimOptions, 'services'> = {
  seed: 1,
  periodUs: 10_000,
  jitterUs: 500,
  classes: 2,
  logEveryUs: 5_000_000,
};

/** Parses "AudioClassifier:3:0.9" (service:count:accuracy); count and accuracy are optional (1, 0.9). */
export function parseSimulateSpec(text: string): SimServiceSpec {
  const [service = '', count = '1', accuracy = '0.9', ...rest] = text.split(':');
  const problems: string[] = [];
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(service)) problems.push('the service must be a name of letters, digits and _');
  if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > 10_000) problems.push('count must be a whole number from 1 to 10000');
  if (!/^(0(\.\d+)?|1(\.0*)?)$/.test(accuracy)) problems.push('accuracy must be a number from 0 to 1');
  if (rest.length > 0) problems.push('expected at most three parts');
  if (problems.length > 0) {
    throw new TypeError(`invalid --simulate ${JSON.stringify(text)}: ${problems.join('; ')} (expected service:count:accuracy, e.g. AudioClassifier:3:0.9)`);
  }
  return { service, count: Number(count), accuracy: Number(accuracy) };
}

interface SimDevice {
  info: DiscoveredDevice;
  hash: number;
  accuracy: number;
}

const PARENT = { service: 'MjlDriver', type: 'ArduinoBLE33' } as const;

function bleStream(uuid: string, direction: Direction, peripheral: string): StreamInfo {
  return {
    id: streamIdOf(uuid),
    direction,
    protocol: Protocol.BLE,
    ble: { serviceUuid: MJL_GATT.service, characteristicUuid: uuid, peripheral },
  };
}

/**
 * Simulated sites: one MjlDriver (an ArduinoBLE33 on BLE) with classifier FPGAs on its pins, voting on
 * a ground truth shared by every gateway with the same seed (see truth.ts).
 */
export class SimDriver extends Driver {
  readonly kind = 'sim';
  private readonly devices: SimDevice[] = [];
  private readonly classifiers: SimDevice[] = [];
  private readonly streaming = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private nextSlot = 0;
  private nextLogUs = 0;

  constructor(
    context: DriverContext,
    private readonly options: SimOptions,
  ) {
    super(context);
    const { site, gateway } = context;
    const peripheral = `sim-${mix(options.seed, hashString(`${site}/${gateway}`)).toString(16).padStart(8, '0')}`;
    const parent = deviceName(PARENT.service, { site, gateway, address: `ble:${peripheral}` });
    this.devices.push({
      info: {
        name: parent,
        service: PARENT.service,
        type: PARENT.type,
        protocols: [Protocol.BLE],
        streams: [bleStream(MJL_GATT.log, Direction.LOG, peripheral)],
        address: `ble:${peripheral}`,
      },
      hash: hashString(parent),
      accuracy: 0,
    });
    for (const spec of options.services) {
      for (let index = 0; index < spec.count; index++) {
        const address = `ble:${peripheral}/gpio:${spec.service}:${index}`;
        const name = deviceName(spec.service, { site, gateway, address });
        this.devices.push({
          info: {
            name,
            service: spec.service,
            type: 'TinyFPGA',
            protocols: [Protocol.GPIO],
            parent,
            streams: [bleStream(MJL_GATT.input, Direction.INPUT, peripheral), bleStream(MJL_GATT.output, Direction.OUTPUT, peripheral)],
            address,
          },
          hash: hashString(name),
          accuracy: spec.accuracy,
        });
      }
    }
    this.classifiers = this.devices.filter((device) => device.info.parent !== undefined);
  }

  async start(): Promise<void> {
    for (const device of this.devices) this.context.bus.emit('deviceUp', device.info, this);
    const now = nowUs();
    this.nextSlot = Math.floor(now / this.options.periodUs) + 1;
    this.nextLogUs = now + this.options.logEveryUs;
    this.running = true;
    this.wakeAt(now);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Sleeps until the next slot is due (or the next log line): one wake-up per period, not per ms. */
  private wakeAt(now: number): void {
    if (!this.running) return;
    const { periodUs, jitterUs, logEveryUs } = this.options;
    let dueUs = this.nextSlot * periodUs + jitterUs;
    if (logEveryUs > 0) dueUs = Math.min(dueUs, this.nextLogUs);
    this.timer = setTimeout(
      () => {
        const woken = nowUs();
        this.emitDue(woken);
        this.wakeAt(woken);
      },
      Math.max(1, Math.ceil((dueUs - now) / 1000)),
    );
  }

  async startStreaming(device: string): Promise<void> {
    this.requireDevice(device);
    this.streaming.add(device);
  }

  async stopStreaming(device: string): Promise<void> {
    this.streaming.delete(device);
  }

  private requireDevice(name: string): SimDevice {
    const device = this.devices.find((candidate) => candidate.info.name === name);
    if (!device) throw new Error(`the simulator has no device named ${name}`);
    return device;
  }

  /** Emits every slot whose sounds every device has heard by `now`. */
  private emitDue(now: number): void {
    const { periodUs, jitterUs, seed, classes } = this.options;
    const { bus } = this.context;
    while ((this.nextSlot * periodUs) + jitterUs <= now) {
      const slot = this.nextSlot++;
      for (const device of this.classifiers) {
        const timestampUs = slot * periodUs + simulatedJitter(seed, device.hash, slot, jitterUs);
        const value = simulatedVote(seed, device.hash, slot, classes, device.accuracy);
        bus.emit('result', device.info.name, timestampUs, value);
        if (this.streaming.has(device.info.name)) {
          const samples = new Uint8Array(16);
          for (let i = 0; i < samples.length; i += 4) new DataView(samples.buffer).setUint32(i, mix(seed, device.hash, slot, i));
          bus.emit('streamData', device.info.name, streamIdOf(MJL_GATT.input), timestampUs, samples);
          bus.emit('streamData', device.info.name, streamIdOf(MJL_GATT.output), timestampUs, Uint8Array.of(value));
        }
      }
    }
    if (this.options.logEveryUs > 0 && now >= this.nextLogUs) {
      this.nextLogUs = now + this.options.logEveryUs;
      for (const device of this.devices) {
        const text = device.info.parent
          ? `heard class ${simulatedVote(seed, device.hash, this.nextSlot - 1, classes, device.accuracy)} (slot ${this.nextSlot - 1})`
          : `BLE link ok, ${this.classifiers.length} classifiers on the pins`;
        bus.emit('log', device.info.name, now, 'info', text);
        if (this.streaming.has(device.info.name) && !device.info.parent) {
          bus.emit('streamData', device.info.name, streamIdOf(MJL_GATT.log), now, new TextEncoder().encode(text));
        }
      }
    }
  }
}
