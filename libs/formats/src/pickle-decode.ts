import { describeValue } from './describe.js';
import { FormatError } from './format-error.js';
import { HIGHEST_READ_PROTOCOL, Op, describeOpcode, isKnownOpcode } from './pickle-opcodes.js';
import { readUtf8 } from './utf8.js';

/** A Python dict with str keys, read as an object without prototype (so any key is safe). */
export interface UnpickledDict {
  [key: string]: UnpickledValue;
}

/**
 * What `decodePickle` returns for each Python value: None → null; bool → boolean; int → number when it
 * is a safe integer, bigint otherwise; float → number; str → string; bytes → Uint8Array (a copy);
 * tuple and list → array; dict → UnpickledDict.
 */
export type UnpickledValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | UnpickledValue[]
  | UnpickledDict;

const PLAIN_DATA =
  'only plain data is read: tuple, list, dict with str keys, int, float, str, bytes, bool and None ' +
  '(this opcode builds or calls a Python object, which a data file never needs)';

/**
 * Reads a pickle of plain data (protocols 0–5, as CPython writes them) without ever creating objects
 * or calling anything: GLOBAL, REDUCE and every other object opcode is refused with a FormatError naming
 * the opcode and its byte offset. Truncated or malformed input is a FormatError too, never a hang.
 */
export function decodePickle(bytes: Uint8Array): UnpickledValue {
  return new PickleDecoder(bytes).run();
}

/** Strings up to this many bytes are shared between rows, up to SHARED_STRINGS distinct ones at a time. */
const SHARED_STRING_BYTES = 64;
const SHARED_STRINGS = 1024;

/** Called after each tuple completed directly inside the outermost MARK: a row of a PickleRowsWriter file. */
type RowBoundaryListener = (endOffset: number, rowCount: number) => void;

export class PickleDecoder {
  private readonly view: DataView;
  private position = 0;
  /** Offset of the opcode being executed, for error messages. */
  private opcodeOffset = 0;
  private opcode = 0;
  private readonly stack: UnpickledValue[] = [];
  /** Stack heights at each open MARK. */
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, UnpickledValue>();
  /** Arrays that are Python lists (APPEND may extend them); other arrays are tuples. */
  private readonly lists = new WeakSet<UnpickledValue[]>();
  private readonly dicts = new WeakSet<UnpickledDict>();
  /** Short strings already decoded, by content: a file repeats a few device names many times. */
  private readonly shortStrings = new Map<number, { readonly utf8: Uint8Array; readonly text: string }>();

