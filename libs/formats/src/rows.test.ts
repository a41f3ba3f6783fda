import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionRows, resultRows, streamRows, type Format } from '../test-support/values.js';
import {
  CsvRowsWriter,
  DECISION_ROWS,
  FILE_FORMATS,
  FormatError,
  NdjsonRowsWriter,
  PickleRowsWriter,
  RESULT_ROWS,
  STREAM_ROWS,
  createRowsWriter,
  decodePickle,
  extensionFor,
  isFileFormat,
  microsFromSeconds,
  readRows,
  repairPickleRows,
  secondsFromMicros,
  sniffFormat,
  writeRows,
  type ResultRow,
  type Row,
  type RowShape,
} from './index.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const utf8 = (value: string) => new TextEncoder().encode(value);

/** The file written by a streaming writer fed `rows`, its chunks joined. */
function streamed<R extends Row>(format: Format, shape: RowShape<R>, rows: readonly R[]) {
  const chunks: Uint8Array[] = [];
  const writer = createRowsWriter(format, (chunk) => chunks.push(chunk), shape);
  for (const row of rows) writer.row(row);
  writer.finish();
  return new Uint8Array(Buffer.concat(chunks));
}

describe('every format reads back exactly what it wrote', () => {
  const shapes: [RowShape, (format: Format) => fc.Arbitrary<Row[]>][] = [
    [RESULT_ROWS, resultRows],
    [STREAM_ROWS, streamRows],
    [DECISION_ROWS, decisionRows],
  ];
  for (const format of FILE_FORMATS) {
    for (const [shape, rows] of shapes) {
      it(`${shape.name} rows as ${format}, with the format given or sniffed`, () => {
        fc.assert(
          fc.property(rows(format), (original) => {
            const bytes = writeRows(original, format, shape);
            expect(readRows(bytes, format, shape)).toEqual(original);
            if (original.length > 0) expect(sniffFormat(bytes)).toBe(format);
            expect(readRows(bytes, undefined, shape)).toEqual(original);
          }),
          { numRuns: 150 },
        );
      });
    }
  }

  it('streams the same bytes as writeRows, in chunks of at least chunkBytes while rows arrive', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILE_FORMATS), resultRows('ndjson'), fc.integer({ min: 1, max: 200 }), (format, rows, chunkBytes) => {
        const chunks: Uint8Array[] = [];
        const fromRows: Uint8Array[] = [];
        let inRow = false;
        const writer = createRowsWriter(
          format,
          (chunk) => {
            chunks.push(chunk);
            if (inRow) fromRows.push(chunk);
          },
          RESULT_ROWS,
          { chunkBytes },
        );
        for (const row of rows) {
          inRow = true;
          writer.row(row);
          inRow = false;
        }
        writer.finish();
        expect(new Uint8Array(Buffer.concat(chunks))).toEqual(writeRows(rows, format, RESULT_ROWS));
        for (const chunk of fromRows) expect(chunk.length).toBeGreaterThanOrEqual(chunkBytes);
        for (const chunk of chunks) expect(chunk.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a shape of our own', () => {
  type SampleRow = [seconds: number, channel: number, label: string | null, payload: Uint8Array | null, gain: number];
  const SAMPLES: RowShape<SampleRow> = {
    name: 'samples',
    columns: [
      { name: 'timestamp', type: 'float' },
      { name: 'channel', type: 'int' },
      { name: 'label', type: 'str', nullable: true },
      { name: 'payload', type: 'bytes', nullable: true },
      { name: 'gain', type: 'float' },
    ],
  };
  const samples = fc.array(
    fc.tuple(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.maxSafeInteger(),
      fc.option(fc.string(), { nil: null }),
      fc.option(fc.uint8Array({ maxLength: 8 }), { nil: null }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    { maxLength: 20 },
  );

  it('round-trips rows of more than three columns, nulls included, in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILE_FORMATS), samples, (format, rows) => {
        expect(readRows(writeRows(rows, format, SAMPLES), format, SAMPLES)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
    expect(text(writeRows([[1, 2, null, null, 0.5]], 'csv', SAMPLES))).toBe('timestamp,channel,label,payload_hex,gain\n1,2,,,0.5\n');
  });

  it('repairs a cut file of such rows (each row a MARK … TUPLE)', () => {
    const rows: SampleRow[] = [
      [1, 2, 'a', null, 0.5],
      [3, 4, null, new Uint8Array([1]), 1.5],
    ];
    const bytes = streamed('pickle', SAMPLES, rows);
    const firstRowEnd = 3 + 1 + 9 + 2 + 3 + 1 + 9 + 1;
    expect(repairPickleRows(bytes.subarray(0, firstRowEnd - 1)).rowCount).toBe(0);
    expect(decodePickle(repairPickleRows(bytes.subarray(0, firstRowEnd)).bytes)).toEqual(rows.slice(0, 1));
    expect(decodePickle(repairPickleRows(bytes.subarray(0, bytes.length - 1)).bytes)).toEqual(rows);
  });
});

describe('seconds keep microsecond precision in every format', () => {
  it('writes 1582405387.819107 as is, and reads it back to the same microsecond', () => {
    const micros = 1582405387819107;
    const rows: ResultRow[] = [[secondsFromMicros(micros), 1, 'AudioClassifier-129c0801']];
    expect(text(writeRows(rows, 'csv', RESULT_ROWS))).toBe('timestamp,value,device\n1582405387.819107,1,AudioClassifier-129c0801\n');
    expect(text(writeRows(rows, 'ndjson', RESULT_ROWS))).toBe('[1582405387.819107,1,"AudioClassifier-129c0801"]\n');
    for (const format of FILE_FORMATS) {
      const [read] = readRows(writeRows(rows, format, RESULT_ROWS));
      expect(microsFromSeconds(read?.[0] as number)).toBe(micros);
    }
  });

  it('round-trips every microsecond timestamp up to year 2242 through seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8_589_934_591_999_999 }), (micros) => {
        const seconds = secondsFromMicros(micros);
        expect(microsFromSeconds(seconds)).toBe(micros);
        expect(microsFromSeconds(Number(String(seconds)))).toBe(micros);
      }),
      { numRuns: 20_000 },
    );
    expect(microsFromSeconds(1.0000004)).toBe(1_000_000);
  });
});

