import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonDumpTagged, pythonLoadTagged, runPython } from '../test-support/python.js';
import {
  decodedForm,
  decisionRows,
  pickleValue,
  resultRows,
  streamRows,
  tagOf,
  tagRows,
} from '../test-support/values.js';
import {
  DECISION_ROWS,
  FormatError,
  PickleFloat,
  PickleList,
  PickleRowsWriter,
  RESULT_ROWS,
  STREAM_ROWS,
  decodePickle,
  encodePickle,
  readRows,
  repairPickleRows,
  writeRows,
  type PickleValue,
  type ResultRow,
  type Row,
  type RowShape,
} from './index.js';

const PROTOCOLS = [2, 3, 4, 5, null] as const;
const SLOW = 120_000;

function containsBytes(value: PickleValue): boolean {
  if (value instanceof Uint8Array) return true;
  if (value instanceof PickleList) return value.items.some(containsBytes);
  if (Array.isArray(value)) return (value as readonly PickleValue[]).some(containsBytes);
  if (value !== null && typeof value === 'object' && !(value instanceof PickleFloat)) {
    return Object.values(value).some(containsBytes);
  }
  return false;
}

/** What `pickle.load` makes of the bytes: "loaded", or the exception it raised. */
function pythonLoadOutcome(bytes: Uint8Array): string {
  const script = String.raw`
try:
    pickle.load(sys.stdin.buffer)
    print('loaded')
except Exception as error:
    print(type(error).__name__ + ': ' + str(error))
`;
  return runPython(script, bytes).toString().trim();
}

function deterministicResults(count: number): ResultRow[] {
  const rows: ResultRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    rows[i] = [(1582405387819107 + i * 37) / 1e6, (i % 7) - 3, `AudioClassifier-${(i % 3).toString(16).padStart(8, '0')}`];
  }
  return rows;
}

const DETERMINISTIC_RESULTS_PY = String.raw`
expected = tuple(((1582405387819107 + i * 37) / 1e6, i % 7 - 3, 'AudioClassifier-%08x' % (i % 3)) for i in range(COUNT))
`;

