import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, deviceName, Protocol, topics } from '@mjl/protocol';
import { AppProcess, BIN, eventually, mjl, Stack, type DeviceRow } from '../src/harness.js';

const GATEWAY_ARGS = ['--simulate', 'AudioClassifier:3:0.9', '--rate', '50', '--keepalive', '2'];

describe('mjl services and devices against a real broker and gateways', () => {
  const stack = new Stack();
  let env: Record<string, string>;

  beforeAll(async () => {
    // In memory: retained announcements of earlier runs must not show up here.
    await stack.startBroker(['--persistence', 'memory']);
    env = { MJL_BROKER: stack.brokerUrl, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'mjl-xdg-')) };
    await stack.startGateway('kitchen', 'pi-1', GATEWAY_ARGS);
    await stack.startGateway('garage', 'pi-2', GATEWAY_ARGS);
    await eventually(async () => ((await devices()).length === 8 ? true : undefined), 10_000);
  }, 30_000);

  afterAll(() => stack.stopAll());

  async function devices(args: string[] = []): Promise<DeviceRow[]> {
    const run = await mjl(['devices', '-o', 'json', ...args], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as DeviceRow[];
  }

  it('filters by site, service and status', async () => {
    expect((await devices(['--site', 'kitchen'])).map((row) => row.site)).toEqual(Array(4).fill('kitchen'));
    expect((await devices(['--service', 'MjlDriver'])).map((row) => row.site).sort()).toEqual(['garage', 'kitchen']);
    expect(await devices(['--status', 'offline'])).toEqual([]);
    expect(await devices(['--site', 'kitchen', '--service', 'AudioClassifier', '--status', 'online'])).toHaveLength(3);
    const bad = await mjl(['devices', '--status', 'sleeping'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/argument 'sleeping' is invalid\. Allowed choices are online, offline/);
  });

  it('prints tables, wide tables, YAML and names', async () => {
    const table = await mjl(['devices', '--site', 'kitchen'], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+PROTOCOLS\s+SITE\s+GATEWAY\s+STATUS\s+AGE$/);
    expect(table.stdout).toMatch(/AudioClassifier-[0-9a-f]{8}\s+TinyFPGA\s+GPIO\s+kitchen\s+pi-1\s+online\s+\d+s/);
    const wide = await mjl(['devices', '-o', 'wide', '--service', 'AudioClassifier'], env);
    expect(wide.stdout.split('\n')[0]).toMatch(/STATUS\s+AGE\s+PARENT\s+DRIVER\s+STREAMS$/);
    expect(wide.stdout).toMatch(/MjlDriver-[0-9a-f]{8}\s+sim\s+347f9f7b,ae2e723e/);
    const yaml = await mjl(['devices', '-o', 'yaml', '--site', 'garage', '--service', 'MjlDriver'], env);
    expect(yaml.stdout).toMatch(/^- name: MjlDriver-[0-9a-f]{8}\n {2}service: MjlDriver\n/);
    const names = await mjl(['devices', '-o', 'name'], env);
    expect(names.stdout.trim().split('\n')).toHaveLength(8);
    const services = await mjl(['services', '-o', 'wide'], env);
    expect(services.stdout).toMatch(/^NAME\s+TYPE\s+PROTOCOLS\s+DEVICES\s+AGE\s+ONLINE\nAudioClassifier\s+TinyFPGA\s+GPIO\s+6\s+\d+s\s+6\nMjlDriver\s+ArduinoBLE33\s+BLE\s+2\s+\d+s\s+2\n$/);
    const servicesJson = JSON.parse((await mjl(['services', '-o', 'json', '--site', 'garage'], env)).stdout) as { name: string; devices: number }[];
    expect(servicesJson.map(({ name, devices: count }) => [name, count])).toEqual([['AudioClassifier', 3], ['MjlDriver', 1]]);
  });

  it('lists thousands of retained announcements completely on the first print', async () => {
    const client = await stack.client();
    const count = 3000;
    const publishes: Promise<void>[] = [];
    for (let index = 0; index < count; index++) {
      const gateway = `bulk-${Math.floor(index / 500)}`;
      const name = deviceName('Bulk', { site: 'warehouse', gateway, address: `gpio:${index}` });
      const announcement = codecs.deviceAnnouncement.encode({
        name, service: 'Bulk', type: 'TinyFPGA', protocols: [Protocol.GPIO], site: 'warehouse', gateway, parent: '', streams: [], sinceUs: Date.now() * 1000, driver: 'test', online: true,
      });
      publishes.push(client.publish(topics.device('warehouse', gateway, name), announcement, { qos: 1, retain: true }));
    }
    await Promise.all(publishes);
    await client.close();
    const run = await mjl(['devices', '--site', 'warehouse', '-o', 'name'], env);
    expect(run.code).toBe(0);
    expect(new Set(run.stdout.trim().split('\n')).size).toBe(count);
    // No gateway state for these gateways: offline
    expect(await devices(['--site', 'warehouse', '--status', 'online'])).toEqual([]);
    // A reader that is gone before mjl writes (`| head` once it has its lines): mjl ends quietly.
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN.mjl}" devices --site warehouse -o name | true; exit \${PIPESTATUS[0]}`], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  });

  it('--watch redraws when a gateway announces its devices and when it dies', async () => {
    const watch = new AppProcess('mjl devices --watch', BIN.mjl, ['devices', '--watch', '--site', 'attic'], env);
    try {
      await watch.waitFor(/No devices found\./);
      const attic = await stack.startGateway('attic', 'pi-3', GATEWAY_ARGS);
      await watch.waitFor(/(AudioClassifier-[0-9a-f]{8}\s+TinyFPGA\s+GPIO\s+attic\s+pi-3\s+online.*\n){3}/, 10_000);
      attic.kill('SIGKILL');
      await watch.waitFor(/(AudioClassifier-[0-9a-f]{8}\s+TinyFPGA\s+GPIO\s+attic\s+pi-3\s+offline.*\n){3}/, 10_000);
    } finally {
      watch.kill('SIGINT');
    }
    expect(await watch.exited).toBe(0);
  });

  it('takes the broker from the config file, MJL_BROKER over it, and --broker over both', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mjl-xdg-'));
    mkdirSync(join(xdg, 'mjl'));
    writeFileSync(join(xdg, 'mjl', 'config.yaml'), `broker: ${stack.brokerUrl}\n`);
    const fromFile = await mjl(['services', '-o', 'name'], { XDG_CONFIG_HOME: xdg, MJL_BROKER: '' });
    expect(fromFile.stdout).toContain('AudioClassifier\n');
    const envWins = await mjl(['services'], { XDG_CONFIG_HOME: xdg, MJL_BROKER: 'mqtt://127.0.0.1:9' });
    expect(envWins.code).toBe(2);
    expect(envWins.stderr).toMatch(/cannot reach the MQTT broker at mqtt:\/\/127\.0\.0\.1:9/);
    const flagWins = await mjl(['services', '-o', 'name', '--broker', stack.brokerUrl], { XDG_CONFIG_HOME: xdg, MJL_BROKER: 'mqtt://127.0.0.1:9' });
    expect(flagWins.code).toBe(0);
    writeFileSync(join(xdg, 'mjl', 'config.yaml'), 'broker: mqtt://x\nbrokr: typo\n');
    const badFile = await mjl(['services'], { XDG_CONFIG_HOME: xdg, MJL_BROKER: '' });
    expect(badFile.code).toBe(1);
    expect(badFile.stderr).toMatch(/invalid configuration .*config\.yaml[\s\S]*brokr/);
  });

  it('fails with exit 2 naming the URL when the broker is down, and exit 1 for a bad URL', async () => {
    const down = await mjl(['devices', '--broker', 'mqtt://127.0.0.1:9'], env);
    expect(down.code).toBe(2);
    expect(down.ms).toBeLessThan(3000 + 1500);
    const bad = await mjl(['devices', '--broker', 'http://x'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unsupported broker URL scheme "http:"/);
  });
});

describe('mjl help and completion', () => {
  it('has examples in the help of the program and of every command', async () => {
    const help = await mjl(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect(help.stdout).toMatch(/Exit codes: 0 success, 1 .*\n2 the broker is unreachable/);
    for (const command of ['services', 'devices', 'inspect', 'inspection', 'logs', 'sub', 'aggregate', 'completion']) {
      const run = await mjl([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(new RegExp(`Usage: mjl ${command} [\\s\\S]*Examples:\\n {2}(source <\\()?mjl`));
    }
  });

  it('prints completion scripts for bash and zsh, and refuses other shells', async () => {
    const bash = await mjl(['completion', 'bash']);
    expect(bash.stdout).toMatch(/complete -o default -F _mjl mjl\n$/);
    const zsh = await mjl(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef mjl\n/);
    const fish = await mjl(['completion', 'fish']);
    expect(fish.code).toBe(1);
    expect(fish.stderr).toMatch(/Allowed choices are bash, zsh/);
  });

  it('suggests the closest command for a typo', async () => {
    const run = await mjl(['devics']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'devics'\n\(Did you mean devices\?\)/);
  });
});
