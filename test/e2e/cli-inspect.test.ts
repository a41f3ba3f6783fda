import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, Protocol, topics } from '@mjl/protocol';
import { AppProcess, BIN, eventually, mjl, Stack } from '../src/harness.js';

interface DeviceRow {
  name: string;
  service: string;
  site: string;
  gateway: string;
  parent: string | null;
}

/** Loads a raw stream pickle in CPython and checks it is a tuple of (float, bytes) tuples; returns its length. */
function pythonStreamRows(path: string): number {
  const code = `
import pickle, sys
rows = pickle.load(open(sys.argv[1], "rb"))
assert type(rows) is tuple, type(rows)
for row in rows:
    assert type(row) is tuple and len(row) == 2, row
    assert type(row[0]) is float and type(row[1]) is bytes, row
assert list(rows) == sorted(rows, key=lambda row: row[0])
print(len(rows))
`;
  return Number(execFileSync('python3', ['-c', code, path], { encoding: 'utf8' }).trim());
}

/** `mjl devices -o json` once it lists at least `count` devices (a gateway announces right after it starts). */
async function listed(env: Record<string, string>, filters: string[], count: number): Promise<DeviceRow[]> {
  return eventually(async () => {
    const run = await mjl(['devices', '-o', 'json', ...filters], env);
    const rows = JSON.parse(run.stdout) as DeviceRow[];
    return rows.length >= count ? rows : undefined;
  }, 10_000);
}

