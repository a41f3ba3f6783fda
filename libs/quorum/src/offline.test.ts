import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator, microsToSeconds, secondsToMicros, type ResultRow } from './index.js';

describe('secondsToMicros', () => {
  it('is exact for Python time.time() timestamps until 2106', () => {
    expect(secondsToMicros(1582405387.819107)).toBe(1_582_405_387_819_107);
    expect(secondsToMicros(1582405387.819125)).toBe(1_582_405_387_819_125);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 * 1e6 - 1 }), (us) => {
        expect(secondsToMicros(microsToSeconds(us))).toBe(us);
      }),
    );
  });
});

/** Brute force: group by 3 ms window, each device's most frequent value (ties: latest), strict majority of voters. */
function referenceResults(rows: ResultRow[]): [number, number][] {
  const windows = new Map<number, Map<string, { counts: Map<number, number>; last: { us: number; value: number; i: number }[] }>>();
  rows.forEach(([seconds, value, device], i) => {
    const us = Math.round(seconds * 1e6);
    const start = Math.floor(us / 3000) * 3000;
    const devices = windows.get(start) ?? new Map();
    windows.set(start, devices);
    const entry = devices.get(device) ?? { counts: new Map(), last: [] };
    devices.set(device, entry);
    entry.counts.set(value, (entry.counts.get(value) ?? 0) + 1);
    entry.last.push({ us, value, i });
  });
  const out: [number, number][] = [];
  for (const start of [...windows.keys()].sort((a, b) => a - b)) {
    const votes = new Map<number, number>();
    const devices = windows.get(start)!;
    for (const { counts, last } of devices.values()) {
      const most = Math.max(...counts.values());
      const vote = last.sort((a, b) => b.us - a.us || b.i - a.i).find((r) => counts.get(r.value) === most)!.value;
      votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    for (const [value, count] of votes) if (count * 2 > devices.size) out.push([start / 1e6, value]);
  }
  return out;
}

describe('Aggregator (offline)', () => {
  const rows: ResultRow[] = [
    [1582405387.819107, 1, 'AudioClassifier-129c0801'],
    [1582405387.819125, 1, 'AudioClassifier-a369d1b3'],
    [1582405387.819301, 0, 'AudioClassifier-a2a3fb01'],
    [1582405387.822001, 2, 'AudioClassifier-129c0801'],
    [1582405387.822050, 0, 'AudioClassifier-a369d1b3'],
  ];

  it('gives (window start seconds, value) for decided windows only, in window order', () => {
    const aggregator = new Aggregator({ quorum: true, window: '3ms' });
    expect(aggregator.results(rows)).toEqual([[1582405387.818, 1]]);
    expect(aggregator.decisions(rows)).toMatchObject([
      { service: 'offline', windowStartUs: 1_582_405_387_818_000, decided: true, value: 1, voters: 3, closedBy: 'shutdown' },
      { windowStartUs: 1_582_405_387_821_000, decided: false, voters: 2 },
    ]);
  });

  it('matches a brute-force quorum for any rows in any order', () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom('d-1', 'd-2', 'd-3', 'd-4'));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), (generated) => {
        const rows: ResultRow[] = generated.map(([us, value, device]) => [(1_582_405_387_000_000 + us) / 1e6, value, device]);
        expect(new Aggregator({ quorum: true, window: '3ms' }).results(rows)).toEqual(referenceResults(rows));
      }),
    );
  });

  it('counts every device of the file in the live denominator, and honours minVoters', () => {
    const live = new Aggregator({ quorum: true, window: '3ms', denominator: 'live', service: 'AudioClassifier' });
    expect(live.decisions(rows)).toMatchObject([
      { service: 'AudioClassifier', decided: true, value: 1, denominator: 3 },
      { decided: false, denominator: 3 },
    ]);
    expect(new Aggregator({ quorum: true, window: '3ms', minVoters: 4 }).results(rows)).toEqual([]);
  });

  it('replays rows as a stream with allowedLateness and reports the late ones', () => {
    const late: ResultRow[] = [...rows, [1582405387.818500, 1, 'AudioClassifier-a2a3fb01']];
    const run = new Aggregator({ quorum: true, window: '3ms', allowedLateness: '1ms' }).run(late);
    expect(run.decisions.map((decision) => decision.closedBy)).toEqual(['watermark', 'shutdown']);
    expect(run.late).toEqual([{ service: 'offline', device: 'AudioClassifier-a2a3fb01', timestampsUs: [1_582_405_387_818_500], values: [1] }]);
    expect(run.stats).toMatchObject({ accepted: 5, late: 1 });
    expect(new Aggregator({ quorum: true, window: '3ms', allowedLateness: '0ms' }).run(rows).stats.late).toBe(0);
  });

  it('names the row and field that cannot be read', () => {
    const aggregator = new Aggregator({ quorum: true, window: '3ms' });
    expect(() => aggregator.results([[Number.NaN, 1, 'd']])).toThrow(/row 0: timestamp must be seconds/);
    expect(() => aggregator.results([[1, 1, 'd'], [2, 1, '']])).toThrow(/row 1: device must be a non-empty name/);
    expect(() => new Aggregator({ quorum: true, window: '3 ms' })).toThrow(/invalid duration "3 ms"/);
    expect(() => new Aggregator({ quorum: false as true, window: '3ms' })).toThrow(/only quorum aggregation/);
  });
});
