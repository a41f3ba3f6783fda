import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deviceName, Direction, Protocol } from '@mjl/protocol';
import { nowUs } from '@mjl/runtime';
import { STREAM_IDS } from '../streams.js';
import { PtyPair, SerialDeviceEmulator } from '../testing/pty.js';
import { BusRecorder } from '../testing/recorder.js';
import { SERIAL_DEFAULTS, SerialDriver } from './serial-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'mjl-serial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const paths = () => {
  counter++;
  return { gateway: join(dir, `gw${counter}`), device: join(dir, `dev${counter}`) };
};

describe('SerialDriver over a real pty pair (socat) with the real serialport', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function plug(path: { gateway: string; device: string }, identity = { service: 'AudioClassifier', type: 'ArduinoNano' }) {
    const pty = await PtyPair.open(path.gateway, path.device);
    const device = await SerialDeviceEmulator.open(path.device, identity);
    cleanups.push(async () => {
      await device.close();
      await pty.close();
    });
    return { pty, device };
  }

  function startDriver(path: string) {
    const recorder = new BusRecorder();
    const driver = new SerialDriver(recorder.context, {
      ...SERIAL_DEFAULTS,
      path,
      helloIntervalMs: 100,
      reconnect: { initialMs: 20, maxMs: 200, factor: 2, jitter: 0 },
    });
    cleanups.push(() => driver.stop());
    return { recorder, driver };
  }

  it('asks for the hello, announces the device named from the configured path, and turns lines into results and logs', async () => {
    const path = paths();
    const { device } = await plug(path);
    const { recorder, driver } = startDriver(path.gateway);
    await driver.start();
    const up = await recorder.until('device up', () => recorder.ups[0]);
    expect(device.received[0]).toBe('Q');
    expect(up).toEqual({
      name: deviceName('AudioClassifier', { site: 'kitchen', gateway: 'pi-1', address: path.gateway }),
      service: 'AudioClassifier',
      type: 'ArduinoNano',
      protocols: [Protocol.SERIAL],
      streams: [
        { id: STREAM_IDS.input, direction: Direction.INPUT, protocol: Protocol.SERIAL, serial: { path: path.gateway, baudRate: 115_200 } },
        { id: STREAM_IDS.output, direction: Direction.OUTPUT, protocol: Protocol.SERIAL, serial: { path: path.gateway, baudRate: 115_200 } },
        { id: STREAM_IDS.log, direction: Direction.LOG, protocol: Protocol.SERIAL, serial: { path: path.gateway, baudRate: 115_200 } },
      ],
      address: path.gateway,
    });

    const before = nowUs();
    device.sendLine('R 1');
    device.sendLine('R -3 1500');
    device.sendLine('L warn mic gain high * clipped');
    await recorder.until('2 results and a log', () => recorder.results.length === 2 && recorder.logs.length === 1);
    const after = nowUs();
    const [first, second] = recorder.results;
    expect(first).toMatchObject({ device: up.name, value: 1 });
    expect(first!.timestampUs).toBeGreaterThanOrEqual(before);
    expect(first!.timestampUs).toBeLessThanOrEqual(after);
    expect(second).toMatchObject({ device: up.name, value: -3 });
    expect(second!.timestampUs).toBeLessThanOrEqual(after - 1500);
    expect(recorder.logs[0]).toMatchObject({ device: up.name, level: 'warn', text: 'mic gain high * clipped' });
  });

  it('drops lines with a bad checksum, junk and over-long lines, counting them, and keeps going', async () => {
    const path = paths();
    const { device } = await plug(path);
    const { recorder, driver } = startDriver(path.gateway);
    await driver.start();
    await recorder.until('device up', () => recorder.ups[0]);
    device.sendRaw('R 1*0000\n');
    device.sendRaw('\x00\xffboot garbage\r\n');
    device.sendRaw(`L info ${'x'.repeat(2000)}*1234\n`);
    device.sendLine('R 7');
    await recorder.until('the good result', () => recorder.results.length === 1);
    expect(recorder.results[0]?.value).toBe(7);
    const dropped = recorder.logLines.filter((line) => line.msg === 'dropped a malformed serial line');
    expect(dropped.map((line) => line['count'])).toEqual([1, 2]);
    expect(String(dropped[0]?.['problem'])).toMatch(/checksum 0000 does not match the body/);
  });

  it('goes down when unplugged, and comes back up under the same name when replugged at the same path', async () => {
    const path = paths();
    const first = await plug(path);
    const { recorder, driver } = startDriver(path.gateway);
    await driver.start();
    const up = await recorder.until('device up', () => recorder.ups[0]);

    await first.device.close();
    await first.pty.close();
    const down = await recorder.until('device down', () => recorder.downs[0]);
    expect(down).toEqual({ name: up.name, reason: `${path.gateway} disconnected (unplugged)` });

    await new Promise((resolve) => setTimeout(resolve, 300)); // a few polls of the absent path
    const second = await plug(path);
    await recorder.until('device up again', () => recorder.ups.length === 2);
    expect(recorder.ups[1]).toEqual(up);
    expect(recorder.transitions).toEqual([`up ${up.name}`, `down ${up.name}`, `up ${up.name}`]);
    second.device.sendLine('R 2');
    await recorder.until('a result after the replug', () => recorder.results.at(-1)?.value === 2);
  });

  it('waits for a port that is not there yet, and for a silent device to say hello', async () => {
    const path = paths();
    const { recorder, driver } = startDriver(path.gateway);
    await driver.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pty = await PtyPair.open(path.gateway, path.device);
    const silent = await SerialDeviceEmulator.open(path.device);
    cleanups.push(async () => {
      await silent.close();
      await pty.close();
    });
    await recorder.until('several hello queries', () => silent.received.filter((line) => line === 'Q').length >= 2);
    silent.sendLine('R 1');
    expect(recorder.ups).toEqual([]);
    silent.sendLine('H mjl1 KeywordSpotter ESP32');
    const up = await recorder.until('device up', () => recorder.ups[0]);
    expect(up.service).toBe('KeywordSpotter');
    expect(recorder.results).toEqual([]);
    expect(recorder.logLines.some((line) => line.msg === 'dropped frames sent before the device said hello')).toBe(true);
  });

  it('announces a new device when the board is reflashed with another service', async () => {
    const path = paths();
    const { device } = await plug(path);
    const { recorder, driver } = startDriver(path.gateway);
    await driver.start();
    const before = await recorder.until('device up', () => recorder.ups[0]);
    device.sendLine('H mjl1 AudioClassifier ArduinoNano');
    device.sendLine('H mjl1 KeywordSpotter ArduinoNano');
    const after = await recorder.until('new device up', () => recorder.ups[1]);
    expect(after.name).toBe(deviceName('KeywordSpotter', { site: 'kitchen', gateway: 'pi-1', address: path.gateway }));
    expect(recorder.transitions).toEqual([`up ${before.name}`, `down ${before.name}`, `up ${after.name}`]);
  });

  it('asks for input samples while inspected and streams them, results and logs', async () => {
    const path = paths();
    const { device } = await plug(path);
    const { recorder, driver } = startDriver(path.gateway);
    await driver.start();
    const up = await recorder.until('device up', () => recorder.ups[0]);
    await driver.startStreaming(up.name);
    await recorder.until('S 1 received', () => device.received.includes('S 1'));
    device.sendLine('I 0a0b0c');
    device.sendLine('R 4');
    await recorder.until('2 stream chunks', () => recorder.streamData.length === 2);
    expect(recorder.streamData.map(({ stream, data }) => ({ stream, data: [...data] }))).toEqual([
      { stream: STREAM_IDS.input, data: [10, 11, 12] },
      { stream: STREAM_IDS.output, data: [...new TextEncoder().encode('R 4')] },
    ]);
    await driver.stopStreaming(up.name);
    await recorder.until('S 0 received', () => device.received.includes('S 0'));
    await expect(driver.startStreaming('Nope-00000000')).rejects.toThrow(/no device named Nope-00000000/);
  });
});
