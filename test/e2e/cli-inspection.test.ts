import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, mjl, Stack } from '../src/harness.js';

/** Loads a results pickle in CPython: a tuple of (float, int, str) tuples in time order; returns its rows. */
function pythonResultRows(path: string): [number, number, string][] {
  const code = `
import json, pickle, sys
rows = pickle.load(open(sys.argv[1], "rb"))
assert type(rows) is tuple, type(rows)
for row in rows:
    assert type(row) is tuple and len(row) == 3, row
    assert type(row[0]) is float and type(row[1]) is int and type(row[2]) is str, row
assert all(a[0] <= b[0] for a, b in zip(rows, rows[1:])), "not in time order"
print(json.dumps(rows))
`;
  return JSON.parse(execFileSync('python3', ['-c', code, path], { encoding: 'utf8', maxBuffer: 64 << 20 })) as [number, number, string][];
}

/** Loads a decisions pickle in CPython: a tuple of (float, int) tuples in window order. */
function pythonDecisionRows(path: string): [number, number][] {
  const code = `
import json, pickle, sys
rows = pickle.load(open(sys.argv[1], "rb"))
assert type(rows) is tuple, type(rows)
for row in rows:
    assert type(row) is tuple and len(row) == 2 and type(row[0]) is float and type(row[1]) is int, row
assert all(a[0] < b[0] for a, b in zip(rows, rows[1:])), "not in window order"
print(json.dumps(rows))
`;
  return JSON.parse(execFileSync('python3', ['-c', code, path], { encoding: 'utf8', maxBuffer: 64 << 20 })) as [number, number][];
}

