/**
 * Every benchmark of mjl in one run: prints one table (name, value, unit, target, verdict) and
 * writes bench/results.json. How to read the numbers: docs/benchmarks.md.
 *
 *   npm run bench                                   everything (builds first; about 7 minutes)
 *   npm run -w bench bench -- --only broker,latency  some parts (npm run bench -- broker latency works too)
 *   npm run -w bench bench -- --profile              also CPU-profile our processes (bench/profiles/)
 *
 * Parts: quorum, gpio, broker, e2e, latency, memory, cli. Flags: --only a,b  --skip a,b
 * --rounds N (broker rounds, default 3)  --profile  --no-build  --out FILE. A part that fails is
 * reported as such; the others still run. Exit code 1 when a part failed, 0 otherwise (missed targets
 * are results, not failures); 2 for bad arguments.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { runBrokerBench } from './broker/broker.bench.js';
import { runCliBench } from './cli/devices.bench.js';
import { runLatencyBench } from './e2e/latency.bench.js';
import { runMemoryBench } from './e2e/memory.bench.js';
import { runThroughputBench } from './e2e/throughput.bench.js';
import { runGpioBench } from './gpio/gpio.bench.js';
import { formatSummary, summarizeProfile } from './lib/profile.js';
import { PROFILE_DIR, ROOT } from './lib/processes.js';
import { atMost, describeTarget, verdict, type BenchResult } from './lib/result.js';
import { runQuorumBench } from './quorum/quorum.bench.js';

interface Options {
  profile: boolean;
  rounds: number;
  log: (line: string) => void;
}

interface Part {
  name: string;
  what: string;
  run(options: Options): Promise<BenchResult[]>;
}

/** The GPIO bench's own target (docs/devices.md): edge → result p99 under 1 ms. */
const withGpioTarget = (results: BenchResult[]) =>
  results.map((result) => (result.name === 'gpio event loop: edge → bus result p99' ? { ...result, target: atMost(1000) } : result));

const PARTS: Part[] = [
  { name: 'quorum', what: 'quorum engine, in process', run: () => runQuorumBench() },
  { name: 'gpio', what: 'GPIO driver latency, in process', run: async () => withGpioTarget(await runGpioBench()) },
  { name: 'broker', what: 'broker routing vs mosquitto', run: (options) => runBrokerBench({ rounds: options.rounds, profile: options.profile, log: options.log }) },
  {
    name: 'e2e',
    what: 'end-to-end results/s, ramped',
    run: async (options) => [
      ...(await runThroughputBench({ persistence: 'level', profile: options.profile, log: options.log })),
      ...(await runThroughputBench({ persistence: 'memory', profile: options.profile, log: options.log })),
    ],
  },
  { name: 'latency', what: 'decision latency', run: (options) => runLatencyBench({ profile: options.profile, log: options.log }) },
  { name: 'memory', what: 'RSS per process', run: (options) => runMemoryBench({ profile: options.profile, log: options.log }) },
  { name: 'cli', what: '`mjl devices` wall time', run: () => runCliBench() },
];

function parseOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      skip: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      profile: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: `${ROOT}bench/results.json` },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const known = new Set(PARTS.map((part) => part.name));
  const list = (text: string | undefined) => (text ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  // Positional part names too: `npm run bench -- broker` reaches us, while npm keeps `--only` for itself.
  const only = [...list(values.only), ...positionals];
  const skip = list(values.skip);
  const unknown = [...only, ...skip].filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}: the parts are ${[...known].join(', ')}`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number ≥ 1, not ${values.rounds}`);
  const parts = PARTS.filter((part) => (only.length === 0 || only.includes(part.name)) && !skip.includes(part.name));
  return { parts, rounds, profile: values.profile, build: !values['no-build'], out: values.out, help: values.help };
}

/** The benches run the built apps: bring dist up to date (incremental, seconds when nothing changed). */
function build(): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-b', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed (tsc -b): the benches need the built apps; fix the build or pass --no-build');
  process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function git(args: string[]): string {
  return spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
}

function machine() {
  const mosquitto = spawnSync('sh', ['-c', 'mosquitto -h 2>/dev/null | head -1 || /usr/sbin/mosquitto -h | head -1'], { encoding: 'utf8' }).stdout.trim();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    mosquitto,
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedChanges: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
  };
}

const load = () => loadavg().map((value) => Number(value.toFixed(2)));

interface Row extends BenchResult {
  part: string;
  verdict: string;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function printTable(rows: Row[], failures: Array<{ part: string; error: string }>): void {
  const header = ['benchmark', 'value', 'unit', 'target', 'verdict'];
  const cells = rows.map((row) => [row.name, formatValue(row.value), row.unit, describeTarget(row.target), row.verdict]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: string[]) =>
    cell.map((text, column) => (column === 1 ? text.padStart(widths[column]!) : text.padEnd(widths[column]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cell of cells) console.log(line(cell));
  const notes = rows.filter((row) => row.note);
  if (notes.length > 0) {
    console.log('\nNotes:');
    for (const row of notes) console.log(`- ${row.name}: ${row.note}`);
  }
  for (const failure of failures) console.log(`\nFAILED part ${failure.part}: ${failure.error}`);
}

/** Where the time went in each process profiled during this run. */
function printProfiles(since: number): void {
  let files: string[];
  try {
    files = readdirSync(PROFILE_DIR).filter((name) => name.endsWith('.cpuprofile') && statSync(`${PROFILE_DIR}/${name}`).mtimeMs >= since);
  } catch {
    return;
  }
  for (const file of files.sort()) process.stderr.write(`\n${formatSummary(file, summarizeProfile(`${PROFILE_DIR}/${file}`, 12))}\n`);
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions();
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (options.help) {
    console.log(`npm run -w bench bench -- [--only ${PARTS.map((part) => part.name).join(',')}] [--skip …] [--rounds N] [--profile] [--no-build] [--out FILE]`);
    for (const part of PARTS) console.log(`  ${part.name.padEnd(8)} ${part.what}`);
    return 0;
  }
  const startedAt = new Date();
  const loadBefore = load();
  if (options.build) build();
  const log = (text: string) => process.stderr.write(`${text}\n`);
  const rows: Row[] = [];
  const failures: Array<{ part: string; error: string }> = [];
  const timings: Record<string, number> = {};
  for (const part of options.parts) {
    const began = Date.now();
    log(`${part.name}: ${part.what} …`);
    try {
      const results = await part.run({ profile: options.profile, rounds: options.rounds, log });
      rows.push(...results.map((result) => ({ ...result, part: part.name, verdict: verdict(result) })));
    } catch (error) {
      failures.push({ part: part.name, error: (error as Error).stack ?? String(error) });
      log(`${part.name} failed: ${(error as Error).message}`);
    }
    timings[part.name] = Math.round((Date.now() - began) / 100) / 10;
    log(`${part.name}: ${timings[part.name]} s`);
  }
  const finishedAt = new Date();
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
    secondsPerPart: timings,
    machine: { ...machine(), loadAverageBefore: loadBefore, loadAverageAfter: load() },
    results: rows,
    failures,
  };
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\nmjl benchmarks, ${report.machine.cpus} × ${report.machine.cpuModel}, node ${report.machine.node}; ` +
      `load average ${loadBefore.join(' ')} before, ${report.machine.loadAverageAfter.join(' ')} after; ${report.seconds} s\n`,
  );
  printTable(rows, failures);
  console.log(`\nwritten to ${options.out}`);
  if (options.profile) printProfiles(startedAt.getTime());
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