describe('CSV', () => {
  it('writes the header of each shape, hex for bytes and nothing for no decision', () => {
    expect(text(writeRows([[1.5, new Uint8Array([0, 171])]], 'csv', STREAM_ROWS))).toBe('timestamp,data_hex\n1.5,00ab\n');
    expect(text(writeRows([[3, 1], [3.003, null]], 'csv', DECISION_ROWS))).toBe('window_start,value\n3,1\n3.003,\n');
  });

  it('quotes what needs quoting, and tells an empty str from null', () => {
    const rows: ResultRow[] = [
      [1, 2, 'a,b'],
      [1, 2, 'say "hi"'],
      [1, 2, 'two\nlines'],
      [1, 2, ''],
    ];
    const csv = text(writeRows(rows, 'csv', RESULT_ROWS));
    expect(csv).toBe('timestamp,value,device\n1,2,"a,b"\n1,2,"say ""hi"""\n1,2,"two\nlines"\n1,2,""\n');
    expect(readRows(utf8(csv))).toEqual(rows);
    expect(readRows(utf8('1,2,\n'))).toEqual([[1, 2, '']]);
    expect(readRows(utf8('1,\n'), 'csv', DECISION_ROWS)).toEqual([[1, null]]);
  });

  it('reads files without a header, with CRLF, blank lines, a BOM, and the spellings of Python', () => {
    expect(readRows(utf8('\uFEFFtimestamp,value,device\r\n1582405387.819107,1,d\r\n\r\n2,3,e'))).toEqual([
      [1582405387.819107, 1, 'd'],
      [2, 3, 'e'],
    ]);
    expect(readRows(utf8('1e-7,-4,d\n+2.,+4,e\ninf,0,f\n-Infinity,0,g\n'))).toEqual([
      [1e-7, -4, 'd'],
      [2, 4, 'e'],
      [Number.POSITIVE_INFINITY, 0, 'f'],
      [Number.NEGATIVE_INFINITY, 0, 'g'],
    ]);
    expect(readRows(utf8('nan,0,d\n'))[0]?.[0]).toBeNaN();
    expect(readRows(utf8('timestamp,data_hex\n1,00AB\n2,""\n3,\n'), 'csv', STREAM_ROWS)).toEqual([
      [1, new Uint8Array([0, 0xab])],
      [2, new Uint8Array(0)],
      [3, new Uint8Array(0)],
    ]);
    expect(readRows(utf8(''), 'csv')).toEqual([]);
    expect(readRows(utf8('timestamp,value,device\n'))).toEqual([]);
  });

  it('reports the line of a bad row, counting lines inside quoted fields', () => {
    const error = (csv: string, shape: RowShape = RESULT_ROWS) => {
      try {
        readRows(utf8(csv), 'csv', shape);
      } catch (caught) {
        expect(caught).toBeInstanceOf(FormatError);
        return caught as FormatError;
      }
      throw new Error('expected the CSV to be refused');
    };
    expect(error('timestamp,value,device\n1,2,"multi\nline"\n1,x,d\n').message).toBe(
      "csv: line 4, column 'value': expected an int (a safe integer number), got string \"x\"",
    );
    expect(error('timestamp,value,device\n1,2,"multi\nline"\n1,x,d\n').line).toBe(4);
    expect(error('1,2\n').message).toBe('csv: line 1: expected 3 fields (timestamp,value,device), got 2');
    expect(error('1,2,d\n,2,d\n').message).toBe("csv: line 2, column 'timestamp': expected a float (number), got an empty field");
    expect(error('1,1.5,d\n').message).toContain("column 'value': expected an int");
    expect(error('1,9007199254740993,d\n').message).toContain("column 'value': expected an int");
    expect(error('0x10,1,d\n').message).toContain("column 'timestamp': expected a float");
    expect(error('1,2,"open\n').message).toBe('csv: line 1: a quoted field is never closed');
    expect(error('1,2,"a"b\n').message).toBe('csv: line 1: unexpected "b" after a closing quote');
    expect(error('1,2,a"b\n').message).toBe('csv: line 1: a quote inside an unquoted field (quote the field, double its quotes)');
    expect(error('1,abc\n', STREAM_ROWS).message).toBe("csv: line 1, column 'data_hex': expected bytes (Uint8Array), got string \"abc\"");
    expect(error('1,""\n', DECISION_ROWS).message).toContain("column 'value': expected an int (a safe integer number) or null, got an empty field");
  });

  it('refuses a file that is not UTF-8', () => {
    expect(() => readRows(new Uint8Array([0x31, 0x2c, 0xff]), 'csv')).toThrow('csv: not UTF-8 text');
  });
});

