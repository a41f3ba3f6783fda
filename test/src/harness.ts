import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerLink } from '@mjl/transport';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The same entry points users run (`npx mjl-broker`, …), from the built workspace. */
export const BIN = {
  broker: `${root}apps/broker/bin/mjl-broker.js`,
  gateway: `${root}apps/gateway-agent/bin/mjl-gateway.js`,
  aggregator: `${root}apps/aggregator/bin/mjl-aggregator.js`,
  mjl: `${root}apps/cli/bin/mjl.js`,
} as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A real process of ours, started with node, stopped by PID. */
export class AppProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    bin: string,
    args: string[],
    env: Record<string, string> = {},
  ) {
    this.child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, MJL_LOG_LEVEL: process.env.MJL_LOG_LEVEL ?? 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Waits until stdout matches `pattern`; fails with the process's output when it exits or times out. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited (${this.child.exitCode}) before ${pattern}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
      await sleep(20);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, signal);
  }

  async stop(timeoutMs = 5000): Promise<number | null> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A row of `mjl devices -o json`. */
export interface DeviceRow {
  name: string;
  service: string;
  site: string;
  gateway: string;
  status: 'online' | 'offline';
}

export interface MjlRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real `mjl` to completion. */
export async function mjl(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<MjlRun> {
  const started = Date.now();
  const run = new AppProcess('mjl', BIN.mjl, args, env);
  const timer = setTimeout(() => run.kill('SIGKILL'), timeoutMs);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout, stderr: run.stderr, ms: Date.now() - started };
}

/** Broker, gateways and aggregators of one test, all stopped by stopAll(). */
export class Stack {
  readonly processes: AppProcess[] = [];
  brokerUrl = '';

  private track(process: AppProcess): AppProcess {
    this.processes.push(process);
    return process;
  }

  /** Starts a broker on a free port; its on-disk state goes to a fresh temporary directory unless args name one. */
  async startBroker(args: string[] = []): Promise<AppProcess> {
    const dataDir = args.includes('--data-dir') || args.includes('--persistence') ? [] : ['--data-dir', mkdtempSync(join(tmpdir(), 'mjl-broker-'))];
    const broker = this.track(new AppProcess('mjl-broker', BIN.broker, ['--port', '0', ...dataDir, ...args]));
    const [, url] = await broker.waitFor(/listening on (mqtt:\/\/\S+)/);
    this.brokerUrl = url as string;
    return broker;
  }

  /** Starts a gateway; its outbox goes to a fresh temporary directory unless args name one. */
  async startGateway(site: string, gateway: string, args: string[] = [], env: Record<string, string> = {}): Promise<AppProcess> {
    const dataDir = args.includes('--data-dir') ? [] : ['--data-dir', mkdtempSync(join(tmpdir(), 'mjl-gw-'))];
    const agent = this.track(
      new AppProcess(`mjl-gateway ${site}/${gateway}`, BIN.gateway, ['--site', site, '--gateway', gateway, '--broker', this.brokerUrl, ...dataDir, ...args], env),
    );
    await agent.waitFor(/started/);
    return agent;
  }

  /** Starts an aggregator and waits until it aggregates; its journal goes to a fresh temporary directory unless args name one. */
  async startAggregator(args: string[] = [], env: Record<string, string> = {}): Promise<AppProcess> {
    const dataDir = args.includes('--data-dir') ? [] : ['--data-dir', mkdtempSync(join(tmpdir(), 'mjl-agg-'))];
    const aggregator = this.track(new AppProcess('mjl-aggregator', BIN.aggregator, ['--broker', this.brokerUrl, ...dataDir, ...args], env));
    // Subscribed to results: a gateway started after this loses none to the aggregator.
    await aggregator.waitFor(/aggregating/, 20_000);
    return aggregator;
  }

  /** A client of the test's own, for subscribing to what the system publishes. */
  async client(): Promise<BrokerLink> {
    return BrokerLink.connect({ brokers: [this.brokerUrl], clientId: `test-${randomBytes(4).toString('hex')}` });
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
  }
}

/** Polls `check` until it returns a value or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** A counter or gauge (the first series of it) from the Prometheus page of a health server. */
export async function metric(healthUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${healthUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  if (line === undefined) throw new Error(`no ${name} on ${healthUrl}/metrics`);
  return Number(line.split(' ').pop());
}
