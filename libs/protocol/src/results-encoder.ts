import { SCHEMA_VERSION, type GatewayResults, type Outgoing } from './messages.js';

/**
 * GatewayResults, written straight into one buffer: the message every gateway sends once per linger,
 * the hottest path of the fleet. protobufjs's generated encoder (after its verify pass) queued one
 * operation object per field and per result and encoded each device's name again in every message: a
 * quarter of a busy gateway's CPU, and most of its garbage. This writes the same bytes (codec.test.ts
 * compares them with protobufjs's on random messages) in two passes, sizes then bytes, with the
 * names' UTF-8 kept from one message to the next.
 */
export function encodeGatewayResults(message: Outgoing<GatewayResults>): Uint8Array {
  const schemaVersion = message.schemaVersion ?? SCHEMA_VERSION;
  const { batches } = message;
  const bodies = new Array<number>(batches.length);
  const timestampBytes = new Array<number>(batches.length);
  const valueBytes = new Array<number>(batches.length);
  const deviceNames = new Array<Uint8Array>(batches.length);
  const serviceNames = new Array<Uint8Array>(batches.length);
  let total = 1 + varintSize(checkUint(schemaVersion, 'schemaVersion', 2 ** 32 - 1));
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    const { timestampsUs, values } = batch;
    if (timestampsUs.length !== values.length) fail(`batches[${b}]: ${timestampsUs.length} timestamps but ${values.length} values`);
    let timestamps = 0;
    for (let i = 0; i < timestampsUs.length; i++) timestamps += varintSize(checkUint(timestampsUs[i]!, 'timestampsUs', Number.MAX_SAFE_INTEGER));
    let valuesLength = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (value !== (value | 0)) fail(`batches[${b}].values: ${value} is not a 32-bit integer`);
      valuesLength += varintSize(zigzag(value));
    }
    const device = utf8(batch.device, 'device');
    const service = utf8(batch.service, 'service');
    let body = 1 + varintSize(device.length) + device.length + 1 + varintSize(service.length) + service.length;
    body += 1 + varintSize(checkUint(batch.session, 'session', Number.MAX_SAFE_INTEGER));
    body += 1 + varintSize(checkUint(batch.firstSeq, 'firstSeq', Number.MAX_SAFE_INTEGER));
    if (timestamps > 0) body += 1 + varintSize(timestamps) + timestamps;
    if (valuesLength > 0) body += 1 + varintSize(valuesLength) + valuesLength;
    if (batch.schemaVersion !== undefined) body += 1 + varintSize(checkUint(batch.schemaVersion, 'schemaVersion', 2 ** 32 - 1));
    bodies[b] = body;
    deviceNames[b] = device;
    serviceNames[b] = service;
    timestampBytes[b] = timestamps;
    valueBytes[b] = valuesLength;
    total += 1 + varintSize(body) + body;
  }

  const out = new Uint8Array(total);
  let at = 0;
  out[at++] = 0x08; // 1: schema_version
  at = writeVarint(out, at, schemaVersion);
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    out[at++] = 0x12; // 2: batches
    at = writeVarint(out, at, bodies[b]!);
    if (batch.schemaVersion !== undefined) {
      out[at++] = 0x08;
      at = writeVarint(out, at, batch.schemaVersion);
    }
    at = writeBytes(out, at, 0x12, deviceNames[b]!); // 2: device
    at = writeBytes(out, at, 0x1a, serviceNames[b]!); // 3: service
    out[at++] = 0x20; // 4: session
    at = writeVarint(out, at, batch.session);
    out[at++] = 0x28; // 5: first_seq
    at = writeVarint(out, at, batch.firstSeq);
    if (timestampBytes[b]! > 0) {
      out[at++] = 0x32; // 6: timestamps_us, packed
      at = writeVarint(out, at, timestampBytes[b]!);
      for (const timestampUs of batch.timestampsUs) at = writeVarint(out, at, timestampUs);
    }
    if (valueBytes[b]! > 0) {
      out[at++] = 0x3a; // 7: values, packed sint32
      at = writeVarint(out, at, valueBytes[b]!);
      for (const value of batch.values) at = writeVarint(out, at, zigzag(value));
    }
  }
  if (at !== total) throw new Error(`encodeGatewayResults wrote ${at} of ${total} bytes`);
  return out;
}

function fail(problem: string): never {
  throw new TypeError(`cannot encode GatewayResults: ${problem}`);
}

function checkUint(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) fail(`${field}: ${value} is not an integer in [0, ${max}]`);
  return value;
}

const zigzag = (value: number) => ((value << 1) ^ (value >> 31)) >>> 0;

/** Bytes of the varint of a non-negative safe integer. */
function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  if (value < 2 ** 35) return 5;
  if (value < 2 ** 42) return 6;
  if (value < 2 ** 49) return 7;
  return 8;
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value > 0x7f) {
    // `& 0x7f` keeps the low 7 bits of any safe integer (ToInt32 is modulo 2^32).
    const low = value & 0x7f;
    out[at++] = low | 0x80;
    value = (value - low) / 0x80;
  }
  out[at++] = value;
  return at;
}

