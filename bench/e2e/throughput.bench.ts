/**
 * End-to-end results/s: simulated gateways → mjl-broker → mjl-aggregator → decisions, ramped up
 * until results are lost.
 *
 *   node --import tsx bench/e2e/throughput.bench.ts [--memory] [--from RATE] [--profile]   (needs the built apps: npm run build)
 *
 * Four gateways, N devices each, every device voting once per 4 ms (250 results/s), gateways
 * batching with their default linger (1 ms). Each step starts the gateways afresh, lets the site
 * settle, then takes an event-time interval of MEASURE_US and waits DRAIN_MS for its windows to be
 * decided. Counting (see fleet.ts): produced = windows × devices; accepted = the voters of the
 * decisions of those windows; late = results the aggregator published as late. A step is sustained
 * when every produced result was accepted in its window and the decisions kept up: p99 of decision
 * received − window end ≤ 500 ms, five times the allowed lateness (a site that queues loses nothing
 * for a while, but falls behind). A failed step is tried once more before the ramp stops, since a
 * busy machine can fail one by chance.
 * Along with each step: the CPU time of broker, aggregator and gateways (from /proc), and what waits
 * in the gateways' outboxes and the aggregator's open windows (from their /metrics): which process
 * ran out of core, or where results queue, says where the limit is.
 */
import { pathToFileURL } from 'node:url';
import { sleep, type Persistence } from '../lib/processes.js';
import { atLeast, percentile, round, type BenchResult } from '../lib/result.js';
import { alignUp, DEVICE_RATE, Fleet, PERIOD_US, wallUs } from './fleet.js';

const GATEWAYS = 4;
/** Total results/s of each step. */
const STEPS = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 96_000, 128_000, 192_000, 256_000, 384_000, 500_000];
const SETTLE_MS = 1500;
const MEASURE_US = 3_000_000;
/** Windows decided later than this after the interval could not pass MAX_LAG_P99_MS anyway. */
const DRAIN_MS = 1000;
const TARGET = 500_000;
/** A site that decides later than this behind the window's end is queueing, not sustaining. */
const MAX_LAG_P99_MS = 500;

export interface RampStep {
  offered: number;
  devices: number;
  produced: number;
  accepted: number;
  late: number;
  /** Accepted results per second of event time. */
  perSecond: number;
  sustained: boolean;
  /** Decision received − window end, µs. */
  lagP50Us: number;
  lagP99Us: number;
  cores: { broker: number; aggregator: number; gateways: number };
  /** At the end of the interval: batches waiting in the gateways' outboxes, windows open in the aggregator. */
  backlog: { outboxBatches: number; windowsOpen: number };
}

async function runStep(fleet: Fleet, offered: number, label: string, log: (line: string) => void): Promise<RampStep> {
  const devicesPerGateway = Math.max(1, Math.round(offered / DEVICE_RATE / GATEWAYS));
  const devices = devicesPerGateway * GATEWAYS;
  await fleet.startGateways(GATEWAYS, devicesPerGateway);
  await sleep(SETTLE_MS);
  const fromUs = alignUp(wallUs());
  const toUs = fromUs + MEASURE_US;
  await sleep((fromUs - wallUs()) / 1000);
  const cpuBefore = fleet.cpuMs();
  const before = wallUs();
  await sleep((toUs - wallUs()) / 1000);
  const cpuAfter = fleet.cpuMs();
  const seconds = (wallUs() - before) / 1e6;
  const backlog = await fleet.backlog();
  await sleep(DRAIN_MS);
  await fleet.stopGateways();

  const { decisions, voters, late } = fleet.observer.tally(fromUs, toUs);
  const produced = (MEASURE_US / PERIOD_US) * devices;
  const lags = decisions.map((decision) => decision.receivedUs - (decision.windowStartUs + 3000)).sort((a, b) => a - b);
  const cores = (key: keyof typeof cpuBefore) => round((cpuAfter[key] - cpuBefore[key]) / 1000 / seconds, 2);
  const step: RampStep = {
    offered,
    devices,
    produced,
    accepted: voters,
    late,
    perSecond: voters / (MEASURE_US / 1e6),
    sustained: voters === produced && percentile(lags, 99) <= MAX_LAG_P99_MS * 1000,
    lagP50Us: percentile(lags, 50),
    lagP99Us: percentile(lags, 99),
    cores: { broker: cores('broker'), aggregator: cores('aggregator'), gateways: cores('gateways') },
    backlog,
  };
  log(
    `  e2e (${label}) ${offered.toLocaleString('en-US')} results/s offered (${GATEWAYS} gateways × ${devicesPerGateway} devices): ` +
      `${voters.toLocaleString('en-US')} of ${produced.toLocaleString('en-US')} accepted, ${late} late, ` +
      `${decisions.length} decisions; decision lag p50 ${(step.lagP50Us / 1000).toFixed(1)} ms, p99 ${(step.lagP99Us / 1000).toFixed(1)} ms; ` +
      `cores: broker ${step.cores.broker}, aggregator ${step.cores.aggregator}, gateways ${step.cores.gateways}; ` +
      `at the end: ${backlog.outboxBatches} batches in outboxes, ${backlog.windowsOpen} windows open` +
      (step.sustained ? '' : '  → not sustained'),
  );
  return step;
}

