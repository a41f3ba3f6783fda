/**
 * GPIO edge → result latency of the GPIO driver (libs/drivers/src/gpio), on a simulated pin bank
 * strobed at about 1 kHz for a few seconds:
 *
 *   node --import tsx bench/gpio/gpio.bench.ts
 *
 * "event loop" delivers each edge to the driver from the event loop (setImmediate), the way onoff's
 * epoll watcher does on a Pi; "handler only" calls the interrupt handler at once and so measures the
 * driver's own work (timestamp, debounce, data pin reads, bus emit). Latency is from the simulated
 * edge to the bus's 'result' emission, which the agent turns into a batched MQTT publish; the timestamp
 * error is how far the result's timestamp lies after the edge. The target is p99 < 1 ms.
 */
import { pathToFileURL } from 'node:url';
import { DriverBus, GpioDriver, GPIO_DEFAULTS, SimulatedPinBank } from '../../libs/drivers/src/index.js';
import { createLogger } from '../../libs/runtime/src/index.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const STROBE = 17;
const DATA = [22, 23, 24];
const DURATION_MS = 3000;
const PERIOD_MS = 1;

interface Run {
  latenciesUs: number[];
  timestampErrorsUs: number[];
  edges: number;
  seconds: number;
  wrongValues: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function runOnce(deliver: 'immediate' | 'sync'): Promise<Run> {
  const bus = new DriverBus();
  const pins = new SimulatedPinBank(deliver);
  const driver = new GpioDriver(
    { site: 'bench', gateway: 'pi-1', bus, logger: createLogger('gpio-bench', 'silent') },
    { ...GPIO_DEFAULTS, service: 'AudioClassifier', strobePin: STROBE, dataPins: DATA, pins },
  );
  const run: Run = { latenciesUs: [], timestampErrorsUs: [], edges: 0, seconds: 0, wrongValues: 0 };
  let edgeAt = 0;
  let expected = 0;
  bus.on('result', (_device, timestampUs, value) => {
    run.latenciesUs.push((performance.now() - edgeAt) * 1000);
    run.timestampErrorsUs.push(timestampUs - pins.lastEdgeUs);
    if (value !== expected) run.wrongValues++;
  });
  await driver.start();
  const began = performance.now();
  // Node timers cannot go below 1 ms, so a tick that is due now runs from setImmediate: ~1 kHz on average.
  await new Promise<void>((resolve) => {
    let due = began;
    const tick = () => {
      if (performance.now() - began >= DURATION_MS) {
        resolve();
        return;
      }
      pins.set(STROBE, 0);
      expected = run.edges % 8;
      pins.setBits(DATA, expected);
      run.edges++;
      edgeAt = performance.now();
      pins.set(STROBE, 1);
      due += PERIOD_MS;
      const wait = due - performance.now();
      if (wait >= 1) setTimeout(tick, Math.floor(wait));
      else setImmediate(tick);
    };
    tick();
  });
  await new Promise((resolve) => setImmediate(resolve));
  run.seconds = (performance.now() - began) / 1000;
  await driver.stop();
  return run;
}

export async function runGpioBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [label, deliver] of [['event loop', 'immediate'], ['handler only', 'sync']] as const) {
    const run = await runOnce(deliver);
    const latencies = [...run.latenciesUs].sort((a, b) => a - b);
    const errors = [...run.timestampErrorsUs].sort((a, b) => a - b);
    const round = (value: number) => Math.round(value * 10) / 10;
    results.push(
      { name: `gpio ${label}: edges per second`, value: Math.round(run.edges / run.seconds), unit: 'edges/s' },
      { name: `gpio ${label}: results / edges`, value: round((100 * run.latenciesUs.length) / run.edges), unit: '%' },
      { name: `gpio ${label}: wrong class read`, value: run.wrongValues, unit: 'results' },
      { name: `gpio ${label}: edge → bus result p50`, value: round(percentile(latencies, 50)), unit: 'µs' },
      { name: `gpio ${label}: edge → bus result p99`, value: round(percentile(latencies, 99)), unit: 'µs' },
      { name: `gpio ${label}: edge → bus result max`, value: round(latencies.at(-1) ?? NaN), unit: 'µs' },
      { name: `gpio ${label}: timestamp after edge p99`, value: round(percentile(errors, 99)), unit: 'µs' },
    );
  }
  return results;
}

function printTable(results: BenchResult[]): void {
  const width = Math.max(...results.map((result) => result.name.length));
  console.log(`${'benchmark'.padEnd(width)}  ${'value'.padStart(10)}  unit`);
  for (const result of results) {
    console.log(`${result.name.padEnd(width)}  ${result.value.toLocaleString('en-US').padStart(10)}  ${result.unit}`);
  }
  const p99 = results.find((result) => result.name === 'gpio event loop: edge → bus result p99')?.value ?? Infinity;
  console.log(`target p99 < 1000 µs: ${p99 < 1000 ? 'met' : 'MISSED'}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await runGpioBench());
}
