import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceName, Direction, Protocol } from '@mjl/protocol';
import { nowUs } from '@mjl/runtime';
import { STREAM_IDS } from '../streams.js';
import { BusRecorder } from '../testing/recorder.js';
import { GPIO_DEFAULTS, GpioDriver, type GpioDriverOptions } from './gpio-driver.js';
import { OnoffPinBank, SimulatedPinBank, sysfsGpioNumber } from './pins.js';

const STROBE = 17;
const DATA = [22, 23, 24];

function setup(options: Partial<GpioDriverOptions> = {}, deliver: 'sync' | 'immediate' = 'sync') {
  const recorder = new BusRecorder();
  const pins = new SimulatedPinBank(deliver);
  const driver = new GpioDriver(recorder.context, {
    ...GPIO_DEFAULTS,
    service: 'AudioClassifier',
    strobePin: STROBE,
    dataPins: DATA,
    ...options,
    pins,
  });
  return { recorder, pins, driver };
}

describe('GpioDriver on a simulated pin bank', () => {
  it('announces the classifier under a name derived from its strobe pin, with its pins as the output stream', async () => {
    const { recorder, pins, driver } = setup();
    await driver.start();
    expect(recorder.ups).toEqual([
      {
        name: deviceName('AudioClassifier', { site: 'kitchen', gateway: 'pi-1', address: 'gpio:17' }),
        service: 'AudioClassifier',
        type: 'TinyFPGA',
        protocols: [Protocol.GPIO],
        streams: [{ id: STREAM_IDS.output, direction: Direction.OUTPUT, protocol: Protocol.GPIO, gpio: { strobePin: STROBE, dataPins: DATA } }],
        address: 'gpio:17',
      },
    ]);
    expect([STROBE, ...DATA].every((pin) => pins.isOpen(pin))).toBe(true);
    await driver.stop();
    expect([STROBE, ...DATA].some((pin) => pins.isOpen(pin))).toBe(false);
  });

  it('reads the class from the data pins (LSB first) on each rising strobe edge, timestamped in the interrupt handler', async () => {
    const { recorder, pins, driver } = setup();
    await driver.start();
    for (const value of [5, 0, 7, 2]) {
      pins.setBits(DATA, value);
      const before = nowUs();
      pins.set(STROBE, 1);
      const after = nowUs();
      pins.set(STROBE, 0);
      const result = recorder.results.at(-1);
      expect(result?.value).toBe(value);
      expect(result?.timestampUs).toBeGreaterThanOrEqual(before);
      expect(result?.timestampUs).toBeLessThanOrEqual(after);
    }
    expect(recorder.results).toHaveLength(4);
    await driver.stop();
  });

  it('with no data pins and both edges, the strobe level is a binary class', async () => {
    const { recorder, pins, driver } = setup({ dataPins: [], edge: 'both' });
    await driver.start();
    pins.set(STROBE, 1);
    pins.set(STROBE, 0);
    pins.set(STROBE, 1);
    expect(recorder.results.map((result) => result.value)).toEqual([1, 0, 1]);
    await driver.stop();
  });

  it('on falling edges only, ignores rising ones', async () => {
    const { recorder, pins, driver } = setup({ dataPins: [], edge: 'falling' });
    await driver.start();
    pins.set(STROBE, 1);
    pins.set(STROBE, 0);
    expect(recorder.results.map((result) => result.value)).toEqual([0]);
    await driver.stop();
  });

  it('debounces: edges within the lockout after an accepted edge are ignored and counted, the accepted edge keeps its time', async () => {
    // A lockout long enough that a loaded machine cannot stretch the bounces past it.
    const { recorder, pins, driver } = setup({ debounceUs: 500_000, edge: 'both', dataPins: [] });
    await driver.start();
    pins.set(STROBE, 1);
    const first = recorder.results[0]?.timestampUs;
    for (let bounce = 0; bounce < 5; bounce++) {
      pins.set(STROBE, 0);
      pins.set(STROBE, 1);
    }
    expect(recorder.results).toHaveLength(1);
    expect(recorder.results[0]?.timestampUs).toBe(first);
    expect(recorder.logLines.filter((line) => line.msg === 'ignored strobe edges inside the debounce time').map((line) => line['count'])).toEqual([1, 2, 4, 8]);
    await new Promise((resolve) => setTimeout(resolve, 520));
    pins.set(STROBE, 0);
    expect(recorder.results).toHaveLength(2);
    await driver.stop();
  });

  it('streams each result as one byte while inspected', async () => {
    const { recorder, pins, driver } = setup();
    await driver.start();
    const name = recorder.ups[0]!.name;
    await driver.startStreaming(name);
    pins.setBits(DATA, 6);
    pins.set(STROBE, 1);
    await driver.stopStreaming(name);
    pins.set(STROBE, 0);
    pins.set(STROBE, 1);
    expect(recorder.streamData.map(({ device, stream, data }) => ({ device, stream, data: [...data] }))).toEqual([{ device: name, stream: STREAM_IDS.output, data: [6] }]);
    await expect(driver.startStreaming('Other-00000000')).rejects.toThrow(/no device named Other-00000000/);
    await driver.stop();
  });

  it('delivers edges from the event loop like onoff does and still timestamps them', async () => {
    const { recorder, pins, driver } = setup({}, 'immediate');
    await driver.start();
    pins.setBits(DATA, 3);
    pins.set(STROBE, 1);
    expect(recorder.results).toHaveLength(0);
    await recorder.until('result', () => recorder.results.length === 1);
    expect(recorder.results[0]?.value).toBe(3);
    expect(recorder.results[0]!.timestampUs).toBeGreaterThanOrEqual(pins.lastEdgeUs);
    await driver.stop();
  });

  it('releases the pins it opened and names the classifier when a pin is busy', async () => {
    const recorder = new BusRecorder();
    const pins = new SimulatedPinBank('sync');
    pins.input(STROBE);
    const driver = new GpioDriver(recorder.context, { ...GPIO_DEFAULTS, service: 'AudioClassifier', strobePin: STROBE, dataPins: DATA, pins });
    await expect(driver.start()).rejects.toThrow(/GPIO classifier AudioClassifier-[0-9a-f]{8} \(strobe BCM 17, data BCM 22,23,24\): BCM pin 17 is already in use/);
    expect(DATA.some((pin) => pins.isOpen(pin))).toBe(false);
    expect(recorder.ups).toEqual([]);
  });

  it.skipIf(existsSync('/sys/class/gpio/export'))('off a Pi, fails to start naming the cause and the fix (onoff finds no sysfs GPIO)', async () => {
    const recorder = new BusRecorder();
    const driver = new GpioDriver(recorder.context, { ...GPIO_DEFAULTS, service: 'AudioClassifier', strobePin: STROBE, dataPins: [], pins: new OnoffPinBank() });
    await expect(driver.start()).rejects.toThrow(/strobe BCM 17.*cannot open \/sys\/class\/gpio\/export: not a Linux board with sysfs GPIO, or no permission \(add .* to the gpio group/);
  });

  it('refuses more than 8 data pins', () => {
    const recorder = new BusRecorder();
    expect(() => new GpioDriver(recorder.context, { ...GPIO_DEFAULTS, service: 'A', strobePin: 2, dataPins: [3, 4, 5, 6, 7, 8, 9, 10, 11] })).toThrow(/at most 8 data pins/);
  });
});

describe('BCM pin → sysfs GPIO number', () => {
  const root = mkdtempSync(join(tmpdir(), 'mjl-sysfs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function fakeSysfs(name: string, chips: { chip: string; label: string; base: number; ngpio: number }[]): string {
    const sysfs = join(root, name);
    for (const { chip, label, base, ngpio } of chips) {
      const dir = join(sysfs, 'class', 'gpio', chip);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'label'), `${label}\n`);
      writeFileSync(join(dir, 'base'), `${base}\n`);
      writeFileSync(join(dir, 'ngpio'), `${ngpio}\n`);
    }
    writeFileSync(join(sysfs, 'class', 'gpio', 'export'), '');
    return sysfs;
  }

  it('maps through the SoC controller\'s base on a Pi 4 with a current kernel (base 512)', () => {
    const sysfsRoot = fakeSysfs('pi4', [
      { chip: 'gpiochip512', label: 'pinctrl-bcm2711', base: 512, ngpio: 58 },
      { chip: 'gpiochip570', label: 'raspberrypi-exp-gpio', base: 570, ngpio: 8 },
    ]);
    expect(sysfsGpioNumber(17, { sysfsRoot })).toBe(529);
    expect(sysfsGpioNumber(0, { sysfsRoot })).toBe(512);
  });

  it('finds the RP1 controller on a Pi 5 among the others', () => {
    const sysfsRoot = fakeSysfs('pi5', [
      { chip: 'gpiochip512', label: 'gpio-brcmstb@107d508500', base: 512, ngpio: 32 },
      { chip: 'gpiochip544', label: 'gpio-brcmstb@107d508520', base: 544, ngpio: 4 },
      { chip: 'gpiochip571', label: 'pinctrl-rp1', base: 571, ngpio: 54 },
    ]);
    expect(sysfsGpioNumber(17, { sysfsRoot })).toBe(588);
  });

  it('keeps base 0 on older kernels (Pi 3) and honours an explicit chip label', () => {
    const sysfsRoot = fakeSysfs('pi3', [
      { chip: 'gpiochip0', label: 'pinctrl-bcm2835', base: 0, ngpio: 54 },
      { chip: 'gpiochip100', label: 'my-expander', base: 100, ngpio: 16 },
    ]);
    expect(sysfsGpioNumber(17, { sysfsRoot })).toBe(17);
    expect(sysfsGpioNumber(3, { sysfsRoot, chipLabel: 'my-expander' })).toBe(103);
  });

  it('says what it found when there is no Pi controller, and rejects pins the controller does not have', () => {
    const sysfsRoot = fakeSysfs('other', [{ chip: 'gpiochip0', label: 'tegra-gpio', base: 0, ngpio: 64 }]);
    expect(() => sysfsGpioNumber(17, { sysfsRoot })).toThrow(/no GPIO controller labelled "pinctrl-rp1" or "pinctrl-bcm2711" or "pinctrl-bcm2835" .*found: gpiochip0 "tegra-gpio".*chipLabel/);
    const pi4 = join(root, 'pi4');
    expect(() => sysfsGpioNumber(58, { sysfsRoot: pi4 })).toThrow(/BCM pin 58 is not on gpiochip512 "pinctrl-bcm2711", which has pins 0 to 57/);
    expect(() => sysfsGpioNumber(17, { sysfsRoot: join(root, 'missing') })).toThrow(/no sysfs GPIO at .*missing\/class\/gpio \(ENOENT\)/);
  });
});