function writeBytes(out: Uint8Array, at: number, tag: number, bytes: Uint8Array): number {
  out[at++] = tag;
  at = writeVarint(out, at, bytes.length);
  out.set(bytes, at);
  return at + bytes.length;
}

const encoder = new TextEncoder();
/** UTF-8 of device and service names: the same few hundred in every message of a gateway. */
const names = new Map<string, Uint8Array>();
const MAX_NAMES = 10_000;

function utf8(text: string, field: string): Uint8Array {
  let bytes = names.get(text);
  if (bytes === undefined) {
    if (typeof text !== 'string') fail(`${field}: not a string`);
    if (names.size >= MAX_NAMES) names.clear();
    bytes = encoder.encode(text);
    names.set(text, bytes);
  }
  return bytes;
}

/** Why decodeGatewayResults stopped: the payload is not a well-formed GatewayResults. */
export class MalformedResults extends Error {}

const decoder = new TextDecoder();

/**
 * GatewayResults read straight from the bytes, the aggregator's hottest path, as protobufjs reads
 * them (unknown fields skipped, packed or unpacked repeated fields) but with 64-bit varints as
 * numbers (protobufjs made a Long per timestamp, then toObject copied them all), and invalid UTF-8
 * in a name as U+FFFD (TextDecoder; protobufjs dropped such bytes). Throws
 * MalformedResults on truncated or invalid input; codec.ts turns that into a DecodeError.
 */
export function decodeGatewayResults(bytes: Uint8Array): GatewayResults {
  const reader = new Reader(bytes, 0, bytes.length);
  let schemaVersion = 0;
  const batches = [];
  while (reader.at < reader.end) {
    const tag = reader.varint();
    if (tag === 0x08) schemaVersion = reader.varint() % 2 ** 32;
    else if (tag === 0x12) {
      const length = reader.varint();
      batches.push(readBatch(reader.sub(length)));
    } else reader.skip(tag, 2);
  }
  return { schemaVersion, batches };
}

function readBatch(reader: Reader) {
  const batch = { schemaVersion: 0, device: '', service: '', session: 0, firstSeq: 0, timestampsUs: [] as number[], values: [] as number[] };
  while (reader.at < reader.end) {
    const tag = reader.varint();
    switch (tag) {
      case 0x08: batch.schemaVersion = reader.varint() % 2 ** 32; break;
      case 0x12: batch.device = reader.string(); break;
      case 0x1a: batch.service = reader.string(); break;
      case 0x20: batch.session = reader.varint(); break;
      case 0x28: batch.firstSeq = reader.varint(); break;
      case 0x30: batch.timestampsUs.push(reader.varint()); break;
      case 0x32: {
        const packed = reader.sub(reader.varint());
        while (packed.at < packed.end) batch.timestampsUs.push(packed.varint());
        break;
      }
      case 0x38: batch.values.push(unzigzag(reader.varint())); break;
      case 0x3a: {
        const packed = reader.sub(reader.varint());
        while (packed.at < packed.end) batch.values.push(unzigzag(packed.varint()));
        break;
      }
      default: reader.skip(tag, 7);
    }
  }
  return batch;
}

/** sint32 as protobufjs reads it: the low 32 bits, zigzag-decoded. */
const unzigzag = (varint: number) => {
  const low = varint % 2 ** 32;
  return (low >>> 1) ^ -(low & 1);
};

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}

  /**
   * A varint as a number, taken modulo 2^64 as protobuf does (bits past the 64th are dropped), built
   * from its low and high 32 bits as protobufjs builds longs: exact up to 2^53, rounded alike beyond.
   */
  varint(): number {
    let low = 0;
    let high = 0;
    for (let i = 0; i < 10; i++) {
      if (this.at >= this.end) throw new MalformedResults('truncated varint');
      const byte = this.bytes[this.at++]!;
      if (i < 4) low |= (byte & 0x7f) << (7 * i);
      else if (i === 4) {
        low |= (byte & 0x0f) << 28;
        high |= (byte & 0x7f) >> 4;
      } else high |= (byte & 0x7f) << (7 * i - 32); // the 10th byte: only its lowest bit is left
      if (byte < 0x80) return (high >>> 0) * 0x100000000 + (low >>> 0);
    }
    throw new MalformedResults('varint longer than 10 bytes');
  }

  sub(length: number): Reader {
    if (length > this.end - this.at) throw new MalformedResults('length beyond the end of the message');
    const reader = new Reader(this.bytes, this.at, this.at + length);
    this.at += length;
    return reader;
  }

  string(): string {
    const { at, end } = this.sub(this.varint());
    return decoder.decode(this.bytes.subarray(at, end));
  }

  /** Skips a field of a number above `known`, by its wire type; a known one here has the wrong wire type. */
  skip(tag: number, known: number): void {
    const field = tag >>> 3;
    if (field === 0) throw new MalformedResults('invalid field number 0');
    if (field <= known) throw new MalformedResults(`field ${field} with wire type ${tag & 7}`);
    switch (tag & 7) {
      case 0: this.varint(); break;
      case 1: this.sub(8); break;
      case 2: this.sub(this.varint()); break;
      case 5: this.sub(4); break;
      default: throw new MalformedResults(`wire type ${tag & 7} at offset ${this.at}`);
    }
  }
}
