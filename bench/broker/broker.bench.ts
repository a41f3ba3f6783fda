/**
 * Broker routing throughput: 10 publishers → 1 subscriber, 64-byte payloads on mjl results topics,
 * the subscriber on the aggregator's filter (mjl/v1/+/+/devices/+/results). Compared in the same
 * run: mjl-broker with memory persistence, with its default on-disk (LevelDB) persistence, and
 * Debian's Mosquitto.
 *
 *   node --import tsx bench/broker/broker.bench.ts        (needs the built broker: npm run build)
 *
 * Load generator: raw sockets and pre-encoded frames (lib/wire.ts). The publishers run in a child
 * process, the subscriber in this one, so publishers, broker and subscriber each get a share of the
 * cores. Counted: messages the subscriber received in a fixed window after a warm-up, and the
 * broker's CPU time in that window (from /proc), which a busy machine distorts less than the rate.
 *
 * Modes: QoS 0; QoS 1 (10 × 64 PUBLISHes in flight, the subscriber clean); QoS 1 to a persistent
 * session (clean = false), which is how the aggregator subscribes to results.
 */
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startMosquitto } from '../../libs/testing/src/index.js';
import { sampleProcess, sleep, startBroker, type Persistence, type StartOptions } from '../lib/processes.js';
import { atLeast, median, round, type BenchResult } from '../lib/result.js';
import { RawClient, withTimeout } from '../lib/wire.js';
import type { ControlMessage, PublisherConfig, PublisherMessage } from './publishers.js';

const PUBLISHERS = 10;
const PAYLOAD_BYTES = 64;
const INFLIGHT = 64;
const WARMUP_MS = 750;
const MEASURE_MS = 2000;
const RESULTS_FILTER = 'mjl/v1/+/+/devices/+/results';
const TARGET_RATIO = 0.7;

type BrokerKind = 'mjl-memory' | 'mjl-level' | 'mosquitto';
const BROKERS: BrokerKind[] = ['mjl-memory', 'mjl-level', 'mosquitto'];

interface Mode {
  name: string;
  qos: 0 | 1;
  clean: boolean;
}

const MODES: Mode[] = [
  { name: 'QoS 0', qos: 0, clean: true },
  { name: 'QoS 1', qos: 1, clean: true },
  { name: 'QoS 1, persistent session', qos: 1, clean: false },
];

const LABEL: Record<BrokerKind, string> = {
  'mjl-memory': 'mjl-broker (memory)',
  'mjl-level': 'mjl-broker (LevelDB)',
  mosquitto: 'mosquitto 2',
};

