import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { deviceName } from '@mjl/protocol';
import { encodeSerialFrame } from '@mjl/drivers';
import { eventually, mjl, sleep, Stack } from '../src/harness.js';

interface DeviceRow {
  name: string;
  service: string;
  type: string;
  protocols: string[];
  status: 'online' | 'offline';
}

/** A board on USB: a socat pty pair, the gateway on one end, firmware answering "Q" with its hello on the other. */
class PluggedBoard {
  private constructor(
    private readonly socat: ChildProcess,
    private readonly port: SerialPort,
  ) {}

  static async plug(gatewayPath: string, devicePath: string): Promise<PluggedBoard> {
    const socat = spawn('socat', [`pty,raw,echo=0,link=${gatewayPath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: 'ignore' });
    await eventually(async () => (existsSync(gatewayPath) && existsSync(devicePath) ? true : undefined), 5000, 10);
    await sleep(50);
    const port = new SerialPort({ path: devicePath, baudRate: 115_200 });
    await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
    let pending = '';
    port.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('Q*')) port.write(encodeSerialFrame('H mjl1 AudioClassifier ArduinoNano'));
    });
    port.on('error', () => undefined);
    return new PluggedBoard(socat, port);
  }

  /** Unplug: the firmware's port and socat go away, the gateway's end of the pty closes. */
  async unplug(): Promise<void> {
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
    const exited = new Promise((resolve) => this.socat.once('exit', resolve));
    this.socat.kill('SIGTERM');
    await exited;
  }
}

describe('mjl-gateway with a serial driver on a pty', () => {
  const stack = new Stack();
  const dir = mkdtempSync(join(tmpdir(), 'mjl-e2e-serial-'));
  const gatewayPath = join(dir, 'ttyACM0');
  const devicePath = join(dir, 'board');
  const expectedName = deviceName('AudioClassifier', { site: 'garage', gateway: 'pi-2', address: gatewayPath });
  let board: PluggedBoard | undefined;

  beforeAll(async () => {
    await stack.startBroker();
    board = await PluggedBoard.plug(gatewayPath, devicePath);
    const config = join(dir, 'gateway.yaml');
    writeFileSync(config, `drivers:\n  - kind: serial\n    path: ${gatewayPath}\n    helloInterval: 200ms\n    reconnect: { initial: 100ms, max: 500ms }\n`);
    await stack.startGateway('garage', 'pi-2', ['--config', config]);
  });

  afterAll(async () => {
    await board?.unplug();
    await stack.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const device = async (): Promise<DeviceRow | undefined> => {
    const run = await mjl(['devices', '-o', 'json'], { MJL_BROKER: stack.brokerUrl });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as DeviceRow[]).find((row) => row.name === expectedName);
  };
  const status = (wanted: DeviceRow['status']) => async () => {
    const row = await device();
    return row?.status === wanted ? row : undefined;
  };

  it('shows the board online under the name derived from its configured port', async () => {
    const row = await eventually(status('online'), 10_000, 200);
    expect(row).toMatchObject({ service: 'AudioClassifier', type: 'ArduinoNano', protocols: ['Serial'] });
  });

  it('shows it offline when unplugged, and online again under the same name when replugged', async () => {
    await board?.unplug();
    board = undefined;
    await eventually(status('offline'), 10_000, 200);
    board = await PluggedBoard.plug(gatewayPath, devicePath);
    await eventually(status('online'), 10_000, 200);
  });
});
