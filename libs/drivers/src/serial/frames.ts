/**
 * The mjl serial line protocol (docs/devices.md, "Serial"): one ASCII line per frame,
 * `<body>*<CRC>\n`, where CRC is the CRC-16/CCITT-FALSE of the body's bytes as 4 hex digits.
 * Pure: no I/O, problems are returned, never thrown.
 */

export type DeviceLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LEVELS: readonly string[] = ['error', 'warn', 'info', 'debug', 'trace'];

/** What a device sends. */
export type DeviceFrame =
  | { kind: 'hello'; service: string; type: string }
  | { kind: 'result'; value: number; ageUs: number }
  | { kind: 'log'; level: DeviceLogLevel; text: string }
  | { kind: 'input'; samples: Uint8Array };

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Longest line accepted, checksum and newline included; longer ones are dropped. */
export const MAX_LINE_BYTES = 1024;

/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR ("123456789" → 0x29B1). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= (bytes[i] as number) << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A frame as bytes on the wire: body, `*`, checksum, newline. */
export function encodeSerialFrame(body: string): Uint8Array {
  const crc = crc16(encoder.encode(body)).toString(16).toUpperCase().padStart(4, '0');
  return encoder.encode(`${body}*${crc}\n`);
}

const STAR = 0x2a;
/** A service or type name: it starts a device name (`<Service>-<8 hex>`, at most 63 characters). */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,53}$/;
const INTEGER = /^-?\d+$/;

/** Checks a line's checksum and returns its body (without `\r`/`\n`). */
export function checkLine(line: Uint8Array): Parsed<string> {
  let end = line.length;
  while (end > 0 && (line[end - 1] === 0x0a || line[end - 1] === 0x0d)) end--;
  const star = line.lastIndexOf(STAR, end - 1);
  if (star < 0 || end - star !== 5) return { ok: false, problem: 'no "*XXXX" checksum at the end of the line' };
  const given = decoder.decode(line.subarray(star + 1, end));
  if (!/^[0-9A-Fa-f]{4}$/.test(given)) return { ok: false, problem: `checksum "${given}" is not 4 hex digits` };
  const expected = crc16(line, 0, star);
  if (parseInt(given, 16) !== expected) {
    return { ok: false, problem: `checksum ${given.toUpperCase()} does not match the body (CRC-16/CCITT-FALSE ${expected.toString(16).toUpperCase().padStart(4, '0')})` };
  }
  return { ok: true, value: decoder.decode(line.subarray(0, star)) };
}

/** Parses a checked body into a device frame. */
export function parseDeviceFrame(body: string): Parsed<DeviceFrame> {
  const space = body.indexOf(' ');
  const kind = space < 0 ? body : body.slice(0, space);
  const rest = space < 0 ? '' : body.slice(space + 1);
  switch (kind) {
    case 'H': {
      const [version, service = '', type = '', ...extra] = rest.split(' ');
      if (version !== 'mjl1') return { ok: false, problem: `hello must be "H mjl1 <Service> <Type>", got ${JSON.stringify(body)}` };
      if (!NAME.test(service) || !NAME.test(type) || extra.length > 0) {
        return { ok: false, problem: `hello service and type must be names of 1-54 letters, digits and _, got ${JSON.stringify(body)}` };
      }
      return { ok: true, value: { kind: 'hello', service, type } };
    }
    case 'R': {
      const [value = '', age = '0', ...extra] = rest.split(' ');
      if (!INTEGER.test(value) || !/^\d+$/.test(age) || extra.length > 0) {
        return { ok: false, problem: `result must be "R <value> [<ageUs>]" with integers, got ${JSON.stringify(body)}` };
      }
      const parsed = Number(value);
      if (parsed < -(2 ** 31) || parsed >= 2 ** 31) return { ok: false, problem: `result value ${value} does not fit 32 bits` };
      return { ok: true, value: { kind: 'result', value: parsed, ageUs: Number(age) } };
    }
    case 'L': {
      const levelEnd = rest.indexOf(' ');
      const level = levelEnd < 0 ? rest : rest.slice(0, levelEnd);
      if (!LEVELS.includes(level)) return { ok: false, problem: `log level "${level}" is not one of ${LEVELS.join(', ')}` };
      return { ok: true, value: { kind: 'log', level: level as DeviceLogLevel, text: levelEnd < 0 ? '' : rest.slice(levelEnd + 1) } };
    }
    case 'I': {
      if (!/^([0-9A-Fa-f]{2})+$/.test(rest)) return { ok: false, problem: 'input must be "I <hex bytes>" with an even number of hex digits' };
      return { ok: true, value: { kind: 'input', samples: Uint8Array.from(Buffer.from(rest, 'hex')) } };
    }
    default:
      return { ok: false, problem: `unknown frame kind ${JSON.stringify(kind)} (expected H, R, L or I)` };
  }
}

/** What the gateway sends: ask for the hello; switch raw input samples on or off. */
export const GATEWAY_FRAMES = {
  query: encodeSerialFrame('Q'),
  inputOn: encodeSerialFrame('S 1'),
  inputOff: encodeSerialFrame('S 0'),
} as const;

/**
 * Splits a byte stream into lines, each with the arrival time of the chunk that held its first byte
 * (the closest the gateway gets to when the device sent it). Lines longer than MAX_LINE_BYTES are
 * dropped whole and reported.
 */
export class LineSplitter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private startUs = 0;
  private overlong = false;

  constructor(
    private readonly onLine: (line: Uint8Array, startUs: number) => void,
    private readonly onOverlong: (bytes: number) => void,
  ) {}

  push(chunk: Uint8Array, arrivedUs: number): void {
    let from = 0;
    while (from < chunk.length) {
      if (this.pendingBytes === 0 && !this.overlong) this.startUs = arrivedUs;
      const newline = chunk.indexOf(0x0a, from);
      const to = newline < 0 ? chunk.length : newline + 1;
      if (!this.overlong) {
        this.pending.push(chunk.subarray(from, to));
        this.pendingBytes += to - from;
        if (this.pendingBytes > MAX_LINE_BYTES) this.overlong = true;
      }
      if (newline >= 0) this.flush();
      from = to;
    }
  }

  private flush(): void {
    if (this.overlong) {
      this.onOverlong(this.pendingBytes);
    } else {
      const line = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Buffer.concat(this.pending);
      this.onLine(line, this.startUs);
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = false;
  }

  /** Forgets a partial line (the port closed mid-line). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = false;
  }
}
