/**
 * Wall time of the real `mjl devices` (process start to exit) against a real broker holding 1,000
 * and 10,000 retained device announcements, and of `mjl --version` (process start alone).
 *
 *   npx tsc -b apps/cli apps/broker && node --import tsx bench/cli/devices.bench.ts
 *
 * Runs the built CLI (apps/cli/bin/mjl.js → dist), as users do. Median of 5 runs per size; with GNU
 * time installed, the CPU time (user + system) too, which a busy machine distorts less than wall time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codecs, deviceName, Direction, Protocol, topics } from '../../libs/protocol/src/index.js';
import { BrokerLink } from '../../libs/transport/src/index.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BROKER_BIN = `${ROOT}apps/broker/bin/mjl-broker.js`;
const MJL_BIN = `${ROOT}apps/cli/bin/mjl.js`;
const SIZES = [1_000, 10_000];
const DEVICES_PER_GATEWAY = 100;
const RUNS = 5;

interface Broker {
  url: string;
  process: ChildProcess;
}

async function startBroker(): Promise<Broker> {
  const child = spawn(process.execPath, [BROKER_BIN, '--port', '0', '--persistence', 'memory'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MJL_LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (mqtt:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`mjl-broker exited (${code}) before listening: ${output}`)));
  });
  return { url, process: child };
}

async function stopBroker(broker: Broker): Promise<void> {
  const exited = new Promise((resolve) => broker.process.once('exit', resolve));
  broker.process.kill('SIGTERM');
  await exited;
}

/** Retained gateway states and `count` device announcements, as real gateways publish them. */
async function publishFleet(url: string, count: number): Promise<void> {
  const link = await BrokerLink.connect({ brokers: [url], clientId: `bench-fleet-${count}` });
  const sinceUs = Date.now() * 1000 - 120_000_000;
  const publishes: Promise<void>[] = [];
  for (let gatewayIndex = 0; gatewayIndex * DEVICES_PER_GATEWAY < count; gatewayIndex++) {
    const site = `site-${Math.floor(gatewayIndex / 10)}`;
    const gateway = `pi-${gatewayIndex}`;
    publishes.push(
      link.publish(
        topics.gatewayState(site, gateway),
        codecs.gatewayState.encode({ online: true, site, gateway, softwareVersion: '0.1.0', birthSeq: 1, timestampUs: sinceUs, keepaliveS: 5 }),
        { qos: 1, retain: true },
      ),
    );
    const devices = Math.min(DEVICES_PER_GATEWAY, count - gatewayIndex * DEVICES_PER_GATEWAY);
    for (let index = 0; index < devices; index++) {
      const name = deviceName('AudioClassifier', { site, gateway, address: `gpio:${index}` });
      const announcement = codecs.deviceAnnouncement.encode({
        name,
        service: 'AudioClassifier',
        type: 'TinyFPGA',
        protocols: [Protocol.GPIO],
        site,
        gateway,
        parent: '',
        streams: [
          { id: `in${index.toString(16).padStart(6, '0')}`, direction: Direction.INPUT, protocol: Protocol.GPIO, gpio: { strobePin: 17, dataPins: [22, 27] } },
        ],
        sinceUs,
        driver: 'bench',
        online: true,
      });
      publishes.push(link.publish(topics.device(site, gateway, name), announcement, { qos: 1, retain: true }));
    }
  }
  await Promise.all(publishes);
  await link.close();
}

/** GNU time, when installed, to report the CPU time of each run as well (less sensitive to a busy machine). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CPU_MARK = 'mjl-bench-cpu';

interface Run {
  ms: number;
  cpuMs: number | undefined;
  stdout: string;
}

/** Runs `node mjl.js args` to its end; returns wall milliseconds, CPU milliseconds (user + system) and stdout. */
function runMjl(args: string[]): Promise<Run> {
  const started = performance.now();
  const command = [process.execPath, MJL_BIN, ...args];
  const child = GNU_TIME
    ? spawn(GNU_TIME, ['-f', `${CPU_MARK} %U %S`, ...command], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command[0] as string, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      const cpu = new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(stderr);
      const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined;
      if (code !== 0) reject(new Error(`mjl ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, cpuMs, stdout });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Median wall and CPU milliseconds of RUNS runs, after one to warm the file system cache. */
async function timeMjl(name: string, args: string[], check: (stdout: string) => void): Promise<BenchResult[]> {
  await runMjl(args);
  const runs: Run[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await runMjl(args);
    check(result.stdout);
    runs.push(result);
  }
  const results = [{ name, value: median(runs.map((run) => run.ms)), unit: 'ms' }];
  const cpu = runs.map((run) => run.cpuMs).filter((ms): ms is number => ms !== undefined);
  if (cpu.length === runs.length) results.push({ name: `${name} (CPU)`, value: median(cpu), unit: 'ms' });
  return results;
}

export async function runCliBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  results.push(...(await timeMjl('mjl --version (process start)', ['--version'], () => undefined)));
  for (const size of SIZES) {
    const broker = await startBroker();
    try {
      await publishFleet(broker.url, size);
      const timed = await timeMjl(`mjl devices, ${size.toLocaleString('en')} devices`, ['devices', '--broker', broker.url], (stdout) => {
        const lines = stdout.trimEnd().split('\n').length;
        if (lines !== size + 1) throw new Error(`mjl devices printed ${lines - 1} devices, expected ${size}`);
      });
      results.push(...timed);
    } finally {
      await stopBroker(broker);
    }
  }
  return results;
}

function printTable(results: BenchResult[]): void {
  const width = Math.max(...results.map((result) => result.name.length));
  // Wall times scale with whatever else the machine runs: the load average says how busy it was.
  const load = loadavg().map((value) => value.toFixed(2)).join(' ');
  process.stdout.write(`${'benchmark'.padEnd(width)}   median of ${RUNS} (wall, or CPU = user + system; load average ${load}, ${cpus().length} cores)\n`);
  for (const result of results) process.stdout.write(`${result.name.padEnd(width)}   ${result.value.toFixed(0)} ${result.unit}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await runCliBench());
}
