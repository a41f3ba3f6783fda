import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuorumEngine, windowStartOf, type Decision, type Denominator, type LateBatch, type QuorumOptions } from './index.js';

const W = 10;
const T0 = 1_700_000_000_000_000;
const FAR = 1_000_000_000;

/** A result as the reference sees it; arrival order is the order of the array it is in. */
interface Row {
  service: string;
  device: string;
  gateway: string;
  timestampUs: number;
  value: number;
}

type Expected = Omit<Decision, 'windowUs' | 'closedBy'>;

/** Brute force: one window's rows in arrival order → its decision. */
function referenceWindow(rows: Row[], live: number, minVoters: number, denominator: Denominator): Expected {
  const byDevice = new Map<string, { row: Row; arrival: number }[]>();
  rows.forEach((row, arrival) => {
    const list = byDevice.get(row.device) ?? [];
    list.push({ row, arrival });
    byDevice.set(row.device, list);
  });
  const tally = new Map<number, number>();
  for (const results of byDevice.values()) {
    const counts = new Map<number, number>();
    for (const { row } of results) counts.set(row.value, (counts.get(row.value) ?? 0) + 1);
    const most = Math.max(...counts.values());
    const latestFirst = [...results].sort((a, b) => b.row.timestampUs - a.row.timestampUs || b.arrival - a.arrival);
    const vote = latestFirst.find(({ row }) => counts.get(row.value) === most)!.row.value;
    tally.set(vote, (tally.get(vote) ?? 0) + 1);
  }
  const voters = byDevice.size;
  const [topValue, topVotes] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const denominatorCount = denominator === 'live' ? Math.max(voters, live) : voters;
  const decided = voters >= minVoters && topVotes > denominatorCount / 2;
  const first = rows[0]!;
  return {
    service: first.service,
    windowStartUs: windowStartOf(first.timestampUs, W),
    decided,
    value: decided ? topValue : 0,
    voters,
    votesForValue: topVotes,
    denominator: denominatorCount,
  };
}

