import { describe, expect, it } from 'vitest';
import { codecs, Direction, Protocol, type InspectionStarted, type StreamInfo } from '@mjl/protocol';
import { renderInspectionStart, streamFilePaths, streamPlace } from './commands/inspect.js';
import { renderInspectionHeader } from './commands/inspection.js';
import { historyGaps, renderLogLine } from './commands/logs.js';
import { renderMessage } from './commands/sub.js';
import { renderDevices } from './commands/devices.js';
import { renderServices } from './commands/services.js';
import type { FleetDevice } from './fleet.js';
import { formatBytes, formatTimestampUs, plural } from './output.js';
import { progressLine } from './progress.js';

const SERVICE_UUID = 'a369d1b3-fcf2-4159-84a8-a5751c7b657c';
const ble = (uuid: string, direction: Direction): StreamInfo => ({
  id: uuid.replaceAll('-', ''),
  direction,
  protocol: Protocol.BLE,
  ble: { serviceUuid: SERVICE_UUID, characteristicUuid: uuid, peripheral: 'p' },
});

describe('mjl inspect: the discovery chain and stream addresses', () => {
  it('prints exactly the lines of the design for an FPGA reached through its Arduino', () => {
    const started: InspectionStarted = {
      device: 'AudioClassifier-a2a3fb01',
      chain: ['MjlDriver-12e21b3c', 'AudioClassifier-a2a3fb01'],
      streams: [ble('347f9f7b-a71d-4d8d-b6dd-8c416270b329', Direction.INPUT), ble('ae2e723e-c297-4f13-8500-181d01bf2779', Direction.OUTPUT)],
      streamTopicPrefix: 'mjl/v1/kitchen/pi-1/devices/AudioClassifier-a2a3fb01/streams',
    };
    const paths = streamFilePaths(undefined, started.device, started.streams, 'pickle');
    expect(renderInspectionStart(started, paths)).toBe(
      [
        '> Discovering AudioClassifier-a2a3fb01 > Found through MjlDriver-12e21b3c',
        '> Connecting to MjlDriver-12e21b3c',
        '> Inspecting AudioClassifier-a2a3fb01',
        '> Found input and output stream at BLE service a369d1b3-fcf2-4159-84a8-a5751c7b657c',
        '   > Input BLECharacteristic 347f9f7b-a71d-4d8d-b6dd-8c416270b329',
        '   > Output BLECharacteristic ae2e723e-c297-4f13-8500-181d01bf2779',
        'Writing binary stream to inspections/AudioClassifier-a2a3fb01/347f9f7b.pickle',
        'Writing binary stream to inspections/AudioClassifier-a2a3fb01/ae2e723e.pickle',
        '',
      ].join('\n'),
    );
  });

  it('has no "Found through" for a device attached directly, and names GPIO pins and serial ports', () => {
    const started: InspectionStarted = {
      device: 'KeywordSpotter-0000abcd',
      chain: ['KeywordSpotter-0000abcd'],
      streams: [
        { id: '11112222', direction: Direction.INPUT, protocol: Protocol.GPIO, gpio: { strobePin: 17, dataPins: [22, 27] } },
        { id: '33334444', direction: Direction.OUTPUT, protocol: Protocol.SERIAL, serial: { path: '/dev/ttyACM0', baudRate: 115200 } },
        { id: '55556666', direction: Direction.LOG, protocol: Protocol.SERIAL, serial: { path: '/dev/ttyACM0', baudRate: 115200 } },
      ],
      streamTopicPrefix: 'x',
    };
    const paths = streamFilePaths('/tmp/out', started.device, started.streams, 'csv');
    expect(renderInspectionStart(started, paths)).toBe(
      [
        '> Discovering KeywordSpotter-0000abcd',
        '> Connecting to KeywordSpotter-0000abcd',
        '> Inspecting KeywordSpotter-0000abcd',
        '> Found input stream at GPIO strobe pin 17, data pins 22,27',
        '> Found output and log stream at Serial /dev/ttyACM0 @ 115200',
        'Writing binary stream to /tmp/out/inspections/KeywordSpotter-0000abcd/11112222.csv',
        'Writing binary stream to /tmp/out/inspections/KeywordSpotter-0000abcd/33334444.csv',
        'Writing binary stream to /tmp/out/inspections/KeywordSpotter-0000abcd/55556666.csv',
        '',
      ].join('\n'),
    );
  });

  it('walks a longer chain up when discovering and down when connecting', () => {
    const text = renderInspectionStart({ device: 'C-3', chain: ['A-1', 'B-2', 'C-3'], streams: [], streamTopicPrefix: 'x' }, []);
    expect(text).toBe('> Discovering C-3 > Found through B-2 > Found through A-1\n> Connecting to A-1\n> Connecting to B-2\n> Inspecting C-3\n');
  });

  it('uses the whole stream id where the first 8 characters would name two files alike', () => {
    const streams = [
      { id: 'abcdef0100', direction: Direction.INPUT, protocol: Protocol.SERIAL },
      { id: 'abcdef0199', direction: Direction.OUTPUT, protocol: Protocol.SERIAL },
      { id: '12345678ff', direction: Direction.LOG, protocol: Protocol.SERIAL },
    ];
    expect(streamFilePaths(undefined, 'D-1', streams, 'json')).toEqual([
      'inspections/D-1/abcdef0100.json',
      'inspections/D-1/abcdef0199.json',
      'inspections/D-1/12345678.json',
    ]);
  });

  it('names a stream without an address by its protocol and id', () => {
    expect(streamPlace({ id: 'abcdef0123', direction: Direction.INPUT, protocol: Protocol.SERIAL })).toEqual({ place: 'Serial stream abcdef0123' });
  });
});