export interface ThroughputBenchOptions {
  /** The broker's persistence: its default, LevelDB, or memory. */
  persistence?: Persistence;
  profile?: boolean;
  log?: (line: string) => void;
  /** Skip the steps below this rate (to look at the top of the ramp alone). */
  fromRate?: number;
}

export async function runThroughputBench(options: ThroughputBenchOptions = {}): Promise<BenchResult[]> {
  const log = options.log ?? (() => undefined);
  const persistence = options.persistence ?? 'level';
  const broker = persistence === 'level' ? 'broker LevelDB' : 'broker memory';
  const fleet = await Fleet.start({ persistence, profile: options.profile === true });
  const steps: RampStep[] = [];
  try {
    for (const offered of STEPS.filter((rate) => rate >= (options.fromRate ?? 0))) {
      let step = await runStep(fleet, offered, broker, log);
      if (!step.sustained) step = await runStep(fleet, offered, broker, log);
      steps.push(step);
      if (!step.sustained) break;
    }
  } finally {
    await fleet.stop();
  }
  const best = steps.filter((step) => step.sustained).at(-1);
  const failed = steps.find((step) => !step.sustained);
  const results: BenchResult[] = [
    {
      name: `e2e results/s sustained, none lost (gateways → ${broker} → aggregator)`,
      value: best ? Math.round(best.perSecond) : 0,
      unit: 'results/s',
      ...(persistence === 'level' ? { target: atLeast(TARGET) } : {}),
      note: failed
        ? `next step, ${failed.offered.toLocaleString('en-US')}/s offered (twice): ${failed.accepted.toLocaleString('en-US')} of ${failed.produced.toLocaleString('en-US')} accepted, ${failed.late} late, ` +
          `decision lag p99 ${(failed.lagP99Us / 1000).toFixed(0)} ms; ` +
          `cores broker ${failed.cores.broker}, aggregator ${failed.cores.aggregator}, gateways ${failed.cores.gateways}; ` +
          `${failed.backlog.outboxBatches} batches waiting in gateway outboxes, ${failed.backlog.windowsOpen} windows open`
        : `every step up to ${STEPS.at(-1)!.toLocaleString('en-US')}/s sustained`,
    },
  ];
  if (best) {
    const perResultUs = (cores: number) => round((cores * 1e6) / best.perSecond, 1);
    const at = `e2e (${broker}) at ${best.offered.toLocaleString('en-US')}/s`;
    results.push(
      { name: `${at}: broker CPU per result`, value: perResultUs(best.cores.broker), unit: 'µs' },
      { name: `${at}: aggregator CPU per result`, value: perResultUs(best.cores.aggregator), unit: 'µs' },
      { name: `${at}: gateways' CPU per result`, value: perResultUs(best.cores.gateways), unit: 'µs' },
      { name: `${at}: decision lag p99 (received − window end)`, value: round(best.lagP99Us / 1000, 1), unit: 'ms' },
    );
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const persistence: Persistence = process.argv.includes('--memory') ? 'memory' : 'level';
  const from = process.argv.indexOf('--from');
  const fromRate = from > 0 ? Number(process.argv[from + 1]) : 0;
  const results = await runThroughputBench({ log: console.log, persistence, profile: process.argv.includes('--profile'), fromRate });
  for (const result of results) console.log(`${result.name}: ${result.value} ${result.unit}${result.note ? ` (${result.note})` : ''}`);
}
