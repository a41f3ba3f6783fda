/**
 * Throughput and memory of the quorum core (libs/quorum), on one core.
 *
 *   node --import tsx --expose-gc bench/quorum/quorum.bench.ts
 *
 * Without --expose-gc the memory figures are noisier (heap is measured without a forced collection).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { QuorumEngine, type ResultInput } from '../../libs/quorum/src/index.js';
import type { BenchResult } from '../lib/result.js';

const SERVICE = 'AudioClassifier';
const DEVICES = 9;
const GATEWAYS = 3;
const WINDOW_US = 3_000;
const RESULTS = 5_000_000;
const RUNS = 5;
const START_US = 1_732_000_000_000_000;

interface Scenario {
  name: string;
  /** Results each device sends per window, evenly spaced. */
  perWindow: number;
  /** Results per message; closeReady() runs after each message. */
  perMessage: number;
  earlyClose: boolean;
  batchApi: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'add, 1 result/device/window, early close, closeReady per result', perWindow: 1, perMessage: 1, earlyClose: true, batchApi: false },
  { name: 'add, 4 results/device/window, watermark close, closeReady per 4', perWindow: 4, perMessage: 4, earlyClose: false, batchApi: false },
  { name: 'addBatch, 4 results/device/window, watermark close, batches of 4', perWindow: 4, perMessage: 4, earlyClose: false, batchApi: true },
];

/** Deterministic xorshift32 in [0, 1): the same stream every run. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
}

/** Values per result slot: the right class with probability 0.9, else one of three wrong ones. */
function valueTable(size: number): Int32Array {
  const next = random(42);
  const values = new Int32Array(size);
  for (let i = 0; i < size; i++) values[i] = next() < 0.9 ? 1 : 2 + Math.floor(next() * 3);
  return values;
}

function gatewayOf(device: number): string {
  return `pi-${device % GATEWAYS}`;
}

function deviceName(device: number): string {
  return `${SERVICE}-${(0xa2a3fb00 + device).toString(16)}`;
}

/**
 * One run: devices send `perWindow` results per window in messages of `perMessage`; messages of the
 * same instant arrive gateway by gateway. Returns results per second.
 */
function runScenario(scenario: Scenario): { perSecond: number; perCpuSecond: number; engine: QuorumEngine } {
  const engine = new QuorumEngine({ windowUs: WINDOW_US, allowedLatenessUs: WINDOW_US, earlyClose: scenario.earlyClose });
  for (let g = 0; g < GATEWAYS; g++) engine.gatewayOnline(`pi-${g}`);
  const inputs: ResultInput[] = [];
  for (let d = 0; d < DEVICES; d++) {
    engine.deviceOnline(SERVICE, deviceName(d), gatewayOf(d));
    inputs.push({ service: SERVICE, device: deviceName(d), gateway: gatewayOf(d), timestampUs: 0, value: 0, session: 1, seq: 0 });
  }
  const batches = inputs.map((input) => ({
    service: input.service,
    device: input.device,
    session: 1,
    firstSeq: 0,
    timestampsUs: new Float64Array(scenario.perMessage),
    values: new Int32Array(scenario.perMessage),
  }));
  const values = valueTable(1 << 16);
  const stepUs = WINDOW_US / scenario.perWindow;
  const messages = Math.ceil(RESULTS / (DEVICES * scenario.perMessage));
  const rounds = messages;
  let seq = 0;
  let slot = 0;
  let decisions = 0;
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < rounds; round++) {
    const firstUs = START_US + round * scenario.perMessage * stepUs;
    for (let d = 0; d < DEVICES; d++) {
      const jitterUs = d * 7;
      if (scenario.batchApi) {
        const batch = batches[d]!;
        batch.firstSeq = seq;
        for (let k = 0; k < scenario.perMessage; k++) {
          batch.timestampsUs[k] = firstUs + k * stepUs + jitterUs;
          batch.values[k] = values[slot++ & 0xffff]!;
        }
        engine.addBatch(gatewayOf(d), batch);
      } else {
        const input = inputs[d]!;
        for (let k = 0; k < scenario.perMessage; k++) {
          input.timestampUs = firstUs + k * stepUs + jitterUs;
          input.value = values[slot++ & 0xffff]!;
          input.seq = seq + k;
          engine.add(input);
        }
      }
      decisions += engine.closeReady().length;
    }
    seq += scenario.perMessage;
  }
  decisions += engine.closeAll().length;
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const results = rounds * DEVICES * scenario.perMessage;
  if (engine.stats().accepted !== results || decisions === 0) {
    throw new Error(`bench stream miscounted: ${JSON.stringify(engine.stats())} for ${results} results`);
  }
  return { perSecond: results / seconds, perCpuSecond: results / cpuSeconds, engine };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const collect = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  collect?.();
  collect?.();
  return process.memoryUsage().heapUsed;
}

