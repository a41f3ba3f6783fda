import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKOFF_DEFAULTS, SIM_DEFAULTS } from '@mjl/drivers';
import { ConfigError, loadConfig } from '@mjl/runtime';
import { gatewayConfigSchema } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'mjl-gateway-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function load(yaml: string, flags: Record<string, unknown> = {}) {
  const file = join(dir, `gateway-${++files}.yaml`);
  writeFileSync(file, yaml);
  return loadConfig(gatewayConfigSchema, { file, env: {}, flags });
}

function problems(yaml: string, flags: Record<string, unknown> = {}): string[] {
  try {
    load(yaml, flags);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const HEAD = 'site: kitchen\ngateway: pi-1\n';

describe('gateway config: drivers', () => {
  it('reads one driver of each kind with defaults filled in and durations converted', () => {
    const config = load(`${HEAD}
drivers:
  - kind: ble
    peripherals: [c0:ff:ee:00:00:01]
    connectTimeout: 5s
    reconnect: { initial: 250ms, max: 10s }
  - kind: gpio
    service: AudioClassifier
    strobePin: 17
    dataPins: [22, 23]
    edge: both
    debounce: 200us
  - kind: serial
    path: /dev/ttyACM0
  - kind: sim
    services: AudioClassifier:2:0.8
    rate: 50
`);
    expect(config.drivers).toEqual([
      {
        kind: 'ble',
        options: { peripherals: ['c0:ff:ee:00:00:01'], connectTimeoutMs: 5000, reconnect: { ...BACKOFF_DEFAULTS, initialMs: 250, maxMs: 10_000 }, hciDevice: undefined },
      },
      {
        kind: 'gpio',
        options: { service: 'AudioClassifier', type: 'TinyFPGA', strobePin: 17, dataPins: [22, 23], edge: 'both', debounceUs: 200, chipLabel: undefined },
      },
      {
        kind: 'serial',
        options: { path: '/dev/ttyACM0', baudRate: 115_200, helloIntervalMs: 1000, reconnect: { initialMs: 250, maxMs: 5000, factor: 2, jitter: 0.2 } },
      },
      {
        kind: 'sim',
        options: { ...SIM_DEFAULTS, services: [{ service: 'AudioClassifier', count: 2, accuracy: 0.8 }], periodUs: 20_000 },
      },
    ]);
  });

  it('has no drivers by default and keeps --simulate working', () => {
    const config = load(HEAD, { simulate: ['AudioClassifier:3:0.9'] });
    expect(config.drivers).toEqual([]);
    expect(config.simulate).toEqual([{ service: 'AudioClassifier', count: 3, accuracy: 0.9 }]);
  });

  it('names every bad field of every driver at once', () => {
    expect(
      problems(`${HEAD}
drivers:
  - kind: serial
    path: ttyACM0
    baudRate: 9600.5
  - kind: gpio
    service: Audio-Classifier
    strobePin: 99
    dataPins: [1, 2, 3, 4, 5, 6, 7, 8, 9]
    edge: up
  - kind: ble
    peripherals: [not-an-address]
    connectTimeout: soon
    reconnect: { initial: 10s, max: 1s }
  - kind: zigbee
  - kind: gpio
    service: AudioClassifier
    strobePin: 4
    stobePin: 5
`),
    ).toEqual([
      expect.stringMatching(/^drivers\.0\.path: an absolute device path such as \/dev\/ttyACM0/),
      expect.stringMatching(/^drivers\.0\.baudRate: .*expected int/),
      expect.stringMatching(/^drivers\.1\.service: a service or type is 1-54 letters/),
      expect.stringMatching(/^drivers\.1\.strobePin: a BCM GPIO number is 0 to 53/),
      expect.stringMatching(/^drivers\.1\.dataPins: at most 8 data pins/),
      expect.stringMatching(/^drivers\.1\.edge: .*"rising"\|"falling"\|"both"/),
      expect.stringMatching(/^drivers\.2\.peripherals\.0: a peripheral is a Bluetooth address/),
      expect.stringMatching(/^drivers\.2\.connectTimeout: /),
      expect.stringMatching(/^drivers\.2\.reconnect\.max: max must not be shorter than initial/),
      expect.stringMatching(/^drivers\.3\.kind: /),
      expect.stringMatching(/^drivers\.4: Unrecognized key: "stobePin"/),
    ]);
  });

  it('rejects pins and ports claimed twice, a second Bluetooth driver, and --simulate beside a sim driver', () => {
    expect(
      problems(
        `${HEAD}
drivers:
  - { kind: gpio, service: A, strobePin: 17, dataPins: [22, 17] }
  - { kind: gpio, service: B, strobePin: 22, dataPins: [5] }
  - { kind: serial, path: /dev/ttyACM0 }
  - { kind: serial, path: /dev/ttyACM0 }
  - { kind: ble }
  - { kind: ble }
  - { kind: sim, services: [AudioClassifier] }
`,
        { simulate: ['AudioClassifier:3:0.9'] },
      ),
    ).toEqual([
      'drivers.0.dataPins.1: BCM 17 is used twice by this classifier',
      'drivers.1.strobePin: BCM 22 is already used by drivers.0',
      'drivers.3.path: /dev/ttyACM0 is already used by drivers.2',
      'drivers.5.kind: one ble driver per gateway: it owns the Bluetooth adapter (list several peripherals in it instead)',
      'simulate: simulate is also given by a "kind: sim" driver (drivers.6): use one or the other',
    ]);
  });

  it('accepts every example gateway config in docs/examples', () => {
    const examples = fileURLToPath(new URL('../../../docs/examples/', import.meta.url));
    const names = readdirSync(examples).filter((file) => /^gateway-.*\.yaml$/.test(file));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const file of names) {
      const config = loadConfig(gatewayConfigSchema, { file: join(examples, file), env: {}, flags: {} });
      expect(config.drivers.length, file).toBeGreaterThan(0);
      expect(readFileSync(join(examples, file), 'utf8')).toMatch(/^# /);
    }
  });
});