describe('Python loads what we write', () => {
  it('encodePickle values load as exactly the values meant, types included', () => {
    fc.assert(
      fc.property(fc.array(pickleValue, { minLength: 1, maxLength: 150 }), (values) => {
        expect(pythonLoadTagged(values.map(encodePickle))).toEqual(values.map(tagOf));
      }),
      { numRuns: 3 },
    );
  }, SLOW);

  it('chooses the same opcodes as CPython for ints, floats, str and bytes', () => {
    const scalars: PickleValue[] = [
      0, 255, 256, 65_535, 65_536, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, -128, -129, 2 ** 40,
      Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2n ** 64n, -(2n ** 63n), 2n ** 2039n, 2n ** 2040n, -(2n ** 2047n),
      1.5, new PickleFloat(0), '', 'é', 'x'.repeat(85), 'é'.repeat(127), 'é'.repeat(128), 'x'.repeat(256), '\ud800',
      new Uint8Array(0), new Uint8Array(255), new Uint8Array(256), true, false, null,
    ];
    const script = String.raw`
import pickletools
def ops(data):
    return [[op.name, repr(arg)] for op, arg, _ in pickletools.genops(data) if op.name not in ('PROTO', 'FRAME', 'MEMOIZE', 'STOP')]
request = json.loads(sys.stdin.read())
sys.stdout.write(json.dumps([[ops(pickle.dumps(untag(t), protocol=4)), ops(bytes.fromhex(ours))] for t, ours in request]))
`;
    const request = scalars.map((value) => [tagOf(value), Buffer.from(encodePickle(value)).toString('hex')]);
    const pairs = JSON.parse(runPython(script, JSON.stringify(request)).toString()) as [unknown, unknown][];
    pairs.forEach(([theirs, ours], i) => expect(ours, `value #${i}`).toEqual(theirs));
  });

  it('results, stream and decisions files load as tuples of typed tuples', () => {
    const files = fc.tuple(
      fc.array(resultRows('pickle'), { maxLength: 15 }),
      fc.array(streamRows('pickle'), { maxLength: 15 }),
      fc.array(decisionRows('pickle'), { maxLength: 15 }),
    );
    fc.assert(
      fc.property(files, ([results, streams, decisions]) => {
        const written = [
          ...results.map((rows) => writeRows(rows, 'pickle', RESULT_ROWS)),
          ...streams.map((rows) => writeRows(rows, 'pickle', STREAM_ROWS)),
          ...decisions.map((rows) => writeRows(rows, 'pickle', DECISION_ROWS)),
        ];
        expect(pythonLoadTagged(written)).toEqual([
          ...results.map((rows) => tagRows(rows, RESULT_ROWS)),
          ...streams.map((rows) => tagRows(rows, STREAM_ROWS)),
          ...decisions.map((rows) => tagRows(rows, DECISION_ROWS)),
        ]);
      }),
      { numRuns: 3 },
    );
  }, SLOW);

  it('loads the example of the design exactly', () => {
    const bytes = writeRows(
      [
        [1582405387.819107, 1, 'AudioClassifier-129c0801'],
        [1582405387.819125, 1, 'AudioClassifier-a369d1b3'],
        [1582405387, 0, 'AudioClassifier-a369d1b3'],
      ],
      'pickle',
      RESULT_ROWS,
    );
    const decisions = writeRows([[1582405387.818, 1], [1582405387.821, null]], 'pickle', DECISION_ROWS);
    const script = 'data = sys.stdin.buffer\nwhile data.peek(1):\n    print(repr(pickle.load(data)))';
    expect(runPython(script, Buffer.concat([bytes, decisions])).toString().trim().split('\n')).toEqual([
      "((1582405387.819107, 1, 'AudioClassifier-129c0801'), (1582405387.819125, 1, 'AudioClassifier-a369d1b3'), " +
        "(1582405387.0, 0, 'AudioClassifier-a369d1b3'))",
      '((1582405387.818, 1), (1582405387.821, None))',
    ]);
  });

  it('a streaming file with zero rows loads as ()', () => {
    const chunks: Uint8Array[] = [];
    const writer = new PickleRowsWriter((chunk) => chunks.push(chunk), STREAM_ROWS);
    expect(chunks).toEqual([new Uint8Array([0x80, 4, 0x28])]);
    writer.finish();
    expect(runPython('print(repr(pickle.load(sys.stdin.buffer)))', Buffer.concat(chunks)).toString().trim()).toBe('()');
  });

  it('a streaming file of 200k results rows loads in Python as exactly those rows', () => {
    const count = 200_000;
    const rows = deterministicResults(count);
    const chunks: Uint8Array[] = [];
    const started = performance.now();
    const writer = new PickleRowsWriter((chunk) => chunks.push(chunk), RESULT_ROWS);
    for (const row of rows) writer.row(row);
    writer.finish();
    const writeMs = performance.now() - started;
    expect(chunks.length).toBeGreaterThan(50);
    const script = `${DETERMINISTIC_RESULTS_PY.replaceAll('COUNT', String(count))}
rows = pickle.load(sys.stdin.buffer)
assert type(rows) is tuple, type(rows)
assert all(type(r) is tuple and type(r[0]) is float and type(r[1]) is int and type(r[2]) is str for r in rows)
assert rows == expected
print(len(rows))
`;
    expect(runPython(script, Buffer.concat(chunks)).toString().trim()).toBe(String(count));
    expect(writeMs).toBeLessThan(10_000);
  }, SLOW);

  it('a file cut off before finish() is refused by Python, and loads after repairPickleRows', () => {
    const rows = deterministicResults(1000);
    const chunks: Uint8Array[] = [];
    const writer = new PickleRowsWriter((chunk) => chunks.push(chunk), RESULT_ROWS);
    for (const row of rows) writer.row(row);
    writer.flush();
    const crashed = Buffer.concat(chunks).subarray(0, -20);
    expect(pythonLoadOutcome(crashed)).toMatch(/^(UnpicklingError|EOFError)/);
    const repaired = repairPickleRows(crashed);
    expect(repaired.rowCount).toBe(999);
    expect(repaired.wasComplete).toBe(false);
    expect(pythonLoadTagged([repaired.bytes])).toEqual([tagRows(rows.slice(0, 999), RESULT_ROWS)]);
  });
});