describe('mjl inspect against a real broker and gateways', () => {
  const stack = new Stack();
  let env: Record<string, string>;
  let devices: DeviceRow[];
  const out = mkdtempSync(join(tmpdir(), 'mjl-inspect-'));

  beforeAll(async () => {
    // In memory: retained announcements of earlier runs must not show up here.
    await stack.startBroker(['--persistence', 'memory']);
    env = { MJL_BROKER: stack.brokerUrl };
    await stack.startGateway('kitchen', 'pi-1', ['--simulate', 'AudioClassifier:3:0.9', '--rate', '100']);
    devices = await listed(env, [], 4);
  }, 30_000);

  afterAll(() => stack.stopAll());

  const classifier = () => devices.find((device) => device.service === 'AudioClassifier') as DeviceRow;

  it('prints the discovery chain and stream addresses, and writes (float, bytes) pickles that CPython loads', async () => {
    const device = classifier();
    const run = await mjl(['inspect', '--device', device.name, '--proto', 'GPIO', '--format', 'pickle', '--duration', '2s', '--out', out], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const folder = join(out, 'inspections', device.name);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      `> Discovering ${device.name} > Found through ${device.parent}`,
      `> Connecting to ${device.parent}`,
      `> Inspecting ${device.name}`,
      '> Found input and output stream at BLE service a369d1b3-fcf2-4159-84a8-a5751c7b657c',
      '   > Input BLECharacteristic 347f9f7b-a71d-4d8d-b6dd-8c416270b329',
      '   > Output BLECharacteristic ae2e723e-c297-4f13-8500-181d01bf2779',
      `Writing binary stream to ${folder}/347f9f7b.pickle`,
      `Writing binary stream to ${folder}/ae2e723e.pickle`,
    ]);
    for (const stream of ['347f9f7b', 'ae2e723e']) {
      const wrote = Number(new RegExp(`Wrote (\\d+) rows? to \\S+/${stream}\\.pickle`).exec(run.stdout)?.[1]);
      // 2 s at 100 results per second: about 200 samples per stream
      expect(wrote).toBeGreaterThan(120);
      expect(pythonStreamRows(join(folder, `${stream}.pickle`))).toBe(wrote);
    }
  });

  it('writes relative to the current directory by default, as inspections/<device>/<8 hex>.<ext>', async () => {
    const device = classifier();
    const cwd = mkdtempSync(join(tmpdir(), 'mjl-cwd-'));
    const child = spawn(process.execPath, [BIN.mjl, 'inspect', '--device', device.name, '--duration', '1s'], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain(`Writing binary stream to inspections/${device.name}/347f9f7b.pickle\n`);
    expect(pythonStreamRows(join(cwd, 'inspections', device.name, '347f9f7b.pickle'))).toBeGreaterThan(50);
  });

  it('writes the same kind of rows as JSON, NDJSON and CSV', async () => {
    const device = classifier();
    for (const format of ['json', 'ndjson', 'csv'] as const) {
      const run = await mjl(['inspect', '--device', device.name, '--format', format, '--duration', '1s', '--out', out], env);
      expect(run.code, run.stderr).toBe(0);
      const path = join(out, 'inspections', device.name, `ae2e723e.${format}`);
      const wrote = Number(new RegExp(`Wrote (\\d+) rows? to \\S+/ae2e723e\\.${format}`).exec(run.stdout)?.[1]);
      const text = readFileSync(path, 'utf8');
      const rows: [number, string][] =
        format === 'json'
          ? (JSON.parse(text) as [number, string][])
          : format === 'ndjson'
            ? text.trim().split('\n').map((line) => JSON.parse(line) as [number, string])
            : text.trim().split('\n').slice(1).map((line) => {
                const [seconds, hex] = line.split(',');
                return [Number(seconds), hex as string];
              });
      if (format === 'csv') expect(text.split('\n')[0]).toBe('timestamp,data_hex');
      expect(rows.length).toBe(wrote);
      expect(wrote).toBeGreaterThan(50);
      for (const [seconds, hex] of rows) {
        expect(seconds).toBeGreaterThan(1.5e9);
        expect(hex).toMatch(/^0[01]$/); // the output stream holds the class label
      }
    }
  });

  it('refuses a protocol the device does not speak (checked locally), with exit 1', async () => {
    const device = classifier();
    const run = await mjl(['inspect', '--device', device.name, '--proto', 'BLE'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`mjl: device ${device.name} does not speak BLE; it speaks GPIO\n`);
    const unknown = await mjl(['inspect', '--device', device.name, '--proto', 'Zigbee'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown protocol "Zigbee": use GPIO, BLE, Serial/);
  });

  it('has the gateway enforce the protocol too', async () => {
    const device = classifier();
    const client = await stack.client();
    const replyTo = topics.replies(client.options.clientId);
    const reply = new Promise<string>((resolve) =>
      client.onMessage((topic, payload) => {
        if (topic !== replyTo) return;
        const decoded = codecs.commandReply.decode(payload);
        if (decoded.ok) resolve(decoded.value.ok ? 'ok' : decoded.value.error);
      }),
    );
    await client.subscribe([replyTo], 1);
    await client.publish(
      topics.command(device.site, device.gateway),
      codecs.command.encode({ correlationId: 'c-1', replyTo, startInspection: { device: device.name, protocol: Protocol.BLE, durationMs: 1000 } }),
      { qos: 1 },
    );
    expect(await reply).toBe(`device ${device.name} does not speak BLE; it speaks GPIO`);
    await client.close();
  });

  it('gives up with a clear error when the gateway does not answer (--timeout)', async () => {
    // A gateway that says it is online, with a device, but never answers commands.
    const client = await stack.client();
    const name = 'Silent-0000beef';
    await client.publish(
      topics.gatewayState('cellar', 'pi-0'),
      codecs.gatewayState.encode({ online: true, site: 'cellar', gateway: 'pi-0', softwareVersion: '0', birthSeq: 1, timestampUs: 1, keepaliveS: 5 }),
      { qos: 1, retain: true },
    );
    await client.publish(
      topics.device('cellar', 'pi-0', name),
      codecs.deviceAnnouncement.encode({
        name, service: 'Silent', type: 't', protocols: [Protocol.SERIAL], site: 'cellar', gateway: 'pi-0', parent: '', streams: [], sinceUs: 1, driver: 'x', online: true,
      }),
      { qos: 1, retain: true },
    );
    await client.close();
    const run = await mjl(['inspect', '--device', name, '--timeout', '1s'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^mjl: no reply from gateway pi-0 at cellar within 1 s/);
  });

  it('names the closest devices when the name is unknown, with exit 1', async () => {
    const device = classifier();
    const typo = `${device.name.slice(0, -1)}${device.name.endsWith('0') ? '1' : '0'}`;
    const run = await mjl(['inspect', '--device', typo], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^mjl: no device named ${typo}\\. Did you mean: ${device.name}[,?]`));
  });

  it('fails with exit 1 and keeps loadable partial files when the gateway dies mid-inspection', async () => {
    const gateway = await stack.startGateway('attic', 'pi-9', ['--simulate', 'AudioClassifier:1:0.9', '--rate', '100']);
    const [device] = await listed(env, ['--site', 'attic', '--service', 'AudioClassifier'], 1);
    const inspect = new AppProcess('mjl inspect', BIN.mjl, ['inspect', '--device', device?.name ?? '', '--duration', '30s', '--out', out], env);
    await inspect.waitFor(/Writing binary stream to .*ae2e723e\.pickle/, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const killedAt = Date.now();
    gateway.kill('SIGKILL');
    const code = await inspect.exited;
    expect(Date.now() - killedAt).toBeLessThan(5000);
    expect(code).toBe(1);
    expect(inspect.stderr).toMatch(new RegExp(`mjl: device ${device?.name} went offline during the inspection: its gateway pi-9 at attic is offline`));
    expect(inspect.stderr).toMatch(/Partial files kept/);
    for (const stream of ['347f9f7b', 'ae2e723e']) {
      const path = join(out, 'inspections', device?.name ?? '', `${stream}.pickle`);
      expect(inspect.stderr).toContain(path);
      // about 1.5 s of samples at 100 per second
      expect(pythonStreamRows(path)).toBeGreaterThan(50);
    }
  });

  it('refuses to inspect a device that is offline, with exit 1', async () => {
    const [device] = await listed(env, ['--site', 'attic', '--service', 'AudioClassifier'], 1);
    const run = await mjl(['inspect', '--device', device?.name ?? ''], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`mjl: device ${device?.name} is offline: its gateway pi-9 at attic is offline\n`);
  });
});
