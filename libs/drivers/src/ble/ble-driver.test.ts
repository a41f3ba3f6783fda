import { afterEach, describe, expect, it } from 'vitest';
import { deviceName, Direction, Protocol } from '@mjl/protocol';
import { nowUs } from '@mjl/runtime';
import { MJL_GATT } from '../gatt.js';
import { STREAM_IDS } from '../streams.js';
import { FakeRadio } from '../testing/fake-radio.js';
import { BusRecorder } from '../testing/recorder.js';
import { BLE_DEFAULTS, BleDriver, type BleDriverOptions } from './ble-driver.js';
import { encodeLogFrame, encodeResultFrame, formatIdentity, LOG_SOURCE_SELF } from './frames.js';
import { explainNobleFailure, loadNoble } from './noble.js';

const ARDUINO_A = 'c0:ff:ee:00:00:01';
const ARDUINO_B = 'c0:ff:ee:00:00:02';
const TWO_CLASSIFIERS = formatIdentity({
  service: 'MjlDriver',
  type: 'ArduinoBLE33',
  classifiers: [
    { slot: 0, service: 'AudioClassifier', type: 'TinyFPGA' },
    { slot: 1, service: 'AudioClassifier', type: 'TinyFPGA' },
  ],
});
const ONE_CLASSIFIER = formatIdentity({
  service: 'MjlDriver',
  type: 'ArduinoBLE33',
  classifiers: [{ slot: 3, service: 'KeywordSpotter', type: 'TinyFPGA' }],
});

const name = (service: string, address: string) => deviceName(service, { site: 'kitchen', gateway: 'pi-1', address });
const parentOf = (address: string) => name('MjlDriver', `ble:${address}`);
const classifierOf = (service: string, address: string, slot: number) => name(service, `ble:${address}/gpio:${slot}`);

