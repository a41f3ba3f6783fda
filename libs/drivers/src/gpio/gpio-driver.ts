import { deviceName, Protocol } from '@mjl/protocol';
import { nowUs, type Logger } from '@mjl/runtime';
import { CountedWarning } from '../counted-warning.js';
import { Driver, type DiscoveredDevice, type DriverContext } from '../driver.js';
import { gpioStream, STREAM_IDS } from '../streams.js';
import { OnoffPinBank, type Edge, type Level, type Pin, type PinBank, type SysfsOptions } from './pins.js';

export const MAX_DATA_PINS = 8;

export interface GpioDriverOptions extends SysfsOptions {
  service: string;
  type: string;
  /** BCM pin whose edge says "a result is ready". */
  strobePin: number;
  /** BCM pins holding the class, least significant bit first; none: the strobe's level is the class (0/1). */
  dataPins: number[];
  edge: Edge;
  /** Edges this soon after an accepted one are contact bounce and ignored, µs. */
  debounceUs: number;
  /** Default: the Pi's pins through onoff; tests and benchmarks pass a SimulatedPinBank. */
  pins?: PinBank | undefined;
}

export const GPIO_DEFAULTS = { type: 'TinyFPGA', dataPins: [] as number[], edge: 'rising' as Edge, debounceUs: 0 };

/**
 * A classifier wired straight to the gateway's pins: on each strobe edge the interrupt handler takes
 * the time first, then reads the data pins, and puts the result on the bus. Debouncing locks out
 * edges for `debounceUs` after an accepted one, so the accepted edge keeps its own timestamp.
 */
export class GpioDriver extends Driver {
  readonly kind = 'gpio';
  private readonly device: DiscoveredDevice;
  private readonly logger: Logger;
  private readonly bounces: CountedWarning;
  private strobe: Pin | undefined;
  private data: Pin[] = [];
  private lastAcceptedUs = -Infinity;
  private streaming = false;

  constructor(
    context: DriverContext,
    private readonly options: GpioDriverOptions,
  ) {
    super(context);
    if (options.dataPins.length > MAX_DATA_PINS) throw new RangeError(`at most ${MAX_DATA_PINS} data pins (256 classes), got ${options.dataPins.length}`);
    const address = `gpio:${options.strobePin}`;
    this.device = {
      name: deviceName(options.service, { site: context.site, gateway: context.gateway, address }),
      service: options.service,
      type: options.type,
      protocols: [Protocol.GPIO],
      streams: [gpioStream(options.strobePin, options.dataPins)],
      address,
    };
    this.logger = context.logger.child({ driver: 'gpio', device: this.device.name, strobePin: options.strobePin });
    this.bounces = new CountedWarning(this.logger, 'ignored strobe edges inside the debounce time');
  }

  async start(): Promise<void> {
    const bank = this.options.pins ?? new OnoffPinBank(this.options);
    const { strobePin, dataPins } = this.options;
    const opened: Pin[] = [];
    try {
      for (const pin of dataPins) opened.push(bank.input(pin));
      const strobe = bank.input(strobePin);
      opened.push(strobe);
      this.data = opened.slice(0, dataPins.length);
      this.strobe = strobe;
      strobe.watch(this.options.edge, this.onEdge);
    } catch (error) {
      for (const pin of opened) pin.unexport();
      this.data = [];
      this.strobe = undefined;
      throw new Error(`GPIO classifier ${this.device.name} (strobe BCM ${strobePin}, data BCM ${dataPins.join(',') || 'none'}): ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.context.bus.emit('deviceUp', this.device, this);
  }

  async stop(): Promise<void> {
    for (const pin of [this.strobe, ...this.data]) pin?.unexport();
    this.strobe = undefined;
    this.data = [];
  }

  async startStreaming(device: string): Promise<void> {
    if (device !== this.device.name) throw new Error(`the GPIO driver on strobe BCM ${this.options.strobePin} has no device named ${device}`);
    this.streaming = true;
  }

  async stopStreaming(device: string): Promise<void> {
    if (device === this.device.name) this.streaming = false;
  }

  /** The interrupt path: keep it short, allocation-free unless inspected. */
  private readonly onEdge = (error: Error | null | undefined, level: Level) => {
    const timestampUs = nowUs();
    if (error) {
      this.logger.error({ err: error.message }, 'GPIO interrupt failed');
      return;
    }
    if (timestampUs - this.lastAcceptedUs < this.options.debounceUs) {
      this.bounces.report({ debounceUs: this.options.debounceUs });
      return;
    }
    this.lastAcceptedUs = timestampUs;
    let value: number = level;
    if (this.data.length > 0) {
      value = 0;
      for (let bit = 0; bit < this.data.length; bit++) value |= (this.data[bit] as Pin).read() << bit;
    }
    this.context.bus.emit('result', this.device.name, timestampUs, value);
    if (this.streaming) this.context.bus.emit('streamData', this.device.name, STREAM_IDS.output, timestampUs, Uint8Array.of(value));
  };
}
