import { existsSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import { deviceName, Direction, Protocol } from '@mjl/protocol';
import { nowUs, type Logger } from '@mjl/runtime';
import { Backoff, type BackoffOptions } from '../backoff.js';
import { CountedWarning } from '../counted-warning.js';
import { Driver, type DiscoveredDevice, type DriverContext } from '../driver.js';
import { serialStream, STREAM_IDS } from '../streams.js';
import { checkLine, GATEWAY_FRAMES, LineSplitter, parseDeviceFrame, type DeviceFrame } from './frames.js';

export interface SerialDriverOptions {
  /** The port as configured (/dev/ttyACM0, /dev/serial/by-id/…): the device's name derives from it. */
  path: string;
  baudRate: number;
  /** While a device has not said hello, ask it this often. */
  helloIntervalMs: number;
  /** Delays between looks for the port while it is absent or will not open. */
  reconnect: BackoffOptions;
}

export const SERIAL_DEFAULTS = {
  baudRate: 115_200,
  helloIntervalMs: 1000,
  reconnect: { initialMs: 250, maxMs: 5000, factor: 2, jitter: 0.2 },
} satisfies Omit<SerialDriverOptions, 'path'>;

type SerialPortClass = typeof SerialPort;

async function loadSerialPort(): Promise<SerialPortClass> {
  try {
    return (await import('serialport')).SerialPort;
  } catch (error) {
    throw new Error(
      `the serial driver needs the serialport package and its native bindings (${(error as Error).message.split('\n')[0]}): ` +
        'install them on the gateway with npm install serialport',
      { cause: error },
    );
  }
}

const decoder = new TextDecoder();

/**
 * One USB/UART-attached board on one port, speaking the mjl serial line protocol (frames.ts). The
 * device is up from its hello until the port closes under it (unplugged); the driver then polls the
 * path with backoff and, when the board is back, announces it again under the same name.
 */
export class SerialDriver extends Driver {
  readonly kind = 'serial';
  private SerialPortClass: SerialPortClass | undefined;
  private port: SerialPort | undefined;
  private device: DiscoveredDevice | undefined;
  private up = false;
  private stopped = true;
  private streaming = false;
  private readonly backoff: Backoff;
  private retryTimer: NodeJS.Timeout | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  private helloQueries = 0;
  private readonly logger: Logger;
  private readonly badLines: CountedWarning;
  private readonly beforeHello: CountedWarning;
  private readonly splitter: LineSplitter;

  constructor(
    context: DriverContext,
    private readonly options: SerialDriverOptions,
  ) {
    super(context);
    this.logger = context.logger.child({ driver: 'serial', path: options.path });
    this.backoff = new Backoff(options.reconnect);
    this.badLines = new CountedWarning(this.logger, 'dropped a malformed serial line');
    this.beforeHello = new CountedWarning(this.logger, 'dropped frames sent before the device said hello');
    this.splitter = new LineSplitter(
      (line, startUs) => this.onLine(line, startUs),
      (bytes) => this.badLines.report({ problem: `line longer than the limit (${bytes}+ bytes)` }),
    );
  }

  async start(): Promise<void> {
    this.SerialPortClass ??= await loadSerialPort();
    this.stopped = false;
    this.tryOpen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.helloTimer);
    const port = this.port;
    this.port = undefined;
    this.up = false;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  async startStreaming(device: string): Promise<void> {
    if (device !== this.device?.name) throw new Error(`the serial driver on ${this.options.path} has no device named ${device}`);
    if (!this.up) throw new Error(`device ${device} on ${this.options.path} is not connected`);
    this.streaming = true;
    this.port?.write(GATEWAY_FRAMES.inputOn);
  }

  async stopStreaming(device: string): Promise<void> {
    if (device !== this.device?.name || !this.streaming) return;
    this.streaming = false;
    if (this.up) this.port?.write(GATEWAY_FRAMES.inputOff);
  }

  private retryLater(why: string, quiet: boolean): void {
    if (this.stopped) return;
    const delayMs = this.backoff.next();
    const log = { err: why, retryInMs: delayMs, attempt: this.backoff.failures };
    if (quiet) this.logger.debug(log, 'serial port unavailable, will look again');
    else this.logger.warn(log, 'serial port unavailable, will look again');
    this.retryTimer = setTimeout(() => this.tryOpen(), delayMs);
  }

  private tryOpen(): void {
    if (this.stopped || !this.SerialPortClass) return;
    const { path, baudRate } = this.options;
    // An absent path is the normal state of an unplugged board: after the first report, poll quietly.
    if (!existsSync(path)) {
      this.retryLater(`${path} does not exist (unplugged?)`, this.backoff.failures > 0);
      return;
    }
    const port = new this.SerialPortClass({ path, baudRate, autoOpen: false });
    port.open((error) => {
      if (this.stopped) {
        if (!error) port.close();
        return;
      }
      if (error) {
        const hint = /permission|EACCES/i.test(error.message) ? ' (add the gateway\'s user to the dialout group)' : '';
        this.retryLater(`cannot open ${path}: ${error.message}${hint}`, this.backoff.failures > 0);
        return;
      }
      this.onOpen(port);
    });
  }

  private onOpen(port: SerialPort): void {
    this.port = port;
    this.splitter.reset();
    this.helloQueries = 0;
    this.logger.info({ baudRate: this.options.baudRate }, 'serial port open: asking the device for its hello');
    port.on('data', (chunk: Buffer) => this.splitter.push(chunk, nowUs()));
    port.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'serial port error'));
    port.on('close', (error?: Error & { disconnected?: boolean }) => this.onClose(port, error));
    this.askHello();
    this.helloTimer = setInterval(() => this.askHello(), this.options.helloIntervalMs);
  }

  private askHello(): void {
    if (this.up || !this.port) return;
    this.helloQueries++;
    if (this.helloQueries === 5) {
      this.logger.warn({ queries: this.helloQueries }, 'the device on this port has not said hello: is it running mjl serial firmware at this baud rate?');
    }
    this.port.write(GATEWAY_FRAMES.query);
  }

  private onClose(port: SerialPort, error: (Error & { disconnected?: boolean }) | undefined): void {
    if (port !== this.port) return;
    this.port = undefined;
    clearInterval(this.helloTimer);
    this.splitter.reset();
    if (this.stopped) return;
    const why = error?.disconnected ? `${this.options.path} disconnected (unplugged)` : `${this.options.path} closed${error ? `: ${error.message}` : ''}`;
    if (this.up && this.device) {
      this.up = false;
      this.streaming = false;
      this.context.bus.emit('deviceDown', this.device.name, why);
    }
    this.backoff.reset();
    this.retryLater(why, false);
  }

  private onLine(line: Uint8Array, startUs: number): void {
    const checked = checkLine(line);
    if (!checked.ok) {
      this.badLines.report({ problem: checked.problem, line: decoder.decode(line.subarray(0, 80)).trimEnd() });
      return;
    }
    const frame = parseDeviceFrame(checked.value);
    if (!frame.ok) {
      this.badLines.report({ problem: frame.problem });
      return;
    }
    this.onFrame(frame.value, checked.value, startUs);
  }

  private onFrame(frame: DeviceFrame, body: string, startUs: number): void {
    if (frame.kind === 'hello') {
      this.onHello(frame.service, frame.type);
      return;
    }
    const device = this.device;
    if (!this.up || !device) {
      this.beforeHello.report({ kind: frame.kind });
      return;
    }
    const { bus } = this.context;
    switch (frame.kind) {
      case 'result': {
        const timestampUs = startUs - frame.ageUs;
        bus.emit('result', device.name, timestampUs, frame.value);
        if (this.streaming) bus.emit('streamData', device.name, STREAM_IDS.output, timestampUs, new TextEncoder().encode(body));
        return;
      }
      case 'log':
        bus.emit('log', device.name, startUs, frame.level, frame.text);
        if (this.streaming) bus.emit('streamData', device.name, STREAM_IDS.log, startUs, new TextEncoder().encode(frame.text));
        return;
      case 'input':
        if (this.streaming) bus.emit('streamData', device.name, STREAM_IDS.input, startUs, frame.samples);
        return;
    }
  }

  private onHello(service: string, type: string): void {
    const { site, gateway } = this.context;
    const { path, baudRate } = this.options;
    const previous = this.device;
    if (this.up && previous && previous.service === service && previous.type === type) return;
    if (this.up && previous) {
      this.context.bus.emit('deviceDown', previous.name, `the device on ${path} now says it is ${service} (${type})`);
    }
    this.device = {
      name: deviceName(service, { site, gateway, address: path }),
      service,
      type,
      protocols: [Protocol.SERIAL],
      streams: [serialStream(Direction.INPUT, path, baudRate), serialStream(Direction.OUTPUT, path, baudRate), serialStream(Direction.LOG, path, baudRate)],
      address: path,
    };
    this.up = true;
    this.streaming = false;
    this.backoff.reset();
    clearInterval(this.helloTimer);
    this.logger.info({ device: this.device.name, service, type }, 'serial device said hello');
    this.context.bus.emit('deviceUp', this.device, this);
  }
}