describe('mjl inspection and mjl aggregate against a real broker and gateways', () => {
  const stack = new Stack();
  let env: Record<string, string>;
  const out = mkdtempSync(join(tmpdir(), 'mjl-inspection-'));
  let resultsFile = '';

  beforeAll(async () => {
    await stack.startBroker(['--persistence', 'memory']);
    env = { MJL_BROKER: stack.brokerUrl };
    const args = ['--simulate', 'AudioClassifier:3:0.9', '--rate', '100', '--seed', '5'];
    await stack.startGateway('kitchen', 'pi-1', args);
    await stack.startGateway('garage', 'pi-2', args);
    await eventually(async () => ((await mjl(['devices', '-o', 'name'], env)).stdout.trim().split('\n').length === 8 ? true : undefined), 10_000);
  }, 30_000);

  afterAll(() => stack.stopAll());

  it('writes the results of every device of the service, across sites, in time order, with their quorum', async () => {
    const run = await mjl(['inspection', '--service', 'AudioClassifier', '--duration', '3s', '--quorum', '--window', '3ms', '--out', out], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, writing, writingQuorum, wrote, summary] = run.stdout.split('\n');
    expect(header).toBe('AudioClassifier service aggregating results across 6 devices.');
    const id = /^Writing to (.*)\/inspections\/AudioClassifier\/out-([0-9a-f]{8})\.pickle$/.exec(writing ?? '')?.[2];
    expect(id).toBeDefined();
    expect(writingQuorum).toBe(`Writing quorum decisions to ${out}/inspections/AudioClassifier/quorum-${id}.pickle`);
    expect(wrote).toMatch(/^Wrote [\d,]+ results from 6 devices to /);
    expect(summary).toMatch(/^Quorum over 3ms windows: [\d,]+ windows, \d+ decided, \d+ undecided, \d+ late results?; wrote [\d,]+ decisions to /);

    resultsFile = join(out, 'inspections', 'AudioClassifier', `out-${id}.pickle`);
    const rows = pythonResultRows(resultsFile);
    // 3 s at 100 results per second from 6 devices
    expect(rows.length).toBeGreaterThan(1200);
    expect(new Set(rows.map((row) => row[2])).size).toBe(6);
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set([0, 1]));
    const decisions = pythonDecisionRows(join(out, 'inspections', 'AudioClassifier', `quorum-${id}.pickle`));
    // one sound per 10 ms, each decided by 6 voters: nearly every window with votes is decided
    expect(decisions.length).toBeGreaterThan(200);
    for (const [windowStart] of decisions) expect(Math.round(windowStart * 1e6) % 3000).toBe(0);
  });

  it('decides the same windows offline from the file (mjl aggregate)', async () => {
    const table = await mjl(['aggregate', resultsFile, '--quorum', '--window', '3ms'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^WINDOW START\s+TIME\s+VALUE$/);
    const json = await mjl(['aggregate', resultsFile, '--quorum', '--window', '3ms', '-o', 'json'], env);
    const pairs = JSON.parse(json.stdout) as [number, number][];
    expect(pairs.length).toBe(table.stdout.trim().split('\n').length - 1);
    expect(pairs.length).toBeGreaterThan(200);
    const csv = await mjl(['aggregate', resultsFile, '--quorum', '--window', '3ms', '-o', 'csv'], env);
    expect(csv.stdout.trim().split('\n')).toEqual(['window_start,value', ...pairs.map(([start, value]) => `${start},${value}`)]);
    const pickleOut = join(out, 'decisions.pickle');
    const pickled = await mjl(['aggregate', resultsFile, '--quorum', '--window', '3ms', '-o', 'pickle', '--out', pickleOut], env);
    expect(pickled.code).toBe(0);
    expect(pythonDecisionRows(pickleOut)).toEqual(pairs);
    const strict = await mjl(['aggregate', resultsFile, '--quorum', '--window', '3ms', '--min-voters', '7', '-o', 'json'], env);
    expect(JSON.parse(strict.stdout)).toEqual([]);
  });

  it('writes CSV, NDJSON and JSON results with the same columns', async () => {
    for (const format of ['csv', 'ndjson', 'json'] as const) {
      const run = await mjl(['inspection', '--service', 'AudioClassifier', '--duration', '1s', '--format', format, '--out', out], env);
      expect(run.code, run.stderr).toBe(0);
      const path = /^Writing to (.*)$/m.exec(run.stdout)?.[1] ?? '';
      expect(path.endsWith(`.${format}`)).toBe(true);
      const text = readFileSync(path, 'utf8');
      const rows: unknown[][] =
        format === 'json'
          ? (JSON.parse(text) as unknown[][])
          : format === 'ndjson'
            ? text.trim().split('\n').map((line) => JSON.parse(line) as unknown[])
            : text.trim().split('\n').slice(1).map((line) => line.split(','));
      if (format === 'csv') expect(text.split('\n')[0]).toBe('timestamp,value,device');
      expect(rows.length).toBeGreaterThan(300);
      for (const row of rows) {
        expect(row).toHaveLength(3);
        expect(String(row[2])).toMatch(/^AudioClassifier-[0-9a-f]{8}$/);
      }
      const times = rows.map((row) => Number(row[0]));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      // aggregate reads what inspection writes, in every format
      const again = await mjl(['aggregate', path, '--quorum', '--window', '3ms', '-o', 'json'], env);
      expect(again.code, again.stderr).toBe(0);
    }
  });

  it('names the closest services when the service is unknown', async () => {
    const run = await mjl(['inspection', '--service', 'AudioClassifer'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('mjl: no service named AudioClassifer. Did you mean: AudioClassifier? (`mjl services` lists them)\n');
  });

  it('explains a missing or malformed file with its line or byte offset (exit 1)', async () => {
    const missing = await mjl(['aggregate', join(out, 'nope.pickle'), '--quorum', '--window', '3ms']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`mjl: cannot read ${join(out, 'nope.pickle')}: no such file\n`);
    const csv = join(out, 'bad.csv');
    writeFileSync(csv, 'timestamp,value,device\n1.5,1,a\n2.5,one,b\n');
    const badCsv = await mjl(['aggregate', csv, '--quorum', '--window', '3ms']);
    expect(badCsv.code).toBe(1);
    expect(badCsv.stderr).toMatch(/bad\.csv: csv: line 3, column 'value': expected an int/);
    const cut = join(out, 'cut.pickle');
    writeFileSync(cut, readFileSync(resultsFile).subarray(0, 1000));
    const badPickle = await mjl(['aggregate', cut, '--quorum', '--window', '3ms']);
    expect(badPickle.code).toBe(1);
    expect(badPickle.stderr).toMatch(/cut\.pickle: pickle: .*at byte \d+.*truncated/);
    const noQuorum = await mjl(['aggregate', resultsFile, '--window', '3ms']);
    expect(noQuorum.code).toBe(1);
    expect(noQuorum.stderr).toMatch(/pass --quorum/);
  });
});