/** Brute force over all rows: group by (service, window), decide each, in (window, service) order. */
function reference(rows: Row[], options: { minVoters?: number; denominator?: Denominator; live?: number } = {}): Expected[] {
  const windows = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${windowStartOf(row.timestampUs, W)}|${row.service}`;
    windows.set(key, [...(windows.get(key) ?? []), row]);
  }
  return [...windows.values()]
    .map((windowRows) => referenceWindow(windowRows, options.live ?? 0, options.minVoters ?? 1, options.denominator ?? 'voters'))
    .sort(byWindowThenService);
}

function byWindowThenService(a: Expected, b: Expected): number {
  return a.windowStartUs - b.windowStartUs || a.service.localeCompare(b.service);
}

function strip(decisions: Decision[]): Expected[] {
  return decisions.map(({ windowUs, closedBy, ...rest }) => {
    expect(windowUs).toBe(W);
    expect(closedBy).toBeDefined();
    return rest;
  });
}

const DEVICES = ['a', 'b', 'c', 'd', 'e'] as const;
const serviceOf = (device: string): string => (device === 'e' ? 's2' : 's1');
const gatewayOf = (device: string): string => ({ a: 'g0', b: 'g0', c: 'g1', d: 'g1', e: 'g2' })[device] ?? 'g0';

const resultArb = fc.record({
  device: fc.constantFrom(...DEVICES),
  offset: fc.integer({ min: 0, max: 120 }),
  value: fc.integer({ min: 0, max: 2 }),
});

function toRow(result: { device: string; offset: number; value: number }): Row {
  return { service: serviceOf(result.device), device: result.device, gateway: gatewayOf(result.device), timestampUs: T0 + result.offset, value: result.value };
}

/** One result per device and timestamp, so that no decision depends on arrival order. */
function distinctTimestamps<T extends { device: string; offset: number }>(results: T[]): T[] {
  const seen = new Set<string>();
  return results.filter((result) => {
    const key = `${result.device}@${result.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function feed(engine: QuorumEngine, rows: Row[], closeAfterEach = true): { decisions: Decision[]; admissions: string[] } {
  const decisions: Decision[] = [];
  const admissions = rows.map((row) => {
    const admission = engine.add(row);
    if (closeAfterEach) decisions.push(...engine.closeReady());
    return admission;
  });
  decisions.push(...engine.closeAll());
  return { decisions, admissions };
}

describe('QuorumEngine against a brute-force reference', () => {
  it('gives the reference decisions for any arrival order that stays within the allowed lateness', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ result: resultArb, delay: fc.nat({ max: 1000 }) }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 40 }),
        (generated, latenessUs) => {
          const results = distinctTimestamps(generated.map(({ result, delay }) => ({ ...result, delay: delay % (latenessUs + 1) })));
          const inOrder = results.map(toRow);
          const arrival = results
            .map((result, i) => ({ row: inOrder[i]!, arrivesAt: result.offset + result.delay, i }))
            .sort((a, b) => a.arrivesAt - b.arrivesAt || a.i - b.i)
            .map(({ row }) => row);
          const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: latenessUs });
          const { decisions, admissions } = feed(engine, arrival);
          expect(admissions.every((admission) => admission === 'accepted')).toBe(true);
          expect(strip(decisions)).toEqual(reference(inOrder));
          expect(engine.stats()).toMatchObject({ accepted: results.length, late: 0, windowsOpen: 0 });
        },
      ),
    );
  });

  it('gives the same decisions for any permutation when lateness covers the whole input', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(resultArb, fc.nat()), { maxLength: 60 }), (generated) => {
        const rows = distinctTimestamps(generated.map(([result, key]) => ({ ...result, key }))).map((result) => ({ ...toRow(result), key: result.key }));
        const shuffled = [...rows].sort((a, b) => a.key - b.key).map(({ key, ...row }) => row);
        const { decisions } = feed(new QuorumEngine({ windowUs: W, allowedLatenessUs: FAR }), shuffled);
        expect(strip(decisions)).toEqual(reference(rows.map(({ key, ...row }) => row)));
      }),
    );
  });

  it('counts a redelivered result once, also after its window closed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ result: resultArb, session: fc.constantFrom(1, 2), key: fc.nat() }), { maxLength: 50 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        fc.constantFrom(5, 2 ** 40),
        (generated, redeliveries, firstSeq) => {
          const originals = generated.map(({ result, session, key }, i) => ({ ...toRow(result), session, seq: firstSeq + i, key }));
          const arrival = [...originals].sort((a, b) => a.key - b.key);
          for (const [which, where] of redeliveries) {
            if (originals.length === 0) break;
            arrival.splice(where % (arrival.length + 1), 0, originals[which % originals.length]!);
          }
          const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: FAR });
          const { decisions, admissions } = feed(engine, arrival);
          const expectedAdmissions = arrival.map((row, i) => (arrival.indexOf(row) === i ? 'accepted' : 'duplicate'));
          expect(admissions).toEqual(expectedAdmissions);
          const firstArrivals = arrival.filter((row, i) => arrival.indexOf(row) === i);
          expect(strip(decisions)).toEqual(reference(firstArrivals));
          expect(engine.stats()).toMatchObject({ duplicates: arrival.length - originals.length, late: 0 });

          const redelivered = arrival.map((row) => engine.add(row));
          expect(redelivered.every((admission) => admission === 'duplicate')).toBe(true);
          expect(engine.takeLate()).toEqual([]);
        },
      ),
    );
  });

  it('reports late results exactly once, never decides a window twice, and releases the watermark when gateways die', () => {
    const event = fc.oneof(
      { weight: 8, arbitrary: resultArb.map((result) => ({ kind: 'result' as const, ...result })) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('offline' as const), gateway: fc.constantFrom('g0', 'g1', 'g2') }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('online' as const), gateway: fc.constantFrom('g0', 'g1', 'g2') }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), gateway: fc.constantFrom('g0', 'g1', 'g2'), offset: fc.integer({ min: 0, max: 140 }) }) },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(event, fc.boolean()), { maxLength: 80 }), fc.integer({ min: 0, max: 25 }), (events, latenessUs) => {
        const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: latenessUs });
        const gateways = new Map<string, { offline: boolean; newestUs: number }>();
        const gatewayState = (name: string) => gateways.get(name) ?? gateways.set(name, { offline: false, newestUs: -Infinity }).get(name)!;
        let applied = -Infinity;
        const open = new Map<string, Row[]>();
        const accepted: Row[] = [];
        const late: Row[] = [];
        const decisions: Decision[] = [];

        const modelCloseReady = (): Expected[] => {
          const holders = [...gateways.values()].filter((g) => !g.offline && g.newestUs > -Infinity);
          const newest = Math.max(...[...gateways.values()].map((g) => g.newestUs));
          const watermark = holders.length > 0
            ? Math.min(...holders.map((g) => g.newestUs)) - latenessUs
            : newest > -Infinity ? windowStartOf(newest, W) + W : -Infinity;
          const boundary = watermark === -Infinity ? -Infinity : windowStartOf(watermark, W);
          if (boundary <= applied) return [];
          applied = boundary;
          const closing = [...open.entries()].filter(([, rows]) => windowStartOf(rows[0]!.timestampUs, W) < boundary);
          for (const [key] of closing) open.delete(key);
          return closing.map(([, rows]) => referenceWindow(rows, 0, 1, 'voters')).sort(byWindowThenService);
        };

        for (const [step, close] of events) {
          if (step.kind === 'result') {
            const row = toRow(step);
            const gateway = gatewayState(row.gateway);
            gateway.newestUs = Math.max(gateway.newestUs, row.timestampUs);
            const isLate = windowStartOf(row.timestampUs, W) < applied;
            expect(engine.add(row)).toBe(isLate ? 'late' : 'accepted');
            if (isLate) late.push(row);
            else {
              accepted.push(row);
              const key = `${windowStartOf(row.timestampUs, W)}|${row.service}`;
              open.set(key, [...(open.get(key) ?? []), row]);
            }
          } else if (step.kind === 'clock') {
            const gateway = gatewayState(step.gateway);
            gateway.newestUs = Math.max(gateway.newestUs, T0 + step.offset);
            engine.gatewayClock(step.gateway, T0 + step.offset);
          } else {
            gatewayState(step.gateway).offline = step.kind === 'offline';
            if (step.kind === 'offline') engine.gatewayOffline(step.gateway);
            else engine.gatewayOnline(step.gateway);
          }
          if (close) {
            const closed = engine.closeReady();
            expect(closed.every((decision) => decision.closedBy === 'watermark')).toBe(true);
            expect(strip(closed)).toEqual(modelCloseReady());
            decisions.push(...closed);
          }
        }
        decisions.push(...engine.closeAll());

        const keys = decisions.map((decision) => `${decision.windowStartUs}|${decision.service}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(strip(decisions)).toEqual(reference(accepted));
        const reported = engine.takeLate();
        expect(reported).toEqual(groupLate(late));
        expect(engine.takeLate()).toEqual([]);
        expect(engine.stats()).toMatchObject({ accepted: accepted.length, late: late.length, windowsOpen: 0 });
        for (const row of [...accepted, ...late]) expect(engine.add(row)).toBe('late');
      }),
    );
  });

  it('closes a window early exactly when every live device has voted, with minVoters and either denominator', () => {
    const devices = ['a', 'b', 'c', 'd'] as const;
    const event = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('result' as const), device: fc.constantFrom(...devices), offset: fc.integer({ min: 0, max: 60 }), value: fc.integer({ min: 0, max: 2 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('online' as const), device: fc.constantFrom(...devices) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('offline' as const), device: fc.constantFrom(...devices) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('gateway-offline' as const), gateway: fc.constantFrom('g0', 'g1') }) },
    );
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 80 }),
        fc.constantFrom<Denominator>('voters', 'live'),
        fc.integer({ min: 1, max: 4 }),
        (events, denominator, minVoters) => {
          const gatewayOfDevice = (device: string) => (device === 'a' || device === 'b' ? 'g0' : 'g1');
          const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: FAR, denominator, minVoters });
          engine.gatewayClock('steady', T0);
          const live = new Set<string>();
          const open = new Map<number, Row[]>();
          const closed = new Set<number>();
          const expectEarlyCloses = () => {
            const expected: Expected[] = [];
            for (const [start, rows] of [...open.entries()].sort((x, y) => x[0] - y[0])) {
              const voters = new Set(rows.map((row) => row.device));
              if (live.size > 0 && [...live].every((device) => voters.has(device))) {
                expected.push(referenceWindow(rows, live.size, minVoters, denominator));
                open.delete(start);
                closed.add(start);
              }
            }
            const got = engine.closeReady();
            expect(got.every((decision) => decision.closedBy === 'all-voted')).toBe(true);
            expect(strip(got)).toEqual(expected);
          };
          for (const step of events) {
            if (step.kind === 'result') {
              const row: Row = { service: 's1', device: step.device, gateway: gatewayOfDevice(step.device), timestampUs: T0 + step.offset, value: step.value };
              const start = windowStartOf(row.timestampUs, W);
              expect(engine.add(row)).toBe(closed.has(start) ? 'late' : 'accepted');
              if (!closed.has(start)) open.set(start, [...(open.get(start) ?? []), row]);
            } else if (step.kind === 'online') {
              live.add(step.device);
              engine.deviceOnline('s1', step.device, gatewayOfDevice(step.device));
            } else if (step.kind === 'offline') {
              live.delete(step.device);
              engine.deviceOffline(step.device);
            } else {
              for (const device of devices) if (gatewayOfDevice(device) === step.gateway) live.delete(device);
              engine.gatewayOffline(step.gateway);
            }
            expectEarlyCloses();
          }
          const rest = [...open.values()].map((rows) => referenceWindow(rows, live.size, minVoters, denominator));
          const atShutdown = engine.closeAll();
          expect(atShutdown.every((decision) => decision.closedBy === 'shutdown')).toBe(true);
          expect(strip(atShutdown)).toEqual(rest.sort(byWindowThenService));
        },
      ),
    );
  });
});

function groupLate(rows: Row[]): LateBatch[] {
  const batches = new Map<string, LateBatch>();
  for (const row of rows) {
    const key = `${row.service}|${row.device}`;
    const batch = batches.get(key) ?? { service: row.service, device: row.device, timestampsUs: [], values: [] };
    batch.timestampsUs.push(row.timestampUs);
    batch.values.push(row.value);
    batches.set(key, batch);
  }
  return [...batches.values()];
}

describe('QuorumEngine', () => {
  const result = (device: string, offset: number, value: number, extra: { gateway?: string; service?: string } = {}) => ({
    service: extra.service ?? 's1',
    device,
    gateway: extra.gateway ?? 'g0',
    timestampUs: T0 + offset,
    value,
  });

  it('gives each device one vote: its most frequent value, ties going to its latest result', () => {
    const engine = new QuorumEngine({ windowUs: W });
    engine.add(result('a', 1, 7));
    engine.add(result('a', 2, 7));
    engine.add(result('a', 3, 8));
    engine.add(result('b', 5, 8));
    engine.add(result('b', 4, 9));
    engine.add(result('c', 6, 9));
    engine.add(result('c', 6, 8));
    const [decision] = engine.closeAll();
    expect(decision).toEqual({
      service: 's1', windowStartUs: T0, windowUs: W, decided: true, value: 8, voters: 3, votesForValue: 2, denominator: 3, closedBy: 'shutdown',
    });
  });

  it('breaks a tie between values by their latest result, equal timestamps by the order added', () => {
    for (const [leads, first, second] of [[[], 7, 8], [[9], 8, 7]] as const) {
      const engine = new QuorumEngine({ windowUs: W });
      for (const lead of leads) engine.add(result('a', 1, lead));
      engine.add(result('a', 5, first));
      engine.add(result('a', 5, second));
      engine.add(result('a', 3, second));
      engine.add(result('a', 5, first));
      expect(engine.closeAll()).toMatchObject([{ decided: true, value: first, votesForValue: 1 }]);
      expect(engine.stats().accepted).toBe(4 + leads.length);
    }
  });

  it('reports a window without a majority as undecided, with the best count it reached', () => {
    const engine = new QuorumEngine({ windowUs: W });
    engine.add(result('a', 1, 1));
    engine.add(result('b', 1, 2));
    expect(engine.closeAll()).toMatchObject([{ decided: false, value: 0, voters: 2, votesForValue: 1, denominator: 2 }]);
    expect(engine.stats()).toMatchObject({ decided: 0, undecided: 1 });
  });

  it('waits for the slowest live gateway, and stops waiting for it when it dies', () => {
    const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: 5 });
    engine.gatewayOnline('g0');
    engine.gatewayOnline('g1');
    engine.add(result('a', 1, 1, { gateway: 'g0' }));
    engine.add(result('c', 2, 1, { gateway: 'g1' }));
    engine.add(result('a', 50, 1, { gateway: 'g0' }));
    expect(engine.closeReady()).toEqual([]);
    expect(engine.watermarkUs()).toBe(T0 + 2 - 5);
    engine.gatewayOffline('g1');
    expect(engine.closeReady()).toMatchObject([{ windowStartUs: T0, voters: 2, closedBy: 'watermark' }]);
    expect(engine.watermarkUs()).toBe(T0 + 45);
    expect(engine.add(result('c', 3, 1, { gateway: 'g1' }))).toBe('late');
    expect(engine.stats().windowsOpen).toBe(1);
  });

  it('lowers the watermark as soon as a slower gateway sends its first result', () => {
    const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: 5 });
    engine.add(result('a', 50, 1, { gateway: 'g0' }));
    expect(engine.watermarkUs()).toBe(T0 + 45);
    engine.add(result('c', 60, 1, { gateway: 'g1' }));
    expect(engine.watermarkUs()).toBe(T0 + 45);
    engine.add(result('d', 48, 1, { gateway: 'g2' }));
    expect(engine.watermarkUs()).toBe(T0 + 43);
    engine.gatewayClock('g2', T0 + 70);
    expect(engine.watermarkUs()).toBe(T0 + 45);
  });

  it('lets a live gateway that never sent anything hold nothing back, and closes everything when all gateways are dead', () => {
    const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: 100 });
    engine.gatewayOnline('quiet');
    engine.add(result('a', 1, 1, { gateway: 'g0' }));
    engine.add(result('a', 11, 1, { gateway: 'g0' }));
    expect(engine.watermarkUs()).toBe(T0 + 11 - 100);
    expect(engine.closeReady()).toEqual([]);
    engine.gatewayOffline('g0');
    expect(engine.closeReady().map((decision) => decision.windowStartUs)).toEqual([T0, T0 + 10]);
    expect(engine.watermarkUs()).toBe(T0 + 20);
  });

  it('makes the devices of a dead gateway no longer live, which can complete a window', () => {
    const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: FAR, denominator: 'live' });
    engine.deviceOnline('s1', 'a', 'g0');
    engine.deviceOnline('s1', 'b', 'g0');
    engine.deviceOnline('s1', 'c', 'g1');
    engine.add(result('a', 1, 4));
    engine.add(result('b', 2, 4));
    expect(engine.closeReady()).toEqual([]);
    engine.gatewayOffline('g1');
    expect(engine.closeReady()).toMatchObject([{ decided: true, value: 4, denominator: 2, closedBy: 'all-voted' }]);
    expect(engine.add(result('c', 3, 4, { gateway: 'g1' }))).toBe('late');
  });

  it('counts every live device of the service in the live denominator', () => {
    const engine = new QuorumEngine({ windowUs: W, denominator: 'live', earlyClose: false });
    for (const device of ['a', 'b', 'c', 'd', 'e']) engine.deviceOnline('s1', device, 'g0');
    engine.add(result('a', 1, 3));
    engine.add(result('b', 1, 3));
    engine.add(result('c', 1, 3));
    engine.add(result('a', 11, 3));
    engine.add(result('b', 11, 3));
    expect(engine.closeAll()).toMatchObject([
      { windowStartUs: T0, decided: true, value: 3, voters: 3, denominator: 5 },
      { windowStartUs: T0 + 10, decided: false, value: 0, voters: 2, votesForValue: 2, denominator: 5 },
    ]);
  });

  it('needs minVoters voters to decide', () => {
    const engine = new QuorumEngine({ windowUs: W, minVoters: 3 });
    engine.add(result('a', 1, 3));
    engine.add(result('b', 1, 3));
    expect(engine.closeAll()).toMatchObject([{ decided: false, voters: 2, votesForValue: 2 }]);
  });

  it('orders decisions of one closeReady by window start, then service', () => {
    const engine = new QuorumEngine({ windowUs: W });
    engine.add(result('x', 12, 1, { service: 'zeta' }));
    engine.add(result('y', 3, 1, { service: 'zeta' }));
    engine.add(result('z', 5, 1, { service: 'alpha' }));
    engine.add(result('y', 40, 1, { service: 'zeta' }));
    expect(engine.closeReady().map((decision) => [decision.windowStartUs - T0, decision.service])).toEqual([
      [0, 'alpha'],
      [0, 'zeta'],
      [10, 'zeta'],
    ]);
  });

  it('takes results in batches like single results, with seq = firstSeq + index', () => {
    const engine = new QuorumEngine({ windowUs: W });
    const batch = { service: 's1', device: 'a', session: 3, firstSeq: 100, timestampsUs: [T0 + 1, T0 + 2, T0 + 25], values: [1, 1, 2] };
    expect(engine.addBatch('g0', batch)).toEqual({ accepted: 3, duplicates: 0, late: 0 });
    expect(engine.closeReady()).toHaveLength(1);
    expect(engine.addBatch('g0', batch)).toEqual({ accepted: 0, duplicates: 3, late: 0 });
    expect(engine.addBatch('g0', { ...batch, firstSeq: 103 })).toEqual({ accepted: 1, duplicates: 0, late: 2 });
    expect(engine.takeLate()).toEqual([{ service: 's1', device: 'a', timestampsUs: [T0 + 1, T0 + 2], values: [1, 1] }]);
    expect(() => engine.addBatch('g0', { ...batch, values: [1] })).toThrow(/3 timestamps but 1 values/);
  });

  it('counts devices with a sequence gap until the missing results arrive', () => {
    const engine = new QuorumEngine({ windowUs: W });
    const batch = (device: string, session: number, firstSeq: number, count: number) => ({
      service: 's1',
      device,
      session,
      firstSeq,
      timestampsUs: Array.from({ length: count }, (_, i) => T0 + (firstSeq + i) * W),
      values: Array.from({ length: count }, () => 1),
    });
    engine.addBatch('g0', batch('a', 1, 0, 5));
    engine.addBatch('g0', batch('b', 1, 0, 5));
    expect(engine.devicesWithSequenceGaps()).toBe(0);
    // Live results of a overtake the ones still queued: a gap until 5…9 arrive.
    engine.addBatch('g0', batch('a', 1, 10, 2));
    expect(engine.devicesWithSequenceGaps()).toBe(1);
    engine.addBatch('g0', batch('a', 1, 5, 3));
    expect(engine.devicesWithSequenceGaps()).toBe(1);
    engine.addBatch('g0', batch('a', 1, 8, 2));
    expect(engine.devicesWithSequenceGaps()).toBe(0);
    // A second session of b (a restarted gateway) with a gap of its own; the first session has none.
    engine.addBatch('g0', batch('b', 2, 0, 1));
    engine.addBatch('g0', batch('b', 2, 3, 1));
    expect(engine.devicesWithSequenceGaps()).toBe(1);
    engine.addBatch('g0', batch('b', 2, 1, 2));
    expect(engine.devicesWithSequenceGaps()).toBe(0);
  });

  it('counts the live gateways whose newest result is older than a given time', () => {
    const engine = new QuorumEngine({ windowUs: W });
    engine.gatewayOnline('silent');
    engine.add({ ...result('a', 100, 1), gateway: 'g0' });
    engine.add({ ...result('b', 300, 1), gateway: 'g1' });
    expect(engine.gatewaysBehind(T0 + 200)).toBe(1);
    expect(engine.gatewaysBehind(T0 + 301)).toBe(2);
    engine.gatewayOffline('g0');
    expect(engine.gatewaysBehind(T0 + 301)).toBe(1);
    engine.add({ ...result('b', 400, 1), gateway: 'g1' });
    expect(engine.gatewaysBehind(T0 + 301)).toBe(0);
  });

  it('rejects bad options and bad results with what was expected', () => {
    expect(() => new QuorumEngine({ windowUs: 0 })).toThrow(/windowUs must be an integer ≥ 1, got 0/);
    expect(() => new QuorumEngine({} as QuorumOptions)).toThrow(/windowUs must be an integer ≥ 1, got undefined/);
    expect(() => new QuorumEngine({ windowUs: 3, minVoters: 0 })).toThrow(/minVoters/);
    expect(() => new QuorumEngine({ windowUs: 3, denominator: 'all' as Denominator })).toThrow(/'voters' or 'live'/);
    const engine = new QuorumEngine({ windowUs: W });
    expect(() => engine.add({ ...result('a', 0, 1), timestampUs: 1.5 })).toThrow(/device a: timestampUs must be integer microseconds, got 1.5/);
    expect(() => engine.add({ ...result('a', 0, 1), value: Number.NaN })).toThrow(/value must be a finite number/);
  });

  it('releases every window it closes', () => {
    const engine = new QuorumEngine({ windowUs: W, allowedLatenessUs: 2 * W });
    for (const device of ['a', 'b', 'c']) engine.deviceOnline('s1', device, 'g0');
    for (let i = 0; i < 20_000; i++) {
      for (const device of ['a', 'b', 'c']) {
        engine.add({ ...result(device, i * W + 1, i % 3), seq: i });
        engine.closeReady();
      }
    }
    expect(engine.stats()).toMatchObject({ accepted: 60_000, windowsOpen: 0, decided: 20_000, late: 0 });
  });
});

describe('setAllowedLatenessUs', () => {
  it('keeps windows open for results that arrive behind newer ones, then closes them as usual', () => {
    const engine = new QuorumEngine({ windowUs: 1000, earlyClose: false });
    engine.setAllowedLatenessUs(10_000);
    engine.add({ service: 's', device: 'a', gateway: 'g', timestampUs: 5_500, value: 1 });
    engine.add({ service: 's', device: 'a', gateway: 'g', timestampUs: 1_500, value: 1 });
    expect(engine.closeReady()).toEqual([]);
    engine.setAllowedLatenessUs(0);
    expect(engine.closeReady().map((decision) => decision.windowStartUs)).toEqual([1000]);
    expect(engine.add({ service: 's', device: 'a', gateway: 'g', timestampUs: 1_600, value: 1 })).toBe('late');
    expect(() => engine.setAllowedLatenessUs(-1)).toThrow();
  });
});
