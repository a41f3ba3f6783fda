import { MJL_GATT } from '../gatt.js';
/**
 * The bytes an mjl BLE peripheral sends (docs/devices.md, "BLE GATT profile"). Pure decoding: no I/O,
 * every function returns a problem text instead of throwing, so a bad notification is counted and
 * logged, never thrown through a noble event handler.
 */

/** Read-only characteristic naming the peripheral's own service/type and the classifiers on its pins. */
export const MJL_IDENTITY_UUID = MJL_GATT.identity;

export const RESULT_FRAME_VERSION = 1;
export const RESULT_RECORD_BYTES = 8;

/** One classification in a result notification. */
export interface ResultRecord {
  /** Which classifier on the peripheral's pins (the identity's slot number). */
  slot: number;
  value: number;
  /** Microseconds from the event to the notification being queued on the device; 0 = unknown. */
  ageUs: number;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Result notification (output characteristic): `version u8 = 1`, then 1..n records of 8 bytes:
 * `slot u8, flags u8 (0), value int16 LE, age uint32 LE`.
 */
export function decodeResultFrame(data: Uint8Array): Decoded<ResultRecord[]> {
  if (data.length === 0) return { ok: false, problem: 'empty result notification' };
  if (data[0] !== RESULT_FRAME_VERSION) {
    return { ok: false, problem: `result frame version ${data[0]} is not ${RESULT_FRAME_VERSION} (first byte)` };
  }
  const body = data.length - 1;
  if (body === 0 || body % RESULT_RECORD_BYTES !== 0) {
    return { ok: false, problem: `result frame of ${data.length} bytes: expected 1 + 8·n bytes (n ≥ 1)` };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const records: ResultRecord[] = [];
  for (let at = 1; at < data.length; at += RESULT_RECORD_BYTES) {
    records.push({ slot: view.getUint8(at), value: view.getInt16(at + 2, true), ageUs: view.getUint32(at + 4, true) });
  }
  return { ok: true, value: records };
}

/** Encodes result records as a device would (tests, emulators, docs examples). */
export function encodeResultFrame(records: ResultRecord[]): Uint8Array {
  const frame = new Uint8Array(1 + RESULT_RECORD_BYTES * records.length);
  const view = new DataView(frame.buffer);
  frame[0] = RESULT_FRAME_VERSION;
  records.forEach((record, index) => {
    const at = 1 + index * RESULT_RECORD_BYTES;
    view.setUint8(at, record.slot);
    view.setInt16(at + 2, record.value, true);
    view.setUint32(at + 4, record.ageUs, true);
  });
  return frame;
}

export const LOG_LEVELS_BY_CODE = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type DeviceLogLevel = (typeof LOG_LEVELS_BY_CODE)[number];
/** Log source byte meaning "the peripheral itself" rather than one of its classifiers. */
export const LOG_SOURCE_SELF = 0xff;

export interface LogFrame {
  level: DeviceLogLevel;
  /** LOG_SOURCE_SELF or the slot of the classifier the line is about. */
  source: number;
  lines: string[];
}

/**
 * Log notification (log characteristic): `level u8 (0 error … 4 trace), source u8 (0xff = the
 * peripheral, else a slot)`, then UTF-8 text; several lines may be separated by `\n`.
 */
export function decodeLogFrame(data: Uint8Array): Decoded<LogFrame> {
  if (data.length < 3) return { ok: false, problem: `log frame of ${data.length} bytes: expected level, source and text` };
  const level = LOG_LEVELS_BY_CODE[data[0] as number];
  if (!level) return { ok: false, problem: `log level ${data[0]} is not 0 (error) to 4 (trace)` };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(2));
  const lines = text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line !== '');
  return { ok: true, value: { level, source: data[1] as number, lines } };
}

export function encodeLogFrame(level: DeviceLogLevel, source: number, text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const frame = new Uint8Array(2 + body.length);
  frame[0] = LOG_LEVELS_BY_CODE.indexOf(level);
  frame[1] = source;
  frame.set(body, 2);
  return frame;
}

/** Input notification (input characteristic, subscribed only during an inspection): `slot u8`, raw samples. */
export function decodeInputFrame(data: Uint8Array): Decoded<{ slot: number; samples: Uint8Array }> {
  if (data.length < 2) return { ok: false, problem: `input frame of ${data.length} bytes: expected a slot byte and samples` };
  return { ok: true, value: { slot: data[0] as number, samples: data.subarray(1) } };
}

export interface Classifier {
  slot: number;
  service: string;
  type: string;
}

export interface Identity {
  service: string;
  type: string;
  classifiers: Classifier[];
}

/** A service or type name: it starts a device name (`<Service>-<8 hex>`, at most 63 characters). */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,53}$/;

/**
 * Identity characteristic (read): UTF-8 lines. The first is `mjl1 <Service> <Type>` for the peripheral
 * itself; each further line `<slot> <Service> <Type>` is a classifier on its pins, e.g.
 * "mjl1 MjlDriver ArduinoBLE33\n0 AudioClassifier TinyFPGA\n1 AudioClassifier TinyFPGA\n".
 */
export function parseIdentity(data: Uint8Array): Decoded<Identity> {
  const text = new TextDecoder().decode(data);
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const [first, ...rest] = lines;
  const head = first?.split(/\s+/) ?? [];
  if (head[0] !== 'mjl1' || head.length !== 3) {
    return { ok: false, problem: `identity must start with "mjl1 <Service> <Type>", got ${JSON.stringify(first ?? '')}` };
  }
  const [, service = '', type = ''] = head;
  if (!NAME.test(service) || !NAME.test(type)) {
    return { ok: false, problem: `identity line 1: service and type must be names of 1-54 letters, digits and _ (got ${JSON.stringify(first)})` };
  }
  const classifiers: Classifier[] = [];
  for (const [index, line] of rest.entries()) {
    const parts = line.split(/\s+/);
    const [slotText = '', slotService = '', slotType = ''] = parts;
    const slot = Number(slotText);
    const where = `identity line ${index + 2} (${JSON.stringify(line)})`;
    if (parts.length !== 3 || !/^\d+$/.test(slotText) || slot > 254) {
      return { ok: false, problem: `${where}: expected "<slot 0-254> <Service> <Type>"` };
    }
    if (!NAME.test(slotService) || !NAME.test(slotType)) {
      return { ok: false, problem: `${where}: service and type must be names of 1-54 letters, digits and _` };
    }
    if (classifiers.some((classifier) => classifier.slot === slot)) return { ok: false, problem: `${where}: slot ${slot} is declared twice` };
    classifiers.push({ slot, service: slotService, type: slotType });
  }
  return { ok: true, value: { service, type, classifiers } };
}

export function formatIdentity(identity: Identity): string {
  return [`mjl1 ${identity.service} ${identity.type}`, ...identity.classifiers.map((c) => `${c.slot} ${c.service} ${c.type}`)].join('\n') + '\n';
}
