import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs } from '@mjl/protocol';
import { AppProcess, BIN, eventually, mjl, Stack } from '../src/harness.js';

const LOG_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z info BLE link ok, 3 classifiers on the pins$/;

describe('mjl logs and mjl sub against a real broker and gateway', () => {
  const stack = new Stack();
  let env: Record<string, string>;
  let driver = '';

  beforeAll(async () => {
    await stack.startBroker(['--persistence', 'memory']);
    env = { MJL_BROKER: stack.brokerUrl };
    await stack.startGateway('kitchen', 'pi-1', ['--simulate', 'AudioClassifier:3:0.9', '--rate', '50']);
    driver = await eventually(async () => (await mjl(['devices', '-o', 'name', '--service', 'MjlDriver'], env)).stdout.trim() || undefined, 10_000);
  }, 30_000);

  afterAll(() => stack.stopAll());

  it('prints the log lines the gateway kept, as <RFC 3339 time> <level> <text>', async () => {
    // The simulator logs every 5 s; logs are QoS 0 and not retained: these come from the gateway's history.
    const lines = await eventually(async () => {
      const run = await mjl(['logs', '--device', driver], env);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout === '' ? undefined : run.stdout.trimEnd().split('\n');
    }, 15_000, 500);
    for (const line of lines) expect(line).toMatch(LOG_LINE);
  });

  it('says where the history starts when --since reaches back before the gateway started', async () => {
    const run = await mjl(['logs', '--device', driver, '--since', '1h'], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').every((line) => LOG_LINE.test(line))).toBe(true);
    expect(run.stderr).toMatch(/^mjl: gateway pi-1 at kitchen started at \d{4}-\d\d-\d\dT[\d:.]+Z: there are no lines from before\n$/);
    // Only lines newer than the start of the run (a line may be logged while mjl starts).
    const startedMs = Date.now();
    const recent = await mjl(['logs', '--device', driver, '--since', '1us'], env);
    for (const line of recent.stdout.split('\n').filter(Boolean)) expect(Date.parse(line.split(' ')[0] as string)).toBeGreaterThanOrEqual(startedMs - 1);
  });

  it('follows new lines with -f until Ctrl-C', async () => {
    const follow = new AppProcess('mjl logs -f', BIN.mjl, ['logs', '--device', driver, '-f', '--since', '1us'], env);
    await follow.waitFor(/BLE link ok/, 12_000);
    follow.kill('SIGINT');
    expect(await follow.exited).toBe(0);
    expect(follow.stdout.trimEnd().split('\n').every((line) => LOG_LINE.test(line))).toBe(true);
  });

  it('prints each message as one JSON line, decoded by its topic', async () => {
    const run = await mjl(['sub', 'mjl/v1/+/+/results', '-n', '3'], env);
    expect(run.code, run.stderr).toBe(0);
    type Line = { topic: string; type: string; message: { batches: { device: string; service: string; values: number[] }[] } };
    const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Line);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.type).toBe('GatewayResults');
      expect(line.topic).toBe('mjl/v1/kitchen/pi-1/results');
      expect(line.message.batches.length).toBeGreaterThan(0);
      for (const batch of line.message.batches) {
        expect(batch.device).toMatch(/^AudioClassifier-/);
        expect(batch.values.length).toBeGreaterThan(0);
      }
    }
  });

  it('prints malformed payloads and removals as JSON lines instead of crashing, and --raw payloads as hex', async () => {
    const client = await stack.client();
    await client.publish('mjl/v1/lab/gw/devices/Bad-00000001', Buffer.from('not protobuf at all'), { qos: 1, retain: true });
    await client.publish('mjl/v1/lab/gw/devices/Gone-00000002', new Uint8Array(), { qos: 1, retain: true });
    await client.publish('mjl/v1/lab/gw/devices/Bad-00000001/results', Uint8Array.of(0xff, 0xff), { qos: 1, retain: true });
    await client.close();
    const run = await mjl(['sub', 'mjl/v1/lab/#', '-n', '2'], env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const announcement = lines.find((line) => line.topic === 'mjl/v1/lab/gw/devices/Bad-00000001');
    expect(announcement).toMatchObject({ type: 'DeviceAnnouncement', retained: true, payload: Buffer.from('not protobuf at all').toString('hex') });
    expect(typeof announcement?.error).toBe('string');
    const results = lines.find((line) => line.topic === 'mjl/v1/lab/gw/devices/Bad-00000001/results');
    expect(results).toMatchObject({ type: 'ResultBatch', payload: 'ffff' });
    expect(typeof results?.error).toBe('string');

    const raw = await mjl(['sub', 'mjl/v1/kitchen/+/state', '--raw', '-n', '1'], env);
    const state = JSON.parse(raw.stdout) as { type: string; payload: string };
    expect(state.type).toBe('GatewayState');
    const decoded = codecs.gatewayState.decode(Buffer.from(state.payload, 'hex'));
    expect(decoded.ok && decoded.value.gateway).toBe('pi-1');
  });

  it('refuses an invalid topic filter with exit 1', async () => {
    const run = await mjl(['sub', 'mjl/#/x'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot subscribe to "mjl\/#\/x"/);
  });

  it('has no history for a device whose gateway is offline: exit 1 without -f', async () => {
    const attic = await stack.startGateway('attic', 'pi-9', ['--simulate', 'AudioClassifier:1:0.9', '--keepalive', '1']);
    const device = await eventually(async () => (await mjl(['devices', '-o', 'name', '--site', 'attic', '--service', 'MjlDriver'], env)).stdout.trim() || undefined, 10_000);
    attic.kill('SIGKILL');
    await eventually(async () => ((await mjl(['devices', '-o', 'name', '--site', 'attic', '--status', 'offline'], env)).stdout.trim() ? true : undefined), 10_000);
    const run = await mjl(['logs', '--device', device], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/gateway pi-9 at attic is offline, and the log history of .* is kept there/);
  });
});
