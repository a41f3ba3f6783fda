import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { checkLine, encodeSerialFrame, LineSplitter } from '../serial/frames.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A pseudo-terminal pair made by socat: the gateway opens `gatewayPath` as if it were a board's USB
 * port, the device emulator opens `devicePath`. Killing socat closes both ends, as unplugging does.
 */
export class PtyPair {
  private constructor(
    private readonly socat: ChildProcess,
    readonly gatewayPath: string,
    readonly devicePath: string,
    private readonly exited: Promise<void>,
  ) {}

  static async open(gatewayPath: string, devicePath: string): Promise<PtyPair> {
    const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${gatewayPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    socat.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
    const spawnError = new Promise<Error>((resolve) => socat.once('error', resolve));
    const deadline = Date.now() + 5000;
    while (!(existsSync(gatewayPath) && existsSync(devicePath) && /starting data transfer loop/.test(stderr))) {
      const failed = await Promise.race([spawnError, sleep(10).then(() => undefined)]);
      if (failed) throw new Error(`cannot run socat (install it: apt-get install socat): ${failed.message}`);
      if (socat.exitCode !== null || Date.now() > deadline) throw new Error(`socat did not make a pty pair: ${stderr}`);
    }
    return new PtyPair(socat, gatewayPath, devicePath, exited);
  }

  /** Unplugs: socat dies, both ptys close and their links disappear. */
  async close(): Promise<void> {
    if (this.socat.exitCode === null && this.socat.signalCode === null) this.socat.kill('SIGTERM');
    await this.exited;
  }
}

/** A board running mjl serial firmware, on the device end of a PtyPair: answers `Q` with its hello. */
export class SerialDeviceEmulator {
  readonly received: string[] = [];
  private constructor(
    private readonly port: SerialPort,
    private readonly hello: string | undefined,
  ) {
    const splitter = new LineSplitter(
      (line) => {
        const checked = checkLine(line);
        const body = checked.ok ? checked.value : `!bad ${new TextDecoder().decode(line)}`;
        this.received.push(body);
        if (body === 'Q' && this.hello) this.sendLine(this.hello);
      },
      () => undefined,
    );
    port.on('data', (chunk: Buffer) => splitter.push(chunk, 0));
    port.on('error', () => undefined);
  }

  /** Opens `path`; with `service`/`type` it answers hello queries, without it stays silent. */
  static async open(path: string, identity?: { service: string; type: string }): Promise<SerialDeviceEmulator> {
    const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    return new SerialDeviceEmulator(port, identity && `H mjl1 ${identity.service} ${identity.type}`);
  }

  sendLine(body: string): void {
    this.port.write(encodeSerialFrame(body));
  }

  sendRaw(bytes: string | Uint8Array): void {
    this.port.write(bytes);
  }

  async drain(): Promise<void> {
    await new Promise<void>((resolve) => this.port.drain(() => resolve()));
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