  constructor(private readonly bytes: Uint8Array, private readonly onRowBoundary?: RowBoundaryListener) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): UnpickledValue {
    for (;;) {
      this.opcodeOffset = this.position;
      if (this.position >= this.bytes.length) {
        throw this.error(`input ends at byte ${this.position} before STOP`, { truncated: true, atOpcode: false });
      }
      this.opcode = this.bytes[this.position++] as number;
      if (this.opcode === Op.STOP) return this.stop();
      this.execute(this.opcode);
    }
  }

  private execute(opcode: number): void {
    switch (opcode) {
      case Op.PROTO: {
        const version = this.uint8();
        if (version > HIGHEST_READ_PROTOCOL) {
          throw this.error(`pickle protocol ${version} is newer than this reader knows (0–${HIGHEST_READ_PROTOCOL})`);
        }
        return;
      }
      case Op.FRAME: {
        const frameLength = this.uint64();
        if (frameLength > this.bytes.length - this.position) {
          throw this.error(
            `frame of ${frameLength} bytes but only ${this.bytes.length - this.position} remain`,
            { truncated: true },
          );
        }
        return;
      }
      case Op.MARK:
        this.marks.push(this.stack.length);
        return;
      case Op.NONE:
        return this.push(null);
      case Op.NEWTRUE:
        return this.push(true);
      case Op.NEWFALSE:
        return this.push(false);
      case Op.BININT1:
        return this.push(this.uint8());
      case Op.BININT2:
        return this.push(this.view.getUint16(this.take(2), true));
      case Op.BININT:
        return this.push(this.view.getInt32(this.take(4), true));
      case Op.LONG1:
        return this.push(this.long(this.uint8()));
      case Op.LONG4: {
        const length = this.view.getInt32(this.take(4), true);
        if (length < 0) throw this.error(`negative length ${length}`);
        return this.push(this.long(length));
      }
      case Op.BINFLOAT:
        return this.push(this.view.getFloat64(this.take(8), false));
      case Op.SHORT_BINUNICODE:
        return this.push(this.str(this.uint8()));
      case Op.BINUNICODE:
        return this.push(this.str(this.uint32()));
      case Op.BINUNICODE8:
        return this.push(this.str(this.uint64()));
      case Op.SHORT_BINBYTES:
        return this.push(this.byteString(this.uint8()));
      case Op.BINBYTES:
        return this.push(this.byteString(this.uint32()));
      case Op.BINBYTES8:
        return this.push(this.byteString(this.uint64()));
      case Op.EMPTY_TUPLE:
        this.push([]);
        return this.tupleDone();
      case Op.TUPLE1:
      case Op.TUPLE2:
      case Op.TUPLE3: {
        const size = opcode - Op.TUPLE1 + 1;
        if (this.stack.length - size < this.fence()) throw this.underflow(size);
        this.push(this.stack.splice(this.stack.length - size, size));
        return this.tupleDone();
      }
      case Op.TUPLE:
        this.push(this.popToMark());
        return this.tupleDone();
      case Op.EMPTY_LIST: {
        const list: UnpickledValue[] = [];
        this.lists.add(list);
        return this.push(list);
      }
      case Op.APPEND: {
        const item = this.pop();
        this.list(this.top()).push(item);
        return;
      }
      case Op.APPENDS: {
        const items = this.popToMark();
        const list = this.list(this.top());
        for (const item of items) list.push(item);
        return;
      }
      case Op.EMPTY_DICT: {
        const dict = Object.create(null) as UnpickledDict;
        this.dicts.add(dict);
        return this.push(dict);
      }
      case Op.SETITEM: {
        const value = this.pop();
        const key = this.pop();
        this.setItem(this.dict(this.top()), key, value);
        return;
      }
      case Op.SETITEMS: {
        const pairs = this.popToMark();
        if (pairs.length % 2 !== 0) throw this.error(`odd number of items (${pairs.length}) for key/value pairs`);
        const dict = this.dict(this.top());
        for (let i = 0; i < pairs.length; i += 2) this.setItem(dict, pairs[i] as UnpickledValue, pairs[i + 1] as UnpickledValue);
        return;
      }
      case Op.MEMOIZE:
        this.memo.set(this.memo.size, this.top());
        return;
      case Op.BINPUT:
        this.memo.set(this.uint8(), this.top());
        return;
      case Op.LONG_BINPUT:
        this.memo.set(this.uint32(), this.top());
        return;
      case Op.BINGET:
        return this.push(this.memoGet(this.uint8()));
      case Op.LONG_BINGET:
        return this.push(this.memoGet(this.uint32()));
      default:
        if (!isKnownOpcode(opcode)) {
          throw this.error('not an opcode of any pickle protocol: the input is not a pickle, or is corrupted');
        }
        throw this.error(`refused: ${PLAIN_DATA}`);
    }
  }

  private stop(): UnpickledValue {
    if (this.marks.length > 0) throw this.error(`${this.marks.length} MARK(s) still open`);
    if (this.stack.length !== 1) throw this.error(`expected exactly one value on the stack, found ${this.stack.length}`);
    if (this.position !== this.bytes.length) {
      throw new FormatError(
        'pickle',
        `${this.bytes.length - this.position} unexpected byte(s) after STOP at byte ${this.opcodeOffset}`,
        { offset: this.position },
      );
    }
    return this.stack[0] as UnpickledValue;
  }

  private tupleDone(): void {
    if (this.onRowBoundary && this.marks.length === 1) {
      this.onRowBoundary(this.position, this.stack.length - (this.marks[0] as number));
    }
  }

  private push(value: UnpickledValue): void {
    this.stack.push(value);
  }

  private fence(): number {
    return this.marks.length > 0 ? (this.marks[this.marks.length - 1] as number) : 0;
  }

  private pop(): UnpickledValue {
    if (this.stack.length <= this.fence()) throw this.underflow(1);
    return this.stack.pop() as UnpickledValue;
  }

  private top(): UnpickledValue {
    if (this.stack.length <= this.fence()) throw this.underflow(1);
    return this.stack[this.stack.length - 1] as UnpickledValue;
  }

  private popToMark(): UnpickledValue[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw this.error('no MARK to collect items from');
    return this.stack.splice(mark);
  }

  private underflow(needed: number): FormatError {
    return this.error(`needs ${needed} value(s) on the stack above the last MARK, has ${this.stack.length - this.fence()}`);
  }

  private list(target: UnpickledValue): UnpickledValue[] {
    if (Array.isArray(target) && this.lists.has(target)) return target;
    throw this.error(`can only append to a list, not to ${Array.isArray(target) ? 'a tuple' : describeValue(target)}`);
  }

  private dict(target: UnpickledValue): UnpickledDict {
    if (typeof target === 'object' && target !== null && this.dicts.has(target as UnpickledDict)) {
      return target as UnpickledDict;
    }
    throw this.error(`can only set items of a dict, not of ${describeValue(target)}`);
  }

  private setItem(dict: UnpickledDict, key: UnpickledValue, value: UnpickledValue): void {
    if (typeof key !== 'string') throw this.error(`dict key must be a str, got ${describeValue(key)}`);
    dict[key] = value;
  }

  private memoGet(key: number): UnpickledValue {
    const value = this.memo.get(key);
    if (value === undefined) throw this.error(`memo has no entry ${key}`);
    return value;
  }

  /** Consumes `count` bytes of the current opcode's argument and returns where they start. */
  private take(count: number): number {
    const start = this.position;
    if (count > this.bytes.length - start) {
      throw this.error(`needs ${count} byte(s) at byte ${start} but only ${this.bytes.length - start} remain`, {
        truncated: true,
      });
    }
    this.position += count;
    return start;
  }

  private uint8(): number {
    return this.bytes[this.take(1)] as number;
  }

  private uint32(): number {
    return this.view.getUint32(this.take(4), true);
  }

  /** A 64-bit length; anything past 2^53 is longer than any input and reported as truncation by take(). */
  private uint64(): number {
    const at = this.take(8);
    return this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * 2 ** 32;
  }

  private long(byteCount: number): number | bigint {
    if (byteCount === 0) return 0;
    const start = this.take(byteCount);
    let hex = '';
    for (let i = start + byteCount - 1; i >= start; i--) hex += (this.bytes[i] as number).toString(16).padStart(2, '0');
    let value = BigInt(`0x${hex}`);
    if (((this.bytes[start + byteCount - 1] as number) & 0x80) !== 0) value -= 1n << BigInt(8 * byteCount);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  private str(byteCount: number): string {
    const start = this.take(byteCount);
    if (byteCount > SHARED_STRING_BYTES) return this.decodeStr(start, byteCount);
    const bytes = this.bytes;
    let hash = 0x811c9dc5;
    for (let i = start; i < start + byteCount; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    const known = this.shortStrings.get(hash);
    if (known !== undefined && sameBytes(known.utf8, bytes, start, byteCount)) return known.text;
    const text = this.decodeStr(start, byteCount);
    if (this.shortStrings.size >= SHARED_STRINGS) this.shortStrings.clear();
    this.shortStrings.set(hash, { utf8: bytes.slice(start, start + byteCount), text });
    return text;
  }

  private decodeStr(start: number, byteCount: number): string {
    const text = readUtf8(this.bytes, start, start + byteCount);
    if (text === undefined) throw this.error(`str of ${byteCount} bytes at byte ${start} is not UTF-8`);
    return text;
  }

  private byteString(byteCount: number): Uint8Array {
    const start = this.take(byteCount);
    return this.bytes.slice(start, start + byteCount);
  }

  private error(problem: string, options: { truncated?: boolean; atOpcode?: boolean } = {}): FormatError {
    const where = options.atOpcode === false ? '' : `${describeOpcode(this.opcode)} at byte ${this.opcodeOffset}: `;
    const hint = options.truncated ? ' (the input is truncated: was the file still being written, or cut off?)' : '';
    return new FormatError('pickle', `${where}${problem}${hint}`, {
      offset: this.opcodeOffset,
      truncated: options.truncated ?? false,
    });
  }
}

function sameBytes(known: Uint8Array, bytes: Uint8Array, start: number, length: number): boolean {
  if (known.length !== length) return false;
  for (let i = 0; i < length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}