/** Bytes per open window: 9 devices vote in many windows that cannot close yet. */
function memoryPerOpenWindow(): number {
  const windows = 50_000;
  const engine = new QuorumEngine({ windowUs: WINDOW_US, allowedLatenessUs: Number.MAX_SAFE_INTEGER - START_US, earlyClose: false });
  const input: ResultInput = { service: SERVICE, device: '', gateway: 'pi-0', timestampUs: 0, value: 1 };
  const names = Array.from({ length: DEVICES }, (_, d) => deviceName(d));
  const before = heapUsed();
  for (let w = 0; w < windows; w++) {
    for (let d = 0; d < DEVICES; d++) {
      input.device = names[d]!;
      input.timestampUs = START_US + w * WINDOW_US + d;
      engine.add(input);
    }
  }
  const after = heapUsed();
  if (engine.stats().windowsOpen !== windows) throw new Error('windows closed early in the memory bench');
  return (after - before) / windows;
}

/** Bytes per known device (its slot, names, deduplication state), once its windows closed. */
function memoryPerDevice(): number {
  const devices = 100_000;
  const engine = new QuorumEngine({ windowUs: WINDOW_US });
  const names = Array.from({ length: devices }, (_, d) => `${SERVICE}-${d.toString(16).padStart(8, '0')}`);
  const input: ResultInput = { service: SERVICE, device: '', gateway: 'pi-0', timestampUs: START_US, value: 1, session: 1, seq: 0 };
  const before = heapUsed();
  for (const name of names) {
    input.device = name;
    engine.add(input);
  }
  engine.gatewayClock('pi-0', START_US + 2 * WINDOW_US);
  engine.closeReady();
  const after = heapUsed();
  if (engine.stats().windowsOpen !== 0) throw new Error('window still open in the device memory bench');
  return (after - before) / devices;
}

/** Heap after each million results of a steady stream (early close, lateness one window). */
function heapAlongStream(): number[] {
  const engine = new QuorumEngine({ windowUs: WINDOW_US, allowedLatenessUs: WINDOW_US });
  const inputs = Array.from({ length: DEVICES }, (_, d): ResultInput => {
    engine.deviceOnline(SERVICE, deviceName(d), gatewayOf(d));
    return { service: SERVICE, device: deviceName(d), gateway: gatewayOf(d), timestampUs: 0, value: 1, session: 1, seq: 0 };
  });
  const samples: number[] = [];
  const perSample = Math.round(1_000_000 / DEVICES);
  for (let window = 0; window < perSample * 5; window++) {
    for (let d = 0; d < DEVICES; d++) {
      const input = inputs[d]!;
      input.timestampUs = START_US + window * WINDOW_US + d * 11;
      input.seq = window;
      input.value = (window + d) % 7 === 0 ? 2 : 1;
      engine.add(input);
      engine.closeReady();
    }
    if ((window + 1) % perSample === 0) samples.push(heapUsed());
  }
  return samples;
}

export async function runQuorumBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const scenario of SCENARIOS) {
    runScenario(scenario);
    const rates: number[] = [];
    const cpuRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { perSecond, perCpuSecond } = runScenario(scenario);
      rates.push(perSecond);
      cpuRates.push(perCpuSecond);
    }
    results.push({ name: `quorum ${scenario.name} (median of ${RUNS})`, value: Math.round(median(rates)), unit: 'results/s' });
    results.push({ name: `quorum ${scenario.name} (best of ${RUNS})`, value: Math.round(Math.max(...rates)), unit: 'results/s' });
    // What one core does, whatever else the machine runs: results per second of this process's CPU time.
    results.push({
      name: `quorum ${scenario.name}, per CPU-second (median of ${RUNS})`,
      value: Math.round(median(cpuRates)),
      unit: 'results/s',
      target: { kind: 'min', value: 5_000_000 },
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  results.push({ name: 'quorum memory per open window (9 voters)', value: Math.round(memoryPerOpenWindow()), unit: 'bytes' });
  results.push({ name: 'quorum memory per known device', value: Math.round(memoryPerDevice()), unit: 'bytes' });
  const samples = heapAlongStream();
  samples.forEach((bytes, i) => {
    results.push({ name: `quorum heap after ${i + 1}M results of a steady stream`, value: Math.round(bytes / 1024), unit: 'KiB' });
  });
  results.push({
    name: 'quorum heap growth from 1M to 5M results',
    value: Math.round(((samples[samples.length - 1] ?? 0) - (samples[0] ?? 0)) / 1024),
    unit: 'KiB',
  });
  return results;
}

function printTable(results: BenchResult[]): void {
  const width = Math.max(...results.map((result) => result.name.length));
  console.log(`${'benchmark'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
  for (const result of results) {
    console.log(`${result.name.padEnd(width)}  ${result.value.toLocaleString('en-US').padStart(12)}  ${result.unit}`);
  }
  if (collect === undefined) console.log('(run with --expose-gc for exact memory figures)');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await runQuorumBench());
}