interface RunningBroker {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

async function startKind(kind: BrokerKind, options: StartOptions): Promise<RunningBroker> {
  if (kind === 'mosquitto') {
    const server = await startMosquitto();
    return { port: server.port, pid: server.process.pid ?? -1, stop: () => server.stop() };
  }
  const broker = await startBroker(kind === 'mjl-memory' ? 'memory' : ('level' satisfies Persistence), options);
  return { port: broker.port, pid: broker.process.pid, stop: () => broker.stop() };
}

export interface RoutingRun {
  broker: BrokerKind;
  mode: string;
  perSecond: number;
  /** Broker CPU (user + system) per routed message, µs. */
  brokerCpuUs: number;
  /** Broker CPU over the window, in cores (1 = one core busy all the time). */
  brokerCores: number;
  publisherCores: number;
  subscriberCores: number;
  /** QoS 1: messages the broker acknowledged to the publishers that the subscriber never got. */
  missing: number;
}

let runCounter = 0;

/** One measurement: a fresh subscriber and publisher process against a running broker. */
async function measure(broker: RunningBroker, kind: BrokerKind, mode: Mode): Promise<RoutingRun> {
  runCounter++;
  const subscriber = await RawClient.connect({ port: broker.port, clientId: `bench-sub-${process.pid}-${runCounter}`, clean: mode.clean });
  await subscriber.subscribe([RESULTS_FILTER], mode.qos);
  const config: PublisherConfig = { port: broker.port, publishers: PUBLISHERS, qos: mode.qos, payloadBytes: PAYLOAD_BYTES, inflight: INFLIGHT, topicsPerPublisher: 16 };
  const child = fork(fileURLToPath(new URL('./publishers.ts', import.meta.url)), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: PublisherMessage[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (message: PublisherMessage) => {
    messages.push(message);
    waiters.splice(0).forEach((wake) => wake());
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextMessage = async (type: PublisherMessage['type']): Promise<PublisherMessage> => {
    for (;;) {
      const found = messages.find((message) => message.type === type);
      if (found) return found;
      if (child.exitCode !== null) throw new Error(`the publisher process exited (${child.exitCode}) before '${type}'`);
      await withTimeout(new Promise<void>((resolve) => waiters.push(resolve)), 10_000, `publishers: no '${type}'`);
    }
  };
  try {
    await nextMessage('ready');
    const control = (message: ControlMessage) => child.send(message);
    control({ type: 'go' });
    await sleep(WARMUP_MS);
    const before = { received: subscriber.received, at: performance.now(), broker: sampleProcess(broker.pid).cpuMs, publishers: sampleProcess(child.pid!).cpuMs, subscriber: process.cpuUsage() };
    await sleep(MEASURE_MS);
    const received = subscriber.received - before.received;
    const seconds = (performance.now() - before.at) / 1000;
    const brokerCpuMs = sampleProcess(broker.pid).cpuMs - before.broker;
    const publisherCpuMs = sampleProcess(child.pid!).cpuMs - before.publishers;
    const subscriberCpu = process.cpuUsage(before.subscriber);
    control({ type: 'stop' });
    const stopped = (await nextMessage('stopped')) as Extract<PublisherMessage, { type: 'stopped' }>;
    // What the broker acknowledged and did not deliver, once it has had a moment to drain.
    await sleep(500);
    return {
      broker: kind,
      mode: mode.name,
      perSecond: received / seconds,
      brokerCpuUs: (brokerCpuMs * 1000) / Math.max(1, received),
      brokerCores: brokerCpuMs / 1000 / seconds,
      publisherCores: publisherCpuMs / 1000 / seconds,
      subscriberCores: (subscriberCpu.user + subscriberCpu.system) / 1e6 / seconds,
      missing: mode.qos === 1 ? Math.max(0, stopped.acked - subscriber.received) : 0,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    subscriber.close();
  }
}

export interface BrokerBenchOptions {
  rounds?: number;
  profile?: boolean;
  log?: (line: string) => void;
}

/**
 * `rounds` rounds; in each, every broker (in a rotating order) runs every mode. Reports the median
 * per broker and mode, and the median over rounds of our rate divided by Mosquitto's in the same round.
 */
export async function runBrokerBench(options: BrokerBenchOptions = {}): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 3;
  const log = options.log ?? (() => undefined);
  const runs: Array<RoutingRun & { round: number }> = [];
  for (let round = 0; round < rounds; round++) {
    const order = BROKERS.map((_, i) => BROKERS[(i + round) % BROKERS.length]!);
    for (const kind of order) {
      const broker = await startKind(kind, { profile: options.profile === true && kind !== 'mosquitto' });
      try {
        for (const mode of MODES) {
          const run = await measure(broker, kind, mode);
          runs.push({ ...run, round });
          log(
            `  broker round ${round + 1}/${rounds} ${LABEL[kind]}, ${mode.name}: ${Math.round(run.perSecond).toLocaleString('en-US')} msg/s, ` +
              `broker ${run.brokerCpuUs.toFixed(1)} µs CPU/msg (${run.brokerCores.toFixed(2)} cores), ` +
              `publishers ${run.publisherCores.toFixed(2)} cores, subscriber ${run.subscriberCores.toFixed(2)} cores` +
              (run.missing > 0 ? `, ${run.missing.toLocaleString('en-US')} never delivered` : ''),
          );
        }
      } finally {
        await broker.stop();
      }
    }
  }

  const results: BenchResult[] = [];
  for (const mode of MODES) {
    const of = (kind: BrokerKind) => runs.filter((run) => run.broker === kind && run.mode === mode.name);
    for (const kind of BROKERS) {
      const mine = of(kind);
      const missing = mine.reduce((sum, run) => sum + run.missing, 0);
      results.push({
        name: `broker ${mode.name}: ${LABEL[kind]}, 10 pub → 1 sub`,
        value: Math.round(median(mine.map((run) => run.perSecond))),
        unit: 'msg/s',
        note:
          `median of ${mine.length}; broker CPU ${median(mine.map((run) => run.brokerCpuUs)).toFixed(1)} µs/msg, ` +
          `${median(mine.map((run) => run.brokerCores)).toFixed(2)} cores` +
          (missing > 0 ? `; ${missing.toLocaleString('en-US')} messages handed to the broker never delivered (dropped)` : ''),
      });
      results.push({
        name: `broker ${mode.name}: ${LABEL[kind]}, CPU per message`,
        value: round(median(mine.map((run) => run.brokerCpuUs)), 1),
        unit: 'µs',
      });
    }
    const mosquitto = of('mosquitto');
    for (const kind of ['mjl-memory', 'mjl-level'] as const) {
      const ratios = of(kind).flatMap((run) => {
        const peer = mosquitto.find((other) => other.round === run.round);
        return peer ? [run.perSecond / peer.perSecond] : [];
      });
      const cpuRatios = of(kind).flatMap((run) => {
        const peer = mosquitto.find((other) => other.round === run.round);
        return peer ? [run.brokerCpuUs / peer.brokerCpuUs] : [];
      });
      results.push({
        name: `broker ${mode.name}: ${LABEL[kind]} / mosquitto, msg/s`,
        value: round(median(ratios), 2),
        unit: '×',
        target: atLeast(TARGET_RATIO),
        note: `median over rounds of the ratio within a round; CPU per message ${round(median(cpuRatios), 1)}× mosquitto's`,
      });
    }
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runBrokerBench({ log: console.log });
  for (const result of results) console.log(`${result.name}: ${result.value} ${result.unit}${result.note ? ` (${result.note})` : ''}`);
}
