import { ByteWriter } from './byte-writer.js';
import { describeValue } from './describe.js';
import { FormatError } from './format-error.js';
import { Op, WRITE_PROTOCOL } from './pickle-opcodes.js';
import { writeUtf8 } from './utf8.js';

/** A Python float whose value is a whole number (a plain JS whole number is written as a Python int). */
export class PickleFloat {
  constructor(readonly value: number) {}
}

/** A Python list (a plain JS array is written as a Python tuple). */
export class PickleList {
  constructor(readonly items: readonly PickleValue[]) {}
}

/** A Python dict with str keys, written from a plain object. */
export interface PickleDict {
  readonly [key: string]: PickleValue;
}

/**
 * What `encodePickle` writes, and the Python value each becomes:
 * null → None; boolean → bool; number → int when it is a safe integer, float otherwise;
 * bigint → int; string → str; Uint8Array → bytes; PickleFloat → float; array → tuple;
 * PickleList → list; plain object → dict.
 */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleFloat
  | PickleList
  | readonly PickleValue[]
  | PickleDict;

/** Bytes of any Python-readable pickle: PROTO 4, the value, STOP (no FRAME, no memo — both optional). */
export function encodePickle(value: PickleValue): Uint8Array {
  const out = new ByteWriter(1024);
  writePickleHeader(out);
  new ValueEncoder(out).write(value);
  out.byte(Op.STOP);
  return out.take();
}

export function writePickleHeader(out: ByteWriter): void {
  out.byte(Op.PROTO);
  out.byte(WRITE_PROTOCOL);
}

export function writeNone(out: ByteWriter): void {
  out.byte(Op.NONE);
}

function writeBool(out: ByteWriter, value: boolean): void {
  out.byte(value ? Op.NEWTRUE : Op.NEWFALSE);
}

export function writeFloat(out: ByteWriter, value: number): void {
  out.byte(Op.BINFLOAT);
  out.float64BE(value);
}

/** The shortest int opcode, as CPython chooses it. `value` must be an integer. */
export function writeInt(out: ByteWriter, value: number | bigint): void {
  if (typeof value === 'bigint') {
    if (value >= -0x8000_0000n && value <= 0x7fff_ffffn) writeInt(out, Number(value));
    else writeLong(out, value);
  } else if (value >= 0 && value <= 0xff) {
    out.byte(Op.BININT1);
    out.byte(value);
  } else if (value >= 0 && value <= 0xffff) {
    out.byte(Op.BININT2);
    out.uint16LE(value);
  } else if (value >= -0x8000_0000 && value <= 0x7fff_ffff) {
    out.byte(Op.BININT);
    out.int32LE(value);
  } else {
    writeLong(out, BigInt(value));
  }
}

