import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodedForm, pickleValue } from '../test-support/values.js';
import { FormatError, PickleFloat, PickleList, decodePickle, encodePickle, type PickleValue } from './index.js';

const bytesOf = (...parts: (number | string | number[])[]): Uint8Array =>
  new Uint8Array(
    parts.flatMap((part) =>
      typeof part === 'number' ? [part] : typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part,
    ),
  );

describe('encodePickle', () => {
  it('writes PROTO 4, the value and STOP', () => {
    expect(encodePickle([])).toEqual(bytesOf(0x80, 4, ')', '.'));
    expect(encodePickle(null)).toEqual(bytesOf(0x80, 4, 'N', '.'));
    expect(encodePickle([true, false])).toEqual(bytesOf(0x80, 4, 0x88, 0x89, 0x86, '.'));
  });

  it('writes each int with the opcode CPython chooses', () => {
    const intBytes = (value: number | bigint) => [...encodePickle(value).subarray(2, -1)];
    expect(intBytes(0)).toEqual([0x4b, 0]);
    expect(intBytes(255)).toEqual([0x4b, 255]);
    expect(intBytes(256)).toEqual([0x4d, 0, 1]);
    expect(intBytes(65_535)).toEqual([0x4d, 255, 255]);
    expect(intBytes(65_536)).toEqual([0x4a, 0, 0, 1, 0]);
    expect(intBytes(-1)).toEqual([0x4a, 255, 255, 255, 255]);
    expect(intBytes(2 ** 31 - 1)).toEqual([0x4a, 255, 255, 255, 0x7f]);
    expect(intBytes(-(2 ** 31))).toEqual([0x4a, 0, 0, 0, 0x80]);
    expect(intBytes(2 ** 31)).toEqual([0x8a, 5, 0, 0, 0, 0x80, 0]);
    expect(intBytes(-(2 ** 31) - 1)).toEqual([0x8a, 5, 255, 255, 255, 0x7f, 255]);
    expect(intBytes(2n ** 64n)).toEqual([0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(intBytes(-(2n ** 63n))).toEqual([0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x80]);
    expect(intBytes(Number.MAX_SAFE_INTEGER)).toEqual([0x8a, 7, 255, 255, 255, 255, 255, 255, 0x1f]);
    expect(intBytes(7n)).toEqual([0x4b, 7]);
    expect(intBytes(2n ** 2040n)[0]).toBe(0x8b);
  });

  it('writes floats as big-endian doubles, whole numbers as int unless wrapped in PickleFloat', () => {
    expect(encodePickle(1.5)).toEqual(bytesOf(0x80, 4, 'G', [0x3f, 0xf8, 0, 0, 0, 0, 0, 0], '.'));
    expect(encodePickle(new PickleFloat(1))).toEqual(bytesOf(0x80, 4, 'G', [0x3f, 0xf0, 0, 0, 0, 0, 0, 0], '.'));
    expect(encodePickle(1)).toEqual(bytesOf(0x80, 4, 'K', 1, '.'));
    expect(encodePickle(2 ** 53)[2]).toBe(0x47);
  });

  it('writes str and bytes with the short opcode up to 255 bytes', () => {
    expect(encodePickle('é')).toEqual(bytesOf(0x80, 4, 0x8c, 2, [0xc3, 0xa9], '.'));
    const long = encodePickle('x'.repeat(256));
    expect([...long.subarray(2, 7)]).toEqual([0x58, 0, 1, 0, 0]);
    const shortEnough = encodePickle('x'.repeat(255));
    expect([...shortEnough.subarray(2, 4)]).toEqual([0x8c, 255]);
    expect(shortEnough.length).toBe(2 + 2 + 255 + 1);
    expect(encodePickle(new Uint8Array([1, 2]))).toEqual(bytesOf(0x80, 4, 'C', 2, [1, 2], '.'));
    expect([...encodePickle(new Uint8Array(256)).subarray(2, 7)]).toEqual([0x42, 0, 1, 0, 0]);
  });

  it('writes tuples, lists and dicts', () => {
    expect(encodePickle([1, 2, 3, 4])).toEqual(bytesOf(0x80, 4, '(', 'K', 1, 'K', 2, 'K', 3, 'K', 4, 't', '.'));
    expect(encodePickle(new PickleList([]))).toEqual(bytesOf(0x80, 4, ']', '.'));
    expect(encodePickle(new PickleList([1]))).toEqual(bytesOf(0x80, 4, ']', '(', 'K', 1, 'e', '.'));
    expect(encodePickle({ a: null })).toEqual(bytesOf(0x80, 4, '}', '(', 0x8c, 1, 'a', 'N', 'u', '.'));
  });

  it('refuses values Python data cannot hold, saying where they are', () => {
    expect(() => encodePickle([1, [undefined as unknown as PickleValue]])).toThrow(
      /cannot pickle undefined at \[1\]\[0\]: not a value pickle data can hold/,
    );
    expect(() => encodePickle({ when: new Date(0) as unknown as PickleValue })).toThrow(/Date object at \["when"\]/);
    expect(() => encodePickle(new Map() as unknown as PickleValue)).toThrow(FormatError);
    const cyclic: PickleValue[] = [];
    cyclic.push(cyclic);
    expect(() => encodePickle(cyclic)).toThrow(/it contains itself/);
    const shared = [1];
    expect(decodePickle(encodePickle([shared, shared]))).toEqual([[1], [1]]);
  });
});

describe('decodePickle', () => {
  it('reads back everything encodePickle writes', () => {
    fc.assert(
      fc.property(pickleValue, (value) => {
        expect(decodePickle(encodePickle(value))).toEqual(decodedForm(value));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps float bits, -0 and NaN, and str with lone surrogates', () => {
    expect(Object.is(decodePickle(encodePickle(new PickleFloat(-0))), -0)).toBe(true);
    expect(decodePickle(encodePickle(Number.NaN))).toBeNaN();
    expect(decodePickle(encodePickle(['\ud800', 'a\udc00b', '😀', '\ufeffbom']))).toEqual(['\ud800', 'a\udc00b', '😀', '\ufeffbom']);
  });

  it('reads the opcodes CPython writes that our writer does not', () => {
    const u64 = (n: number) => [n, 0, 0, 0, 0, 0, 0, 0];
    expect(decodePickle(bytesOf(0x80, 4, 0x95, u64(6), 0x8d, u64(2), 'hi', '.'))).toBe('hi');
    expect(decodePickle(bytesOf(0x80, 4, 0x8e, u64(1), 7, '.'))).toEqual(new Uint8Array([7]));
    expect(decodePickle(bytesOf(0x80, 4, 0x8b, [2, 0, 0, 0], [0xff, 0x7f], '.'))).toBe(0x7fff);
    expect(decodePickle(bytesOf(0x80, 4, 0x8b, [1, 0, 0, 0], [0xff], '.'))).toBe(-1);
    expect(decodePickle(bytesOf(0x80, 2, 0x8a, 0, '.'))).toBe(0);
    expect(decodePickle(bytesOf(0x80, 3, ']', 'q', 0, 'K', 1, 'a', 'K', 2, 'a', 'h', 0, 0x86, '.'))).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(decodePickle(bytesOf(0x80, 3, 'K', 9, 'r', [0, 1, 0, 0], 'j', [0, 1, 0, 0], 0x86, '.'))).toEqual([9, 9]);
    expect(decodePickle(bytesOf(0x80, 4, '(', 'K', 5, 0x94, 'K', 6, 0x94, 'h', 1, 'h', 0, 't', '.'))).toEqual([5, 6, 6, 5]);
    expect(decodePickle(bytesOf(0x80, 4, '}', 0x8c, 1, 'k', 'N', 's', '.'))).toEqual({ k: null });
    expect(decodePickle(bytesOf(0x80, 4, '(', 't', '.'))).toEqual([]);
    expect(decodePickle(bytesOf('K', 1, '.'))).toBe(1);
  });

  it('keeps list identity: a memoized list appended to later is the same array', () => {
    const value = decodePickle(bytesOf(0x80, 4, ']', 0x94, 'h', 0, 'K', 1, 'a', 0x86, '.')) as unknown[][];
    expect(value).toEqual([[1], [1]]);
    expect(value[0]).toBe(value[1]);
  });
});
