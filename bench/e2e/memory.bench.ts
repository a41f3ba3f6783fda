/**
 * Memory (resident set, VmRSS) of the broker, the aggregator and one gateway with 100, 1,000 and
 * 10,000 simulated devices, each device sending a result every 10 s, once the site is steady.
 *
 *   node --import tsx bench/e2e/memory.bench.ts        (needs the built apps: npm run build)
 *
 * One site per size: mjl-broker (LevelDB), mjl-aggregator (journal), one mjl-gateway. Steady: at least
 * MIN_STEADY_MS after start, results have flowed, and the gateway's outbox is empty (everything
 * published was acknowledged) — or MAX_WAIT_MS passed, which the note then says. RSS is read from
 * /proc/<pid>/status; the peak (VmHWM) goes in the note.
 */
import { pathToFileURL } from 'node:url';
import { sampleProcess, sleep, startAggregator, startBroker, startGateway, type ProcessSample } from '../lib/processes.js';
import { round, type BenchResult } from '../lib/result.js';

const SIZES = [100, 1_000, 10_000];
/** Results per second per device: 10,000 devices send a burst of 10,000 batches every 10 s. */
const RATE = 0.1;
const MIN_STEADY_MS = 8000;
const MAX_WAIT_MS = 20_000;

export interface MemoryBenchOptions {
  profile?: boolean;
  log?: (line: string) => void;
}

export async function runMemoryBench(options: MemoryBenchOptions = {}): Promise<BenchResult[]> {
  const log = options.log ?? (() => undefined);
  const profile = options.profile === true;
  const results: BenchResult[] = [];
  for (const devices of SIZES) {
    const broker = await startBroker('level', { profile });
    const samples: Record<string, ProcessSample> = {};
    let outbox = NaN;
    let waitedMs = 0;
    try {
      const aggregator = await startAggregator(broker.url, ['--window', '3ms'], { profile });
      try {
        const gateway = await startGateway(broker.url, { site: 'bench', gateway: 'pi-0', devices, rate: RATE }, { profile });
        try {
          const started = Date.now();
          for (;;) {
            await sleep(500);
            const metrics = await gateway.metrics();
            outbox = metrics.get('mjl_gateway_outbox_messages') ?? NaN;
            waitedMs = Date.now() - started;
            const flowed = (metrics.get('mjl_gateway_results_total') ?? 0) > 0;
            if ((waitedMs >= MIN_STEADY_MS && flowed && outbox === 0) || waitedMs >= MAX_WAIT_MS) break;
          }
          samples.broker = broker.process.sample();
          samples.aggregator = aggregator.process.sample();
          samples.gateway = sampleProcess(gateway.process.pid);
        } finally {
          await gateway.stop();
        }
      } finally {
        await aggregator.stop();
      }
    } finally {
      await broker.stop();
    }
    const mib = (kib: number) => round(kib / 1024, 1);
    log(
      `  memory at ${devices.toLocaleString('en-US')} devices: ${Object.entries(samples).map(([name, sample]) => `${name} ${mib(sample.rssKiB)} MiB (peak ${mib(sample.peakRssKiB)})`).join(', ')}; ` +
        `after ${(waitedMs / 1000).toFixed(1)} s, ${outbox} batches in the gateway's outbox`,
    );
    for (const [name, sample] of Object.entries(samples)) {
      results.push({
        name: `memory ${name === 'gateway' ? 'one gateway' : name}, ${devices.toLocaleString('en-US')} devices`,
        value: mib(sample.rssKiB),
        unit: 'MiB',
        note:
          `RSS after ${(waitedMs / 1000).toFixed(1)} s at ${RATE} results/s per device; peak ${mib(sample.peakRssKiB)} MiB` +
          (outbox === 0 ? '' : `; not steady: ${outbox} batches still waiting in the gateway's outbox`),
      });
    }
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runMemoryBench({ log: console.log });
  for (const result of results) console.log(`${result.name}: ${result.value} ${result.unit}`);
}
