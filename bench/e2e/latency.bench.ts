/**
 * Decision latency: from the arrival of a window's last vote to the decision reaching a subscriber,
 * at 1,000 and 10,000 results/s, 3 ms windows, early close on (the aggregator's defaults).
 *
 *   node --import tsx bench/e2e/latency.bench.ts        (needs the built apps: npm run build)
 *
 * The observer subscribes to the results as well as to the decisions. The broker hands each result
 * to the aggregator and to the observer in the same dispatch, so the time the observer got the last
 * result of a window stands for the time the aggregator got its last vote; the latency is the
 * observer's receive time of the decision minus that, both on the observer's clock. It covers the
 * aggregator (decode, journal write, quorum, encode, publish) and the broker's second hop, not the
 * gateway's linger. Also reported: decision received − window end (event time), which adds the wait
 * for the window's last result (gateway linger, publishing, the broker's first hop), and a probe: the
 * round trip of a message from the observer through the broker back to itself, which has no mjl code
 * in it and shows what the machine's load alone costs.
 */
import { pathToFileURL } from 'node:url';
import { sleep, type Persistence } from '../lib/processes.js';
import { atMost, percentile, round, type BenchResult } from '../lib/result.js';
import { ALIGN_US, alignUp, DEVICE_RATE, Fleet, PERIOD_US, WINDOW_US, wallUs } from './fleet.js';

const SETTLE_MS = 2000;
/** About 4 s, a multiple of ALIGN_US (333 × 12 ms), so the interval ends between windows and periods. */
const MEASURE_US = 3_996_000;
/** How long after the interval its last windows may take to be decided before we stop waiting. */
const MAX_DRAIN_MS = 5000;
const PROBE_INTERVAL_MS = 5;
const TARGET_P99_MS = 2;

interface Load {
  perSecond: number;
  gateways: number;
}

const LOADS: Load[] = [
  { perSecond: 1_000, gateways: 2 },
  { perSecond: 10_000, gateways: 4 },
];

export interface LatencyBenchOptions {
  /** The broker's persistence: its default, LevelDB, or memory. */
  persistence?: Persistence;
  profile?: boolean;
  log?: (line: string) => void;
}

const sorted = (values: number[]) => Float64Array.from(values).sort();
const ms = (us: number) => round(us / 1000, 2);

async function measureLoad(load: Load, options: LatencyBenchOptions): Promise<BenchResult[]> {
  const log = options.log ?? (() => undefined);
  const fleet = await Fleet.start({ persistence: options.persistence ?? 'level', observeResults: true, profile: options.profile === true });
  try {
    const { observer } = fleet;
    await observer.startProbe(PROBE_INTERVAL_MS);
    const devicesPerGateway = Math.max(1, Math.round(load.perSecond / DEVICE_RATE / load.gateways));
    await fleet.startGateways(load.gateways, devicesPerGateway);
    await sleep(SETTLE_MS);
    const fromUs = alignUp(wallUs());
    const toUs = fromUs + MEASURE_US;
    await sleep((fromUs - wallUs()) / 1000);
    observer.probeRoundTripsUs.length = 0;
    observer.resultDelaysUs.length = 0;
    await sleep((toUs - wallUs()) / 1000);
    const probe = sorted(observer.probeRoundTripsUs);
    const resultDelays = sorted(observer.resultDelaysUs);
    // Wait for the interval's last windows to be decided (or give up: the site is behind).
    const deadline = Date.now() + MAX_DRAIN_MS;
    while (Date.now() < deadline && observer.tally(toUs - ALIGN_US, toUs).decisions.length < ALIGN_US / PERIOD_US) await sleep(50);
    const { decisions } = observer.tally(fromUs, toUs);
    const afterLastVote: number[] = [];
    const afterWindowEnd: number[] = [];
    let early = 0;
    for (const decision of decisions) {
      const lastVoteUs = observer.lastResultUs.get(decision.windowStartUs);
      if (lastVoteUs !== undefined) afterLastVote.push(decision.receivedUs - lastVoteUs);
      afterWindowEnd.push(decision.receivedUs - (decision.windowStartUs + WINDOW_US));
      if (decision.closedEarly) early++;
    }
    const lastVote = sorted(afterLastVote);
    const windowEnd = sorted(afterWindowEnd);
    const label = `${load.perSecond.toLocaleString('en-US')} results/s`;
    const expected = MEASURE_US / PERIOD_US;
    const note =
      `${decisions.length} of ${expected} windows decided within ${MAX_DRAIN_MS / 1000} s (${load.gateways} gateways × ${devicesPerGateway} devices), ` +
      `${early} closed early; probe round trip through the broker p50 ${ms(percentile(probe, 50))} ms, p99 ${ms(percentile(probe, 99))} ms`;
    log(
      `  latency at ${label}: last vote → decision p50 ${ms(percentile(lastVote, 50))} ms, p99 ${ms(percentile(lastVote, 99))} ms; ` +
        `window end → decision p50 ${ms(percentile(windowEnd, 50))} ms, p99 ${ms(percentile(windowEnd, 99))} ms; ` +
        `result timestamp → observer p50 ${ms(percentile(resultDelays, 50))} ms, p99 ${ms(percentile(resultDelays, 99))} ms; ${note}`,
    );
    const target = load.perSecond === 10_000 ? atMost(TARGET_P99_MS) : undefined;
    return [
      { name: `decision latency at ${label}: last vote → decision p50`, value: ms(percentile(lastVote, 50)), unit: 'ms', note },
      { name: `decision latency at ${label}: last vote → decision p99`, value: ms(percentile(lastVote, 99)), unit: 'ms', ...(target ? { target } : {}) },
      { name: `decision latency at ${label}: window end → decision p50`, value: ms(percentile(windowEnd, 50)), unit: 'ms' },
      { name: `decision latency at ${label}: window end → decision p99`, value: ms(percentile(windowEnd, 99)), unit: 'ms' },
      { name: `decision latency at ${label}: result timestamp → observer p99`, value: ms(percentile(resultDelays, 99)), unit: 'ms' },
      { name: `decision latency at ${label}: probe round trip via broker p99`, value: ms(percentile(probe, 99)), unit: 'ms' },
    ];
  } finally {
    await fleet.stop();
  }
}

export async function runLatencyBench(options: LatencyBenchOptions = {}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const load of LOADS) results.push(...(await measureLoad(load, options)));
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const persistence: Persistence = process.argv.includes('--memory') ? 'memory' : 'level';
  const results = await runLatencyBench({ log: console.log, persistence, profile: process.argv.includes('--profile') });
  for (const result of results) console.log(`${result.name}: ${result.value} ${result.unit}`);
}
