/**
 * Real processes for the benches: the built apps (apps/*\/bin → dist), as users run them, on
 * 127.0.0.1 with free ports, stopped by PID. Reads CPU time and memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const BIN = {
  broker: `${ROOT}apps/broker/bin/mjl-broker.js`,
  gateway: `${ROOT}apps/gateway-agent/bin/mjl-gateway.js`,
  aggregator: `${ROOT}apps/aggregator/bin/mjl-aggregator.js`,
} as const;

/** Where --profile puts the V8 CPU profiles of our processes. */
export const PROFILE_DIR = `${ROOT}bench/profiles`;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux port we run on). */
const CLOCK_TICKS = 100;

export interface ProcessSample {
  /** User + system CPU milliseconds since the process started. */
  cpuMs: number;
  /** Resident set size now, and its peak, in KiB. */
  rssKiB: number;
  peakRssKiB: number;
}

/** CPU time and memory of a live process, from /proc (Linux). */
export function sampleProcess(pid: number): ProcessSample {
  // Fields after the command name (which may hold spaces) start at state, field 3: utime is 14, stime 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS, rssKiB: kib('VmRSS'), peakRssKiB: kib('VmHWM') };
}

/** A fresh temporary directory, removed by `removeTemporary`. */
export function temporaryDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mjl-bench-${prefix}-`));
}

export function removeTemporary(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface StartOptions {
  /** Write a V8 CPU profile (node --cpu-prof) to PROFILE_DIR when the process exits. */
  profile?: boolean;
  env?: Record<string, string>;
}

/** One of our apps, started with node from its bin, stopped by PID. */
export class AppProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    bin: string,
    args: string[],
    options: StartOptions = {},
  ) {
    const nodeFlags: string[] = [];
    if (options.profile) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name.replace(/[^\w.-]+/g, '_')}-${stamp}.cpuprofile`);
    }
    this.child = spawn(process.execPath, [...nodeFlags, bin, ...args], {
      env: { ...process.env, MJL_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      // Keep the tail only: a process that logs a warning per message would fill the bench's memory.
      this.stderr = (this.stderr + chunk.toString()).slice(-20_000);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  sample(): ProcessSample {
    return sampleProcess(this.pid);
  }

  /** Waits until stdout matches `pattern`; fails with the process's output when it exits or times out. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode}) before ${pattern}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
      await sleep(20);
    }
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (!this.running) return;
    process.kill(this.pid, 'SIGTERM');
    const timer = setTimeout(() => this.running && process.kill(this.pid, 'SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export type Persistence = 'memory' | 'level';

export interface Broker {
  process: AppProcess;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** mjl-broker on a free port; level persistence goes to a fresh temporary directory. */
export async function startBroker(persistence: Persistence, options: StartOptions = {}): Promise<Broker> {
  const dataDir = persistence === 'level' ? temporaryDir('broker') : undefined;
  const args = ['--port', '0', '--persistence', persistence, ...(dataDir ? ['--data-dir', dataDir] : [])];
  const process = new AppProcess(`mjl-broker-${persistence}`, BIN.broker, args, options);
  const [, url] = await process.waitFor(/listening on (mqtt:\/\/\S+)/);
  return {
    process,
    url: url as string,
    port: Number(new URL(url as string).port),
    async stop() {
      await process.stop();
      if (dataDir) removeTemporary(dataDir);
    },
  };
}

/** Prometheus text → value per metric name (the series of a name summed over their labels). */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match) values.set(match[1]!, (values.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return values;
}

/** One of our apps with its health server (--health-port 0). */
export interface ServiceProcess {
  process: AppProcess;
  /** Its Prometheus metrics now. */
  metrics(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

async function healthUrl(process: AppProcess): Promise<string> {
  const [, url] = await process.waitFor(/health on (http:\/\/\S+)/);
  return url as string;
}

async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  return parseMetrics(await response.text());
}

/** mjl-aggregator with its journal in a fresh temporary directory (the default crash-safe mode). */
export async function startAggregator(brokerUrl: string, args: string[] = [], options: StartOptions = {}): Promise<ServiceProcess> {
  const dataDir = temporaryDir('aggregator');
  const process = new AppProcess('mjl-aggregator', BIN.aggregator, ['--broker', brokerUrl, '--data-dir', dataDir, '--health-port', '0', ...args], options);
  // Subscribed to results: gateways started after this lose none to it.
  await process.waitFor(/aggregating/);
  return serviceOf(process, dataDir);
}

/** A started process of ours with a health server, whose temporary directory goes when it stops. */
async function serviceOf(process: AppProcess, dataDir: string): Promise<ServiceProcess> {
  const url = await healthUrl(process);
  return {
    process,
    metrics: () => scrape(url),
    async stop() {
      await process.stop();
      removeTemporary(dataDir);
    },
  };
}

export interface GatewaySpec {
  site: string;
  gateway: string;
  devices: number;
  /** Results per second per device. */
  rate: number;
}

/** A simulating mjl-gateway; its data (the outbox) goes to a fresh temporary directory. */
export async function startGateway(brokerUrl: string, spec: GatewaySpec, options: StartOptions = {}): Promise<ServiceProcess> {
  const dataDir = temporaryDir('gateway');
  const args = [
    '--site', spec.site,
    '--gateway', spec.gateway,
    '--broker', brokerUrl,
    '--simulate', `AudioClassifier:${spec.devices}:0.9`,
    '--rate', String(spec.rate),
    '--health-port', '0',
  ];
  const process = new AppProcess(`mjl-gateway-${spec.site}-${spec.gateway}`, BIN.gateway, args, {
    ...options,
    env: { MJL_GATEWAY_DATA_DIR: dataDir, ...options.env },
  });
  await process.waitFor(/started/);
  return serviceOf(process, dataDir);
}