describe('mjl inspection header', () => {
  const device = (name: string, status: 'online' | 'offline') => ({ name, status }) as FleetDevice;
  it('says how many devices it aggregates, and where it writes', () => {
    expect(
      renderInspectionHeader('AudioClassifier', [device('a', 'online'), device('b', 'online'), device('c', 'online')], {
        results: 'inspections/AudioClassifier/out-9c0db0f2.pickle',
      }),
    ).toBe('AudioClassifier service aggregating results across 3 devices.\nWriting to inspections/AudioClassifier/out-9c0db0f2.pickle\n');
    expect(renderInspectionHeader('S', [device('a', 'offline')], { results: 'r', quorum: 'q' })).toBe(
      'S service aggregating results across 1 device (1 offline).\nWriting to r\nWriting quorum decisions to q\n',
    );
  });
});

describe('mjl logs', () => {
  it('prints <RFC 3339 time with microseconds> <level> <text>', () => {
    expect(renderLogLine({ timestampUs: 1_582_405_387_819_107, level: 'info', text: 'BLE link ok' })).toBe('2020-02-22T21:03:07.819107Z info BLE link ok\n');
  });

  it('notes when the history does not reach back as far as --since asks', () => {
    const where = 'gateway pi-1 at kitchen';
    expect(historyGaps(100, 500, 50, where)).toEqual([`${where} keeps only its latest lines: history starts at 1970-01-01T00:00:00.000500Z`]);
    expect(historyGaps(100, 0, 300, where)).toEqual([`${where} started at 1970-01-01T00:00:00.000300Z: there are no lines from before`]);
    expect(historyGaps(400, 0, 300, where)).toEqual([]);
    expect(historyGaps(0, 0, 300, where)).toEqual([]);
  });
});

