import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISION_ROWS, readRows, RESULT_ROWS, writeRows, type ResultRow } from '@mjl/formats';
import { encodeDecisions, readResultRows, renderDecisionTable } from './commands/aggregate.js';
import { CliError } from './context.js';

const folder = mkdtempSync(join(tmpdir(), 'mjl-aggregate-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
};
const rows: ResultRow[] = [
  [1582405387.819107, 1, 'AudioClassifier-129c0801'],
  [1582405387.819125, 1, 'AudioClassifier-a369d1b3'],
];

describe('readResultRows', () => {
  it('reads pickle, CSV, NDJSON and JSON arrays, by extension or by content', () => {
    for (const format of ['pickle', 'csv', 'ndjson'] as const) {
      expect(readResultRows(file(`rows.${format}`, writeRows(rows, format, RESULT_ROWS)))).toEqual(rows);
      expect(readResultRows(file(`rows-${format}.data`, writeRows(rows, format, RESULT_ROWS)))).toEqual(rows);
    }
    expect(readResultRows(file('rows.json', JSON.stringify(rows)))).toEqual(rows);
  });

  it('names the file and the line, row or byte offset of what is wrong', () => {
    const fails = (path: string) => {
      try {
        readResultRows(path);
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        return (error as Error).message;
      }
      throw new Error(`${path} was read`);
    };
    expect(fails(join(folder, 'missing.pickle'))).toBe(`cannot read ${join(folder, 'missing.pickle')}: no such file`);
    expect(fails(file('bad.csv', 'timestamp,value,device\n1.5,1,a\n2.5,x,b\n'))).toMatch(/bad\.csv: csv: line 3, column 'value': expected an int/);
    expect(fails(file('bad.ndjson', '[1.5,1,"a"]\n[1.5,1]\n'))).toMatch(/bad\.ndjson: ndjson: line 2: expected an array of 3/);
    expect(fails(file('bad.json', '[[1.5,1,"a"],[2.5,"x","b"]]'))).toMatch(/bad\.json: json: row 1, column 'value'/);
    expect(fails(file('bad2.json', '{"rows": 1}'))).toMatch(/expected an array of rows/);
    const pickle = writeRows(rows, 'pickle', RESULT_ROWS);
    expect(fails(file('cut.pickle', pickle.subarray(0, pickle.length - 10)))).toMatch(/cut\.pickle: pickle: .* at byte \d+.*truncated/);
  });
});

describe('aggregate output', () => {
  it('prints a table of window starts, their time, and values', () => {
    expect(renderDecisionTable([[1582405387.818, 1], [1582405387.821, null]])).toBe(
      'WINDOW START        TIME                          VALUE\n' +
        '1582405387.818000   2020-02-22T21:03:07.818000Z   1\n' +
        '1582405387.821000   2020-02-22T21:03:07.821000Z   <none>\n',
    );
    expect(renderDecisionTable([])).toBe('No decisions.\n');
  });

  it('writes the same rows as JSON, NDJSON, CSV and pickle', () => {
    const decisions: [number, number | null][] = [[1582405387.818, 1], [1582405387.821, null]];
    expect(JSON.parse(Buffer.from(encodeDecisions(decisions, 'json')).toString())).toEqual(decisions);
    for (const format of ['ndjson', 'csv', 'pickle'] as const) {
      expect(readRows(encodeDecisions(decisions, format), format, DECISION_ROWS)).toEqual(decisions);
    }
  });
});
