import fc from 'fast-check';
import { PickleFloat, PickleList, type PickleValue, type Row, type RowShape } from '../src/index.js';

function floatHex(value: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return bytes.toString('hex');
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');

/** The type tags Python's TAGGING gives the value encodePickle writes for `value`. */
export function tagOf(value: PickleValue): unknown {
  if (value === null) return ['None'];
  if (typeof value === 'boolean') return ['bool', value];
  if (typeof value === 'number') return Number.isSafeInteger(value) ? ['int', String(value)] : ['float', floatHex(value)];
  if (typeof value === 'bigint') return ['int', String(value)];
  if (typeof value === 'string') return ['str', value];
  if (value instanceof Uint8Array) return ['bytes', hex(value)];
  if (value instanceof PickleFloat) return ['float', floatHex(value.value)];
  if (value instanceof PickleList) return ['list', value.items.map(tagOf)];
  if (Array.isArray(value)) return ['tuple', (value as readonly PickleValue[]).map(tagOf)];
  return ['dict', Object.entries(value).map(([key, item]) => [key, tagOf(item)])];
}

/** Type tags of a rows file as Python should see it: a tuple of tuples typed by the shape's columns. */
export function tagRows(rows: readonly Row[], shape: RowShape): unknown {
  return [
    'tuple',
    rows.map((row) => [
      'tuple',
      row.map((cell, i) => {
        if (cell === null) return ['None'];
        const type = shape.columns[i]?.type;
        if (type === 'float') return ['float', floatHex(cell as number)];
        if (type === 'int') return ['int', String(cell)];
        if (type === 'str') return ['str', cell];
        return ['bytes', hex(cell as Uint8Array)];
      }),
    ]),
  ];
}

/** What decodePickle returns for what encodePickle wrote from `value` (tuples and lists both arrays, …). */
export function decodedForm(value: PickleValue): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (value instanceof PickleFloat) return value.value;
  if (value instanceof PickleList) return value.items.map(decodedForm);
  if (Array.isArray(value)) return (value as readonly PickleValue[]).map(decodedForm);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodedForm(item)]));
  }
  return value;
}

/** Any UTF-16 code unit, lone surrogates included (JS strings and Python str may hold them). */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: anyCodeUnit }),
  fc.string({ unit: 'grapheme', minLength: 80, maxLength: 200 }),
);

/** Strings UTF-8 can hold (no lone surrogates): text formats replace lone surrogates with U+FFFD. */
export const wellFormedString = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ unit: 'grapheme' }));

export const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ minLength: 250, maxLength: 400 }));

const anyInteger = fc.oneof(
  fc.integer({ min: -70_000, max: 70_000 }),
  fc.constantFrom(0, 255, 256, 65_535, 65_536, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, -128, -129),
  fc.maxSafeInteger(),
);

const anyBigInt = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 2100n), max: 2n ** 2100n }),
  fc.constantFrom(2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, -(2n ** 2039n), 2n ** 2039n - 1n, 2n ** 2040n),
);

const scalar: fc.Arbitrary<PickleValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  anyInteger,
  anyBigInt,
  fc.double(),
  fc.double().map((value) => new PickleFloat(value)),
  anyString,
  anyBytes,
);

export const pickleValue: fc.Arbitrary<PickleValue> = fc.letrec<{
  value: PickleValue;
  tuple: PickleValue;
  list: PickleValue;
  dict: PickleValue;
}>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('tuple'), tie('list'), tie('dict')),
  tuple: fc.array(tie('value'), { maxLength: 5 }),
  list: fc.array(tie('value'), { maxLength: 5 }).map((items) => new PickleList(items)),
  dict: fc.dictionary(anyString, tie('value'), { maxKeys: 4, noNullPrototype: true }),
})).value;

export type Format = 'pickle' | 'csv' | 'ndjson';

/** Seconds as results carry them (whole microseconds, any epoch up to year 2096) or any double. */
function seconds(format: Format): fc.Arbitrary<number> {
  const micros = fc.integer({ min: 0, max: 4_000_000_000_000_000 }).map((us) => us / 1e6);
  const anyDouble = format === 'ndjson' ? fc.double({ noNaN: true, noDefaultInfinity: true }) : fc.double();
  return fc.oneof(micros, anyDouble);
}

export const resultRows = (format: Format) =>
  fc.array(fc.tuple(seconds(format), fc.maxSafeInteger(), format === 'csv' ? wellFormedString : anyString), {
    maxLength: 30,
  });

export const streamRows = (format: Format) => fc.array(fc.tuple(seconds(format), anyBytes), { maxLength: 30 });

export const decisionRows = (format: Format) =>
  fc.array(fc.tuple(seconds(format), fc.option(fc.maxSafeInteger(), { nil: null })), { maxLength: 30 });
