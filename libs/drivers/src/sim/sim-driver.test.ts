import { describe, expect, it } from 'vitest';
import { createLogger } from '@mjl/runtime';
import { DriverBus, parseSimulateSpec, SIM_DEFAULTS, SimDriver, simulatedTruth, simulatedVote, type DiscoveredDevice } from '../index.js';

const logger = createLogger('test', 'silent');

function simulator(gateway: string, bus = new DriverBus()) {
  return new SimDriver({ site: 'kitchen', gateway, bus, logger }, { ...SIM_DEFAULTS, services: [{ service: 'AudioClassifier', count: 3, accuracy: 0.8 }] });
}

async function devicesOf(gateway: string): Promise<DiscoveredDevice[]> {
  const bus = new DriverBus();
  const found: DiscoveredDevice[] = [];
  bus.on('deviceUp', (device) => found.push(device));
  const driver = simulator(gateway, bus);
  await driver.start();
  await driver.stop();
  return found;
}

describe('SimDriver', () => {
  it('announces one MjlDriver with the classifiers on its pins, under stable names', async () => {
    const devices = await devicesOf('pi-1');
    const [parent, ...classifiers] = devices;
    expect(parent).toMatchObject({ service: 'MjlDriver', type: 'ArduinoBLE33' });
    expect(parent?.parent).toBeUndefined();
    expect(classifiers).toHaveLength(3);
    for (const device of classifiers) {
      expect(device).toMatchObject({ service: 'AudioClassifier', type: 'TinyFPGA', parent: parent?.name });
      expect(device.streams.map((stream) => stream.ble?.characteristicUuid)).toEqual([
        '347f9f7b-a71d-4d8d-b6dd-8c416270b329',
        'ae2e723e-c297-4f13-8500-181d01bf2779',
      ]);
    }
    expect((await devicesOf('pi-1')).map((d) => d.name)).toEqual(devices.map((d) => d.name));
    expect((await devicesOf('pi-2')).map((d) => d.name)).not.toEqual(devices.map((d) => d.name));
  });

  it('emits results of every classifier, once per period, within the jitter', async () => {
    const bus = new DriverBus();
    const results: [string, number, number][] = [];
    bus.on('result', (device, timestampUs, value) => results.push([device, timestampUs, value]));
    const driver = simulator('pi-1', bus);
    await driver.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await driver.stop();
    expect(results.length).toBeGreaterThanOrEqual(3 * 5);
    for (const [, timestampUs, value] of results) {
      expect(timestampUs % SIM_DEFAULTS.periodUs).toBeLessThan(SIM_DEFAULTS.jitterUs);
      expect([0, 1]).toContain(value);
    }
  });

  it('refuses to stream a device it does not have', async () => {
    await expect(simulator('pi-1').startStreaming('Nope-00000000')).rejects.toThrow(/no device named Nope-00000000/);
  });
});

describe('simulated votes', () => {
  it('are right with the configured accuracy, and every site hears the same truth', () => {
    const slots = 50_000;
    let right = 0;
    for (let slot = 0; slot < slots; slot++) {
      if (simulatedVote(1, 12345, slot, 4, 0.7) === simulatedTruth(1, slot, 4)) right++;
    }
    expect(right / slots).toBeGreaterThan(0.69);
    expect(right / slots).toBeLessThan(0.71);
    expect(simulatedTruth(1, 99, 2)).toBe(simulatedTruth(1, 99, 2));
  });
});

describe('parseSimulateSpec', () => {
  it('reads service:count:accuracy', () => {
    expect(parseSimulateSpec('AudioClassifier:3:0.9')).toEqual({ service: 'AudioClassifier', count: 3, accuracy: 0.9 });
    expect(parseSimulateSpec('Kws')).toEqual({ service: 'Kws', count: 1, accuracy: 0.9 });
  });

  it('says what is wrong', () => {
    expect(() => parseSimulateSpec('Audio:x:2')).toThrow(/count must be a whole number.*accuracy must be a number from 0 to 1/);
    expect(() => parseSimulateSpec('a/b:1')).toThrow(/service must be a name/);
  });
});
