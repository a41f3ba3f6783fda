import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readRows, RESULT_ROWS, STREAM_ROWS, writeRows, type ResultRow } from '@mjl/formats';
import { JsonRowsWriter, RowsFile } from './row-files.js';

function jsonText(rows: ResultRow[], chunkEvery: number): string {
  const chunks: Uint8Array[] = [];
  const writer = new JsonRowsWriter((chunk) => chunks.push(chunk), RESULT_ROWS);
  rows.forEach((row, index) => {
    writer.row(row);
    if ((index + 1) % chunkEvery === 0) writer.flush();
  });
  writer.finish();
  return Buffer.concat(chunks).toString('utf8');
}

const resultRow = fc.tuple(
  fc.double({ min: 0, max: 4e9, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.string({ maxLength: 20 }),
) as fc.Arbitrary<ResultRow>;

describe('JsonRowsWriter', () => {
  it('writes one JSON array of row arrays, one row per line', () => {
    expect(jsonText([[1582405387.819107, 1, 'AudioClassifier-129c0801'], [1582405387.819125, 0, 'b']], 1)).toBe(
      '[\n[1582405387.819107,1,"AudioClassifier-129c0801"],\n[1582405387.819125,0,"b"]\n]\n',
    );
    expect(jsonText([], 1)).toBe('[]\n');
  });

  it('holds exactly the rows of the NDJSON file, however the chunks fall (line breaks in strings included)', () => {
    fc.assert(
      fc.property(fc.array(resultRow, { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), (rows, chunkEvery) => {
        const parsed = JSON.parse(jsonText(rows, chunkEvery)) as unknown[];
        const ndjson = readRows(writeRows(rows, 'ndjson', RESULT_ROWS), 'ndjson');
        expect(parsed).toEqual(ndjson.map((row) => [...row]));
      }),
    );
  });
});

describe('RowsFile', () => {
  it('creates the folders and leaves a complete pickle once finished', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mjl-cli-'));
    const path = join(folder, 'inspections', 'Device-00000001', 'abcdef01.pickle');
    const file = new RowsFile(path, 'pickle', STREAM_ROWS);
    file.row([1.5, Uint8Array.of(1, 2)]);
    file.row([2.5, Uint8Array.of()]);
    file.finish();
    file.finish();
    expect(file.rowCount).toBe(2);
    const rows = readRows(readFileSync(path), 'pickle', STREAM_ROWS).map(([seconds, data]) => [seconds, [...data]]);
    expect(rows).toEqual([
      [1.5, [1, 2]],
      [2.5, []],
    ]);
  });
});