describe('mjl sub: one JSON line per message', () => {
  const topic = 'mjl/v1/kitchen/pi-1/devices/AudioClassifier-a2a3fb01/results';
  const batch = codecs.resultBatch.encode({ device: 'AudioClassifier-a2a3fb01', service: 'AudioClassifier', session: 7, firstSeq: 3, timestampsUs: [1, 2], values: [1, 0] });

  it('decodes by the kind of topic', () => {
    expect(JSON.parse(renderMessage(topic, batch, false, false))).toEqual({
      topic,
      type: 'ResultBatch',
      message: { schemaVersion: 1, device: 'AudioClassifier-a2a3fb01', service: 'AudioClassifier', session: 7, firstSeq: 3, timestampsUs: [1, 2], values: [1, 0] },
    });
  });

  it('shows bytes as hex and enums by name', () => {
    const chunk = codecs.streamChunk.encode({ device: 'd-1', stream: 's1', seq: 0, samples: [{ timestampUs: 5, data: Uint8Array.of(0, 0xab) }], end: false, error: '' });
    const line = JSON.parse(renderMessage('mjl/v1/a/b/devices/d-1/streams/s1', chunk, false, false)) as { message: { samples: { data: string }[] } };
    expect(line.message.samples[0]?.data).toBe('00ab');
    const announcement = codecs.deviceAnnouncement.encode({
      name: 'd-1', service: 'd', type: 't', protocols: [Protocol.GPIO, Protocol.BLE], site: 'a', gateway: 'b', parent: '',
      streams: [ble('347f9f7b-a71d-4d8d-b6dd-8c416270b329', Direction.INPUT)], sinceUs: 1, driver: 'sim', online: true,
    });
    const device = JSON.parse(renderMessage('mjl/v1/a/b/devices/d-1', announcement, true, false)) as { retained: boolean; message: { protocols: string[]; streams: { direction: string; protocol: string }[] } };
    expect(device.retained).toBe(true);
    expect(device.message.protocols).toEqual(['GPIO', 'BLE']);
    expect(device.message.streams[0]).toMatchObject({ direction: 'input', protocol: 'BLE' });
  });

  it('never throws on malformed payloads: an "error" field and the payload in hex', () => {
    for (const payload of [Uint8Array.of(0xff, 0xff, 0xff), Uint8Array.of(0x08, 0x09), new TextEncoder().encode('hello')]) {
      const line = JSON.parse(renderMessage(topic, payload, false, false)) as Record<string, unknown>;
      expect(line).toMatchObject({ topic, type: 'ResultBatch', payload: Buffer.from(payload).toString('hex') });
      expect(typeof line.error).toBe('string');
      expect(line.message).toBeUndefined();
    }
  });

  it('marks removals (empty retained payloads), foreign topics, and gives --raw payloads in hex', () => {
    expect(JSON.parse(renderMessage('mjl/v1/a/b/devices/d-1', new Uint8Array(), true, false))).toEqual({
      topic: 'mjl/v1/a/b/devices/d-1',
      type: 'DeviceAnnouncement',
      retained: true,
      message: null,
      removed: true,
    });
    expect(JSON.parse(renderMessage('other/topic', Uint8Array.of(1), false, false))).toMatchObject({ type: null, payload: '01' });
    expect(JSON.parse(renderMessage(topic, batch, false, true))).toEqual({ topic, type: 'ResultBatch', payload: Buffer.from(batch).toString('hex') });
  });
});

describe('listings', () => {
  const device: FleetDevice = {
    name: 'AudioClassifier-a2a3fb01', service: 'AudioClassifier', type: 'TinyFPGA', protocols: ['GPIO'], site: 'kitchen', gateway: 'pi-1',
    status: 'online', parent: 'MjlDriver-12e21b3c', driver: 'sim', sinceUs: 0, streams: [],
  };

  it('prints the design table for devices, and names only with -o name', () => {
    expect(renderDevices([device], 'table', 120_000)).toBe(
      'NAME                       TYPE       PROTOCOLS   SITE      GATEWAY   STATUS   AGE\n' +
        'AudioClassifier-a2a3fb01   TinyFPGA   GPIO        kitchen   pi-1      online   2m0s\n',
    );
    expect(renderDevices([device, { ...device, name: 'X-1' }], 'name', 0)).toBe('AudioClassifier-a2a3fb01\nX-1\n');
    expect(renderDevices([], 'name', 0)).toBe('');
    expect(renderServices([{ name: 'AudioClassifier', types: ['TinyFPGA'], protocols: ['GPIO'], devices: 3, online: 3, sinceUs: 0 }], 'name', 0)).toBe('AudioClassifier\n');
  });

  it('renders yaml without loading it up front', () => {
    expect(renderDevices([device], 'yaml', 0)).toContain('name: AudioClassifier-a2a3fb01');
  });
});

describe('small formats', () => {
  it('formats times, bytes, counts and progress', () => {
    expect(formatTimestampUs(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(formatTimestampUs(1_582_405_387_000_001)).toBe('2020-02-22T21:03:07.000001Z');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(45_600)).toBe('45.6 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(1234, 'row')).toBe('1,234 rows');
    expect(progressLine(12_345, { messages: 1234, bytes: 45_600 }, 60_000)).toBe('12.3s / 60s  1,234 messages  45.6 kB');
  });
});