describe('we read what Python writes', () => {
  const protocolName = (protocol: number | null) => (protocol === null ? 'the default protocol' : `protocol ${protocol}`);

  it('reads results and decisions rows at protocols 2 to 5 and the default, as tuples or lists, memo and frames included', () => {
    const results = deterministicResults(2500);
    const tagged = tagRows(results, RESULT_ROWS) as [string, unknown[]];
    const asList = ['list', tagged[1]];
    const asListOfLists = ['list', tagged[1].map((row) => ['list', (row as [string, unknown])[1]])];
    const decisions: Row[] = [[1582405387.818, 1], [1582405387.821, null], [0, -(2 ** 40)]];
    const perProtocol = pythonDumpTagged([tagged, asList, asListOfLists, tagRows(decisions, DECISION_ROWS)], PROTOCOLS);
    perProtocol.forEach((pickles, p) => {
      const protocol = protocolName(PROTOCOLS[p] as number | null);
      pickles.slice(0, 3).forEach((bytes, i) => expect(readRows(bytes), `${protocol}, file ${i}`).toEqual(results));
      expect(readRows(pickles[3] as Uint8Array, 'pickle', DECISION_ROWS), protocol).toEqual(decisions);
    });
  });

  it('reads any plain value at protocols 2 to 5 and the default', () => {
    fc.assert(
      fc.property(fc.array(pickleValue, { minLength: 1, maxLength: 60 }), (values) => {
        const perProtocol = pythonDumpTagged(values.map(tagOf), PROTOCOLS);
        perProtocol.forEach((pickles, p) => {
          values.forEach((value, i) => {
            const bytes = pickles[i] as Uint8Array;
            const where = `${protocolName(PROTOCOLS[p] as number | null)}, value ${i}`;
            if (PROTOCOLS[p] === 2 && containsBytes(value)) {
              expect(() => decodePickle(bytes), where).toThrow(/GLOBAL \(0x63, "c"\) at byte \d+: refused/);
            } else {
              expect(decodePickle(bytes), where).toEqual(decodedForm(value));
            }
          });
        });
      }),
      { numRuns: 3 },
    );
  }, SLOW);

  it('reads stream rows at protocols 3 to 5', () => {
    const rows: Row[] = [[1582405387.819107, new Uint8Array([0, 1, 255])], [1.5, new Uint8Array(300).fill(7)], [2, new Uint8Array(0)]];
    const protocols = [3, 4, 5, null];
    pythonDumpTagged([tagRows(rows, STREAM_ROWS)], protocols).forEach(([bytes], p) => {
      expect(readRows(bytes as Uint8Array, undefined, STREAM_ROWS), protocolName(protocols[p] as number | null)).toEqual(rows);
    });
  });

  it('reads LONG_BINPUT and LONG_BINGET (more than 256 memoized objects)', () => {
    const rows: ResultRow[] = Array.from({ length: 600 }, (_, i) => [i / 4, i, `device-${i % 300}`]);
    const script = String.raw`
import pickletools
rows = untag(json.loads(sys.stdin.read()))
pickles = [pickle.dumps(rows, protocol=p) for p in (2, 3)]
sys.stdout.write(json.dumps([[data.hex(), sorted({op.name for op, _, _ in pickletools.genops(data)})] for data in pickles]))
`;
    const pickles = JSON.parse(runPython(script, JSON.stringify(tagRows(rows, RESULT_ROWS))).toString()) as [string, string[]][];
    for (const [hex, opcodes] of pickles) {
      expect(opcodes).toEqual(expect.arrayContaining(['LONG_BINPUT', 'LONG_BINGET']));
      expect(readRows(new Uint8Array(Buffer.from(hex, 'hex')))).toEqual(rows);
    }
  });

  it('reads 200k rows pickled by Python quickly', () => {
    const count = 200_000;
    const script = `${DETERMINISTIC_RESULTS_PY.replaceAll('COUNT', String(count))}
sys.stdout.buffer.write(pickle.dumps(expected))
`;
    const bytes = new Uint8Array(runPython(script));
    const started = performance.now();
    const rows = readRows(bytes, 'pickle');
    const readMs = performance.now() - started;
    expect(rows.length).toBe(count);
    const expected = deterministicResults(count);
    for (let i = 0; i < count; i += 997) expect(rows[i]).toEqual(expected[i]);
    expect(rows).toEqual(expected);
    expect(readMs).toBeLessThan(10_000);
  }, SLOW);

  it('refuses Python objects with the opcode and offset, never running them', () => {
    const script = String.raw`
import datetime, collections
Point = collections.namedtuple('Point', 'x y')
class Device:
    def __reduce__(self):
        return (print, ('this must never run',))
for value, protocol in [(datetime.datetime(2020, 2, 22), 4), (Device(), 2), ({1, 2}, 4), (b'ab', 2)]:
    sys.stdout.write(pickle.dumps(value, protocol=protocol).hex() + '\n')
`;
    const [datetime, device, set, bytesAtProtocol2] = runPython(script)
      .toString()
      .trim()
      .split('\n')
      .map((hex) => new Uint8Array(Buffer.from(hex, 'hex')));
    const messageOf = (bytes: Uint8Array | undefined) => {
      try {
        decodePickle(bytes as Uint8Array);
      } catch (error) {
        expect(error).toBeInstanceOf(FormatError);
        return (error as Error).message;
      }
      return 'decoded';
    };
    expect(messageOf(datetime)).toMatch(/^pickle: STACK_GLOBAL \(0x93\) at byte \d+: refused: only plain data/);
    expect(messageOf(device)).toMatch(/^pickle: GLOBAL \(0x63, "c"\) at byte 2: refused/);
    expect(messageOf(set)).toMatch(/^pickle: EMPTY_SET \(0x8f\) at byte 11: refused/);
    expect(messageOf(bytesAtProtocol2)).toMatch(/^pickle: GLOBAL \(0x63, "c"\) at byte 2: refused/);
  });
});
