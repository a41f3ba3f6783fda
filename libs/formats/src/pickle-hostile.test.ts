import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickleValue } from '../test-support/values.js';
import { FormatError, RESULT_ROWS, decodePickle, encodePickle, readRows, writeRows } from './index.js';

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** The FormatError decodePickle throws for `bytes`; fails the test if it returns or throws anything else. */
function decodeError(bytes: Uint8Array): FormatError {
  try {
    decodePickle(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return error as FormatError;
  }
  throw new Error('expected decodePickle to refuse the input');
}

describe('decodePickle refuses what is not plain data', () => {
  it('refuses GLOBAL + REDUCE (the classic os.system payload) at its byte offset, running nothing', () => {
    const error = decodeError(latin1("cos\nsystem\n(S'echo pwned'\ntR."));
    expect(error.message).toBe(
      'pickle: GLOBAL (0x63, "c") at byte 0: refused: only plain data is read: tuple, list, dict with str keys, int, ' +
        'float, str, bytes, bool and None (this opcode builds or calls a Python object, which a data file never needs)',
    );
    expect(error.offset).toBe(0);
    expect(error.truncated).toBe(false);
  });

  it('names every object-building opcode and where it is', () => {
    const cases: [string, number][] = [
      ['REDUCE (0x52, "R")', 0x52],
      ['BUILD (0x62, "b")', 0x62],
      ['INST (0x69, "i")', 0x69],
      ['OBJ (0x6f, "o")', 0x6f],
      ['NEWOBJ (0x81)', 0x81],
      ['NEWOBJ_EX (0x92)', 0x92],
      ['STACK_GLOBAL (0x93)', 0x93],
      ['PERSID (0x50, "P")', 0x50],
      ['BINPERSID (0x51, "Q")', 0x51],
      ['EXT1 (0x82)', 0x82],
      ['BYTEARRAY8 (0x96)', 0x96],
      ['NEXT_BUFFER (0x97)', 0x97],
      ['EMPTY_SET (0x8f)', 0x8f],
      ['FROZENSET (0x91)', 0x91],
    ];
    for (const [name, opcode] of cases) {
      const error = decodeError(new Uint8Array([0x80, 4, 0x4e, opcode, 0x2e]));
      expect(error.message).toContain(`${name} at byte 3: refused`);
      expect(error.offset).toBe(3);
    }
  });

  it('calls a byte no protocol knows not a pickle', () => {
    expect(decodeError(new Uint8Array([0x80, 4, 0xff])).message).toBe(
      'pickle: unknown opcode (0xff) at byte 2: not an opcode of any pickle protocol: the input is not a pickle, or is corrupted',
    );
    expect(decodeError(latin1('timestamp,value\n')).message).toBe('pickle: TUPLE (0x74, "t") at byte 0: no MARK to collect items from');
  });

  it('refuses a protocol newer than 5', () => {
    expect(decodeError(new Uint8Array([0x80, 6, 0x4e, 0x2e])).message).toContain('pickle protocol 6 is newer than this reader knows');
  });

  it('refuses stack misuse with the opcode and offset', () => {
    expect(decodeError(new Uint8Array([0x80, 4, 0x2e])).message).toBe(
      'pickle: STOP (0x2e, ".") at byte 2: expected exactly one value on the stack, found 0',
    );
    expect(decodeError(latin1('\x80\x04NN.')).message).toContain('found 2');
    expect(decodeError(latin1('\x80\x04(N.')).message).toContain('1 MARK(s) still open');
    expect(decodeError(latin1('\x80\x04N\x87.')).message).toContain('TUPLE3 (0x87) at byte 3: needs 3 value(s)');
    expect(decodeError(latin1('\x80\x04NN(\x86.')).message).toContain('above the last MARK, has 0');
    expect(decodeError(latin1('\x80\x04t.')).message).toContain('TUPLE (0x74, "t") at byte 2: no MARK');
    expect(decodeError(latin1('\x80\x04)Na.')).message).toContain('can only append to a list, not to a tuple');
    expect(decodeError(latin1('\x80\x04]NNs.')).message).toContain('can only set items of a dict, not of array of 0');
    expect(decodeError(latin1('\x80\x04}K\x01Ns.')).message).toContain('dict key must be a str, got number 1');
    expect(decodeError(latin1('\x80\x04}(NNNu.')).message).toContain('odd number of items (3)');
    expect(decodeError(latin1('\x80\x04h\x05.')).message).toContain('BINGET (0x68, "h") at byte 2: memo has no entry 5');
    expect(decodeError(latin1('\x80\x04\x94.')).message).toContain('MEMOIZE (0x94) at byte 2: needs 1 value(s)');
    expect(decodeError(latin1('\x80\x04\x8c\x02\xff\xfe.')).message).toContain('str of 2 bytes at byte 4 is not UTF-8');
    expect(decodeError(latin1('\x80\x04\x8b\xff\xff\xff\xff.')).message).toContain('negative length -1');
  });

  it('refuses bytes after STOP', () => {
    const error = decodeError(latin1('\x80\x04N.N.'));
    expect(error.message).toBe('pickle: 2 unexpected byte(s) after STOP at byte 3');
    expect(error.offset).toBe(4);
  });
});

describe('decodePickle on cut-off input', () => {
  it('reports every proper prefix of a pickle as truncated', () => {
    const bytes = writeRows(
      [
        [1582405387.819107, 1, 'AudioClassifier-129c0801'],
        [1582405387.819125, 2 ** 40, 'x'.repeat(300)],
      ],
      'pickle',
      RESULT_ROWS,
    );
    for (let length = 0; length < bytes.length; length++) {
      const error = decodeError(bytes.subarray(0, length));
      expect(error.truncated, `prefix of ${length} bytes: ${error.message}`).toBe(true);
      expect(error.message).toContain('the input is truncated');
    }
  });

  it('says how many bytes were missing', () => {
    expect(decodeError(latin1('\x80\x04X\x00\x01\x00\x00ab')).message).toBe(
      'pickle: BINUNICODE (0x58, "X") at byte 2: needs 256 byte(s) at byte 7 but only 2 remain ' +
        '(the input is truncated: was the file still being written, or cut off?)',
    );
    expect(decodeError(new Uint8Array(0)).message).toContain('input ends at byte 0 before STOP');
  });

  it('does not allocate for lengths the input cannot hold', () => {
    const huge = new Uint8Array([0x80, 4, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x2e]);
    expect(decodeError(huge).truncated).toBe(true);
    expect(decodeError(new Uint8Array([0x80, 4, 0x95, 0, 0, 0, 0, 0, 0, 0, 1, 0x4e, 0x2e])).message).toContain(
      'frame of 72057594037927940 bytes but only 2 remain',
    );
    expect(decodeError(new Uint8Array([0x80, 4, 0x8b, 0xff, 0xff, 0xff, 0x7f, 0x2e])).truncated).toBe(true);
  });
});

describe('decodePickle on random input', () => {
  it('returns a value or throws a FormatError for any bytes, quickly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodePickle(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('returns a value or throws a FormatError for damaged real pickles', () => {
    fc.assert(
      fc.property(
        pickleValue,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (value, damage) => {
          const bytes = encodePickle(value).slice();
          for (const [at, byte] of damage) bytes[at % bytes.length] = byte;
          try {
            decodePickle(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(FormatError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('readRows reports a clear error for a pickle that is not rows', () => {
    expect(() => readRows(encodePickle(5))).toThrow('pickle: expected a tuple or list of results rows, got number 5');
    expect(() => readRows(encodePickle([[1.5, 'one', 'device']]))).toThrow(
      "pickle: results row 0, column 'value': expected an int (a safe integer number), got string \"one\"",
    );
    expect(() => readRows(encodePickle([[1.5, 2n ** 60n, 'device']]))).toThrow(/got bigint 1152921504606846976/);
    expect(() => readRows(encodePickle([[1.5, 2]]))).toThrow(
      'pickle: results row 0: expected 3 cells (timestamp: float, value: int, device: str), got array of 2',
    );
  });
});