/** LONG1/LONG4: minimal little-endian two's complement, as CPython's encode_long. */
function writeLong(out: ByteWriter, value: bigint): void {
  const magnitude = value < 0n ? -value - 1n : value;
  const byteCount = (bitLength(magnitude) >> 3) + 1;
  const unsigned = value < 0n ? (1n << BigInt(8 * byteCount)) + value : value;
  const hex = unsigned.toString(16).padStart(2 * byteCount, '0');
  if (byteCount <= 0xff) {
    out.byte(Op.LONG1);
    out.byte(byteCount);
  } else {
    out.byte(Op.LONG4);
    out.int32LE(byteCount);
  }
  out.reserve(byteCount);
  for (let i = byteCount - 1; i >= 0; i--) out.byte(Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

function bitLength(nonNegative: bigint): number {
  if (nonNegative === 0n) return 0;
  const hex = nonNegative.toString(16);
  return (hex.length - 1) * 4 + Number.parseInt(hex[0] as string, 16).toString(2).length;
}

/** A string of at most this many UTF-16 units is at most 255 UTF-8 bytes, so SHORT_BINUNICODE fits. */
const SHORT_STRING_UNITS = 85;

export function writeStr(out: ByteWriter, value: string): void {
  if (value.length <= SHORT_STRING_UNITS) {
    out.byte(Op.SHORT_BINUNICODE);
    const lengthAt = out.length;
    out.byte(0);
    out.patchByte(lengthAt, writeUtf8(out, value));
    return;
  }
  out.byte(Op.BINUNICODE);
  const lengthAt = out.length;
  out.uint32LE(0);
  const byteLength = writeUtf8(out, value);
  if (byteLength <= 0xff) {
    out.patchByte(lengthAt - 1, Op.SHORT_BINUNICODE);
    out.patchByte(lengthAt, byteLength);
    out.shiftLeft(lengthAt + 4, lengthAt + 1);
  } else {
    out.patchUint32LE(lengthAt, byteLength);
  }
}

export function writeBytes(out: ByteWriter, value: Uint8Array): void {
  if (value.length <= 0xff) {
    out.byte(Op.SHORT_BINBYTES);
    out.byte(value.length);
  } else if (value.length <= 0xffff_ffff) {
    out.byte(Op.BINBYTES);
    out.uint32LE(value.length);
  } else {
    out.byte(Op.BINBYTES8);
    out.uint32LE(value.length % 2 ** 32);
    out.uint32LE(Math.floor(value.length / 2 ** 32));
  }
  out.bytes(value);
}

const TUPLE_OF_SIZE = [Op.EMPTY_TUPLE, Op.TUPLE1, Op.TUPLE2, Op.TUPLE3] as const;

/** Closes a tuple of `size` items already written (after a MARK when size > 3). */
export function writeTupleEnd(out: ByteWriter, size: number): void {
  out.byte(TUPLE_OF_SIZE[size] ?? Op.TUPLE);
}

class ValueEncoder {
  /** Keys and indexes from the root to the value being written, for error messages. */
  private readonly path: (string | number)[] = [];
  private readonly open = new Set<object>();

  constructor(private readonly out: ByteWriter) {}

  write(value: PickleValue): void {
    const out = this.out;
    if (value === null) writeNone(out);
    else if (typeof value === 'boolean') writeBool(out, value);
    else if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) writeInt(out, value);
      else writeFloat(out, value);
    } else if (typeof value === 'bigint') writeInt(out, value);
    else if (typeof value === 'string') writeStr(out, value);
    else if (value instanceof Uint8Array) writeBytes(out, value);
    else if (value instanceof PickleFloat) writeFloat(out, value.value);
    else if (Array.isArray(value)) this.container(value, () => this.tuple(value as readonly PickleValue[]));
    else if (value instanceof PickleList) this.container(value, () => this.list(value.items));
    else if (typeof value === 'object' && isPlainObject(value)) this.container(value, () => this.dict(value as PickleDict));
    else this.fail(value, 'not a value pickle data can hold');
  }

  private container(value: object, writeItems: () => void): void {
    if (this.open.has(value)) this.fail(value, 'it contains itself');
    this.open.add(value);
    writeItems();
    this.open.delete(value);
  }

  private tuple(items: readonly PickleValue[]): void {
    if (items.length > 3) this.out.byte(Op.MARK);
    this.items(items);
    writeTupleEnd(this.out, items.length);
  }

  private list(items: readonly PickleValue[]): void {
    this.out.byte(Op.EMPTY_LIST);
    if (items.length === 0) return;
    this.out.byte(Op.MARK);
    this.items(items);
    this.out.byte(Op.APPENDS);
  }

  private items(items: readonly PickleValue[]): void {
    for (let i = 0; i < items.length; i++) {
      this.path.push(i);
      this.write(items[i] as PickleValue);
      this.path.pop();
    }
  }

  private dict(dict: PickleDict): void {
    this.out.byte(Op.EMPTY_DICT);
    const keys = Object.keys(dict);
    if (keys.length === 0) return;
    this.out.byte(Op.MARK);
    for (const key of keys) {
      writeStr(this.out, key);
      this.path.push(key);
      this.write(dict[key] as PickleValue);
      this.path.pop();
    }
    this.out.byte(Op.SETITEMS);
  }

  private fail(value: unknown, reason: string): never {
    const where = this.path.map((key) => `[${JSON.stringify(key)}]`).join('') || '(root)';
    throw new FormatError(
      'pickle',
      `cannot pickle ${describeValue(value)} at ${where}: ${reason}; supported are null, boolean, number, bigint, ` +
        'string, Uint8Array, PickleFloat, arrays (tuples), PickleList and plain objects (dicts)',
    );
  }
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