describe('NDJSON', () => {
  it('writes one array per line: bytes as hex, null for no decision', () => {
    expect(text(writeRows([[1.5, new Uint8Array([0, 171])]], 'ndjson', STREAM_ROWS))).toBe('[1.5,"00ab"]\n');
    expect(text(writeRows([[3, null]], 'ndjson', DECISION_ROWS))).toBe('[3,null]\n');
    expect(text(writeRows([[-0, 0, '\ud800"']], 'ndjson', RESULT_ROWS))).toBe('[-0,0,"\\ud800\\""]\n');
  });

  it('refuses NaN and Infinity, which JSON cannot hold, writing nothing of the row', () => {
    const chunks: Uint8Array[] = [];
    const writer = new NdjsonRowsWriter((chunk) => chunks.push(chunk), RESULT_ROWS);
    expect(() => writer.row([Number.NaN, 1, 'd'])).toThrow("ndjson: results row 0, column 'timestamp': JSON cannot hold NaN; use pickle or csv");
    writer.row([1, 1, 'd']);
    writer.finish();
    expect(text(Buffer.concat(chunks))).toBe('[1,1,"d"]\n');
  });

  it('reads a header line or none, CRLF and blank lines', () => {
    expect(readRows(utf8('["timestamp","value","device"]\r\n[1,2,"d"]\r\n\n[3,4,"e"]'))).toEqual([
      [1, 2, 'd'],
      [3, 4, 'e'],
    ]);
    expect(readRows(utf8('["window_start","value"]\n[1,null]\n'), 'ndjson', DECISION_ROWS)).toEqual([[1, null]]);
  });

  it('reports the line of a bad row', () => {
    expect(() => readRows(utf8('[1,2,"d"]\n\n[1,2,"d"\n'))).toThrow(/^ndjson: line 3: not JSON \(/);
    expect(() => readRows(utf8('[1,2,"d"]\n[1,2]\n'))).toThrow('ndjson: line 2: expected an array of 3 (timestamp, value, device), got array of 2');
    expect(() => readRows(utf8('[1,2.5,"d"]\n'))).toThrow("ndjson: line 1, column 'value': expected an int (a safe integer number), got number 2.5");
    expect(() => readRows(utf8('[1,"zz"]\n'), 'ndjson', STREAM_ROWS)).toThrow(
      "ndjson: line 1, column 'data_hex': expected bytes as a hex string, got string \"zz\"",
    );
    expect(() => readRows(utf8('[1,null]\n'), 'ndjson', STREAM_ROWS)).toThrow("column 'data_hex': expected bytes as a hex string, got null (None)");
  });
});

describe('streaming writers', () => {
  it('hand over the opening at once, whole rows as chunks fill, and the end on finish()', () => {
    const chunks: Uint8Array[] = [];
    const writer = new CsvRowsWriter((chunk) => chunks.push(chunk), RESULT_ROWS, { chunkBytes: 20 });
    expect(chunks.map(text)).toEqual(['timestamp,value,device\n']);
    writer.row([1, 1, 'AudioClassifier-129c0801']);
    expect(chunks.map(text)).toEqual(['timestamp,value,device\n', '1,1,AudioClassifier-129c0801\n']);
    writer.row([2, 1, 'x']);
    expect(chunks.length).toBe(2);
    writer.flush();
    expect(text(chunks[2] as Uint8Array)).toBe('2,1,x\n');
    writer.finish();
    writer.finish();
    expect(chunks.length).toBe(3);
    expect(writer.rowCount).toBe(2);
  });

  it('refuse a row that does not fit the shape, writing nothing of it', () => {
    const chunks: Uint8Array[] = [];
    const writer = new PickleRowsWriter((chunk) => chunks.push(chunk), RESULT_ROWS);
    writer.row([1.5, 1, 'a']);
    const bad: unknown[] = [
      [1.5, 1.5, 'a'],
      [1.5, 1],
      ['1.5', 1, 'a'],
      [1.5, null, 'a'],
      [1.5, 1, new Uint8Array(1)],
      [1.5, 2 ** 53, 'a'],
      [1.5, 1n, 'a'],
    ];
    for (const row of bad) expect(() => writer.row(row as ResultRow)).toThrow(FormatError);
    expect(() => writer.row([1.5, 1.5, 'a'])).toThrow(
      "pickle: results row 1, column 'value': expected an int (a safe integer number), got number 1.5",
    );
    writer.row([2.5, 2, 'b']);
    writer.finish();
    expect(() => writer.row([3.5, 3, 'c'])).toThrow('pickle: results row 2: written after finish()');
    expect(decodePickle(Buffer.concat(chunks))).toEqual([
      [1.5, 1, 'a'],
      [2.5, 2, 'b'],
    ]);
  });

  it('refuse a chunk size that is not positive', () => {
    expect(() => new PickleRowsWriter(() => {}, RESULT_ROWS, { chunkBytes: 0 })).toThrow('chunkBytes must be a positive number');
  });

  it('write 200k rows in each format quickly, and read them back', () => {
    const rows: ResultRow[] = Array.from({ length: 200_000 }, (_, i) => [
      (1582405387819107 + i * 37) / 1e6,
      i % 5,
      `AudioClassifier-${(i % 3).toString(16).padStart(8, '0')}`,
    ]);
    for (const format of FILE_FORMATS) {
      const started = performance.now();
      const bytes = streamed(format, RESULT_ROWS, rows);
      const written = performance.now();
      const read = readRows(bytes);
      const done = performance.now();
      expect(read.length).toBe(rows.length);
      expect(read[123_457]).toEqual(rows[123_457]);
      // Generous for a busy machine; what it catches is work growing faster than the rows.
      expect(written - started, `${format} write`).toBeLessThan(10_000);
      expect(done - written, `${format} read`).toBeLessThan(10_000);
    }
  }, 60_000);
});

describe('repairPickleRows', () => {
  it('keeps the complete rows of a file cut at any byte', () => {
    const rows: Row[] = [
      [1.5, 1, 'a'],
      [2.5, 2 ** 40, 'x'.repeat(300)],
      [3.5, -3, 'c'],
    ];
    const bytes = streamed('pickle', RESULT_ROWS, rows as ResultRow[]);
    const rowEnds = [3, 3 + 9 + 2 + 3 + 1, 3 + 9 + 2 + 3 + 1 + 9 + 8 + 305 + 1, bytes.length - 2];
    for (let length = 3; length <= bytes.length; length++) {
      const repaired = repairPickleRows(bytes.subarray(0, length));
      const complete = rowEnds.filter((end) => end <= length).length - 1;
      expect(repaired.rowCount, `cut at ${length}`).toBe(complete);
      expect(decodePickle(repaired.bytes)).toEqual(rows.slice(0, complete));
      expect(repaired.wasComplete).toBe(length === bytes.length);
      expect(repaired.droppedBytes).toBe(length === bytes.length ? 0 : length - (rowEnds[complete] as number));
    }
  });

  it('refuses what is not a PickleRowsWriter file', () => {
    expect(() => repairPickleRows(utf8('timestamp,value,device\n'))).toThrow(
      'pickle: not a rows file written by PickleRowsWriter: it does not start with PROTO 4, MARK',
    );
  });
});

describe('formats', () => {
  it('have an extension each, and sniff from the first bytes', () => {
    expect(FILE_FORMATS.map(extensionFor)).toEqual(['.pickle', '.csv', '.ndjson']);
    expect(isFileFormat('ndjson')).toBe(true);
    expect(isFileFormat('json')).toBe(false);
    expect(sniffFormat(new Uint8Array([0x80, 4]))).toBe('pickle');
    expect(sniffFormat(utf8('\uFEFF \n[1,2,"a"]'))).toBe('ndjson');
    expect(sniffFormat(utf8('timestamp,value,device\n'))).toBe('csv');
    expect(sniffFormat(new Uint8Array(0))).toBe('csv');
  });
});