describe('BleDriver over the real noble with a simulated radio', () => {
  let driver: BleDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });

  function startDriver(radio: FakeRadio, options: Partial<BleDriverOptions> = {}): BusRecorder {
    const recorder = new BusRecorder();
    driver = new BleDriver(recorder.context, {
      ...BLE_DEFAULTS,
      connectTimeoutMs: 300,
      reconnect: { initialMs: 20, maxMs: 200, factor: 2, jitter: 0 },
      ...options,
      bindings: radio,
    });
    return recorder;
  }

  it('finds mjl peripherals, announces each with the classifiers on its pins as children, and ignores other peripherals', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, localName: 'mjl-a', identity: TWO_CLASSIFIERS });
    radio.addPeripheral({ address: ARDUINO_B, identity: ONE_CLASSIFIER, log: false, input: false });
    radio.addPeripheral({ address: 'de:ad:be:ef:00:00', serviceUuids: ['180d'], identity: TWO_CLASSIFIERS });
    const recorder = startDriver(radio);
    await driver!.start();
    await recorder.until('5 devices up', () => recorder.ups.length === 5);

    expect(radio.calls).toContain(`startScanning ${MJL_GATT.service.replaceAll('-', '')} false`);
    expect(radio.calls.some((call) => call.startsWith('connect deadbeef'))).toBe(false);
    const parent = recorder.ups.find((device) => device.name === parentOf(ARDUINO_A));
    expect(parent).toMatchObject({
      service: 'MjlDriver',
      type: 'ArduinoBLE33',
      protocols: [Protocol.BLE],
      address: `ble:${ARDUINO_A}`,
      streams: [{ id: STREAM_IDS.log, direction: Direction.LOG, protocol: Protocol.BLE, ble: { serviceUuid: MJL_GATT.service, characteristicUuid: MJL_GATT.log, peripheral: ARDUINO_A } }],
    });
    expect(parent?.parent).toBeUndefined();
    for (const slot of [0, 1]) {
      const classifier = recorder.ups.find((device) => device.name === classifierOf('AudioClassifier', ARDUINO_A, slot));
      expect(classifier).toMatchObject({
        service: 'AudioClassifier',
        type: 'TinyFPGA',
        protocols: [Protocol.GPIO],
        parent: parentOf(ARDUINO_A),
        streams: [
          { id: STREAM_IDS.input, direction: Direction.INPUT, ble: { characteristicUuid: MJL_GATT.input, peripheral: ARDUINO_A } },
          { id: STREAM_IDS.output, direction: Direction.OUTPUT, ble: { characteristicUuid: MJL_GATT.output, peripheral: ARDUINO_A } },
        ],
      });
    }
    const spotter = recorder.ups.find((device) => device.name === classifierOf('KeywordSpotter', ARDUINO_B, 3));
    expect(spotter?.streams.map((stream) => stream.direction)).toEqual([Direction.OUTPUT]);
    expect(recorder.ups.find((device) => device.name === parentOf(ARDUINO_B))?.streams).toEqual([]);
    // The parent is announced before the devices reached through it.
    expect(recorder.transitions.indexOf(`up ${parentOf(ARDUINO_A)}`)).toBeLessThan(recorder.transitions.indexOf(`up ${classifierOf('AudioClassifier', ARDUINO_A, 0)}`));
  });

  it('turns result notifications into results timestamped at arrival minus the device-side age, and log notifications into log lines', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, identity: TWO_CLASSIFIERS });
    const recorder = startDriver(radio);
    await driver!.start();
    await recorder.until('3 devices up', () => recorder.ups.length === 3);

    const before = nowUs();
    radio.notifyFrom(ARDUINO_A, MJL_GATT.output, encodeResultFrame([
      { slot: 0, value: 1, ageUs: 0 },
      { slot: 1, value: -2, ageUs: 250 },
    ]));
    const after = nowUs();
    expect(recorder.results).toHaveLength(2);
    const [first, second] = recorder.results;
    expect(first).toMatchObject({ device: classifierOf('AudioClassifier', ARDUINO_A, 0), value: 1 });
    expect(first!.timestampUs).toBeGreaterThanOrEqual(before);
    expect(first!.timestampUs).toBeLessThanOrEqual(after);
    expect(second).toMatchObject({ device: classifierOf('AudioClassifier', ARDUINO_A, 1), value: -2 });
    expect(second!.timestampUs).toBe(first!.timestampUs - 250);

    // Malformed frames and undeclared slots are counted and logged, never thrown.
    radio.notifyFrom(ARDUINO_A, MJL_GATT.output, Uint8Array.of(9, 0, 0));
    radio.notifyFrom(ARDUINO_A, MJL_GATT.output, encodeResultFrame([{ slot: 7, value: 1, ageUs: 0 }]));
    expect(recorder.results).toHaveLength(2);
    expect(recorder.logLines.some((line) => line.msg === 'dropped a malformed BLE notification')).toBe(true);
    expect(recorder.logLines.some((line) => line.msg === 'dropped a result for a slot the identity does not declare')).toBe(true);

    radio.notifyFrom(ARDUINO_A, MJL_GATT.log, encodeLogFrame('warn', LOG_SOURCE_SELF, 'battery low\nstill running'));
    radio.notifyFrom(ARDUINO_A, MJL_GATT.log, encodeLogFrame('info', 1, 'FPGA 1 reconfigured'));
    expect(recorder.logs.map(({ device, level, text }) => ({ device, level, text }))).toEqual([
      { device: parentOf(ARDUINO_A), level: 'warn', text: 'battery low' },
      { device: parentOf(ARDUINO_A), level: 'warn', text: 'still running' },
      { device: classifierOf('AudioClassifier', ARDUINO_A, 1), level: 'info', text: 'FPGA 1 reconfigured' },
    ]);
  });

  it('takes a peripheral\'s devices down when its link drops, leaves the others up, and reconnects with backoff under the same names', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, identity: TWO_CLASSIFIERS });
    radio.addPeripheral({ address: ARDUINO_B, identity: ONE_CLASSIFIER });
    const recorder = startDriver(radio);
    await driver!.start();
    await recorder.until('5 devices up', () => recorder.online().size === 5);
    const namesOfA = [parentOf(ARDUINO_A), classifierOf('AudioClassifier', ARDUINO_A, 0), classifierOf('AudioClassifier', ARDUINO_A, 1)];

    radio.setInRange(ARDUINO_A, false);
    await recorder.until('A down', () => recorder.downs.length === 3);
    expect(recorder.downs.map((down) => down.name).sort()).toEqual([...namesOfA].sort());
    expect(recorder.downs[0]?.reason).toMatch(/BLE link to c0:ff:ee:00:00:01 lost \(HCI reason 0x08\)/);
    expect(recorder.online()).toEqual(new Set([parentOf(ARDUINO_B), classifierOf('KeywordSpotter', ARDUINO_B, 3)]));

    // Out of range: attempts time out and back off (20, 40, 80 … ms) rather than hammering the radio.
    await recorder.until('several retries', () => radio.calls.filter((call) => call === 'connect c0ffee000001').length >= 3, 4000);
    expect(radio.calls.filter((call) => call === 'cancelConnect c0ffee000001').length).toBeGreaterThanOrEqual(1);
    expect(radio.calls.filter((call) => call === 'connect c0ffee000001').length).toBeLessThan(8);

    radio.setInRange(ARDUINO_A, true);
    await recorder.until('A back up', () => namesOfA.every((device) => recorder.online().has(device)), 4000);
    expect(recorder.ups.filter((device) => device.name === parentOf(ARDUINO_A))).toHaveLength(2);
    expect(radio.notifyFrom(ARDUINO_A, MJL_GATT.output, encodeResultFrame([{ slot: 0, value: 1, ageUs: 0 }]))).toBe(true);
    expect(recorder.results.at(-1)?.device).toBe(namesOfA[1]);
  });

  it('takes every device down when the adapter powers off and finds them again when it powers on', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, identity: TWO_CLASSIFIERS });
    radio.addPeripheral({ address: ARDUINO_B, identity: ONE_CLASSIFIER });
    const recorder = startDriver(radio);
    await driver!.start();
    await recorder.until('5 devices up', () => recorder.online().size === 5);

    radio.powerOff();
    await recorder.until('all down', () => recorder.online().size === 0);
    expect(recorder.downs).toHaveLength(5);
    expect(recorder.downs.every((down) => down.reason === 'Bluetooth adapter poweredOff')).toBe(true);

    radio.powerOn();
    await recorder.until('all up again', () => recorder.online().size === 5);
    expect(radio.calls.filter((call) => call.startsWith('startScanning'))).toHaveLength(2);
    expect(new Set(recorder.ups.map((device) => device.name)).size).toBe(5);
    expect(radio.notifyFrom(ARDUINO_B, MJL_GATT.output, encodeResultFrame([{ slot: 3, value: 4, ageUs: 0 }]))).toBe(true);
    expect(recorder.results.at(-1)).toMatchObject({ device: classifierOf('KeywordSpotter', ARDUINO_B, 3), value: 4 });
  });

  it('subscribes to input samples only while a classifier is inspected, and streams its raw frames', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, identity: TWO_CLASSIFIERS });
    const recorder = startDriver(radio);
    await driver!.start();
    await recorder.until('3 devices up', () => recorder.online().size === 3);
    const classifier = classifierOf('AudioClassifier', ARDUINO_A, 1);
    expect(radio.isNotifying(ARDUINO_A, MJL_GATT.input)).toBe(false);

    await driver!.startStreaming(classifier);
    expect(radio.isNotifying(ARDUINO_A, MJL_GATT.input)).toBe(true);
    radio.notifyFrom(ARDUINO_A, MJL_GATT.input, Uint8Array.of(1, 10, 20, 30));
    radio.notifyFrom(ARDUINO_A, MJL_GATT.input, Uint8Array.of(0, 99));
    radio.notifyFrom(ARDUINO_A, MJL_GATT.output, encodeResultFrame([{ slot: 1, value: 1, ageUs: 0 }]));
    expect(recorder.streamData.map(({ device, stream, data }) => ({ device, stream, data: [...data] }))).toEqual([
      { device: classifier, stream: STREAM_IDS.input, data: [10, 20, 30] },
      { device: classifier, stream: STREAM_IDS.output, data: [1, 0, 1, 0, 0, 0, 0, 0] },
    ]);

    await driver!.stopStreaming(classifier);
    await recorder.until('unsubscribed', () => !radio.isNotifying(ARDUINO_A, MJL_GATT.input));
    await expect(driver!.startStreaming('AudioClassifier-00000000')).rejects.toThrow(/no device named AudioClassifier-00000000/);
  });

  it('connects only the peripherals on its list when given one', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, identity: TWO_CLASSIFIERS });
    radio.addPeripheral({ address: ARDUINO_B, identity: ONE_CLASSIFIER });
    const recorder = startDriver(radio, { peripherals: [ARDUINO_B.toUpperCase()] });
    await driver!.start();
    await recorder.until('B up', () => recorder.online().size === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...recorder.online()].sort()).toEqual([parentOf(ARDUINO_B), classifierOf('KeywordSpotter', ARDUINO_B, 3)].sort());
    expect(radio.calls.some((call) => call === 'connect c0ffee000001')).toBe(false);
  });

  it('does not announce a peripheral without a readable identity, says why, and keeps retrying', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, identity: undefined });
    radio.addPeripheral({ address: ARDUINO_B, identity: 'MjlDriver ArduinoBLE33\n' });
    const recorder = startDriver(radio);
    await driver!.start();
    await recorder.until('retries of both', () => radio.calls.filter((call) => call === 'connect c0ffee000001').length >= 2 && radio.calls.filter((call) => call === 'connect c0ffee000002').length >= 2);
    expect(recorder.ups).toEqual([]);
    const reasons = recorder.logLines.filter((line) => line.msg === 'BLE peripheral unavailable, will retry').map((line) => String(line['err']));
    expect(reasons).toContain(`the mjl service has no identity characteristic c63963ad-3081-4537-add1-4038ec83888d (docs/devices.md)`);
    expect(reasons.some((reason) => reason.startsWith('unreadable identity: identity must start with "mjl1 <Service> <Type>"'))).toBe(true);
    // Each failed setup hangs up rather than holding the peripheral's only connection.
    expect(radio.calls).toContain('disconnect c0ffee000001');
  });

  it('disconnects its peripherals on stop without announcing them down (the gateway\'s death says it), and scans again on start', async () => {
    const radio = new FakeRadio();
    radio.addPeripheral({ address: ARDUINO_A, identity: TWO_CLASSIFIERS });
    const recorder = startDriver(radio);
    await driver!.start();
    await recorder.until('3 devices up', () => recorder.online().size === 3);
    await driver!.stop();
    await recorder.until('disconnected', () => !radio.isConnected(ARDUINO_A));
    expect(recorder.downs).toEqual([]);
    expect(radio.calls).toContain('stopScanning');

    await driver!.start();
    await recorder.until('found again after a restart', () => recorder.ups.length === 6);
    expect(radio.calls.filter((call) => call.startsWith('startScanning'))).toHaveLength(2);
  });
});

describe('loading noble', () => {
  it('explains a missing Bluetooth stack with the cause and the fix', () => {
    const error = Object.assign(new Error('EAFNOSUPPORT, Address family not supported by protocol'), { code: 'EAFNOSUPPORT' });
    expect(explainNobleFailure(error)).toMatch(/no Bluetooth support .*EAFNOSUPPORT.*remove the "kind: ble" driver/);
    expect(explainNobleFailure(Object.assign(new Error('x'), { code: 'EPERM' }))).toMatch(/setcap cap_net_raw/);
  });

  it('never lets the raw HCI socket error escape: without bindings it loads the real adapter or says what is missing', () => {
    let noble: unknown;
    try {
      noble = loadNoble();
    } catch (error) {
      expect((error as Error).message).toMatch(/^the BLE driver cannot start: /);
      return;
    }
    expect(noble).toBeDefined();
  });
});
