import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { DECISION_ROWS, FormatError, readRows, type DecisionRow, type FileFormat, type ResultRow } from '@mjl/formats';
import { Aggregator, DurationError, type Decision, type Denominator } from '@mjl/quorum';
import { CliError } from '../context.js';
import { integerOption } from '../options.js';
import { formatTimestampUs, plural, renderTable } from '../output.js';
import { createFileRowsWriter, decisionRow } from '../row-files.js';

export const AGGREGATE_OUTPUTS = ['table', 'json', 'ndjson', 'csv', 'pickle'] as const;
type AggregateOutput = (typeof AGGREGATE_OUTPUTS)[number];

interface AggregateOptions {
  quorum?: boolean;
  window?: string;
  allowedLateness?: string;
  minVoters?: string;
  denominator: string;
  undecided?: boolean;
  output: string;
  out?: string;
}

const FORMAT_BY_EXTENSION: Record<string, FileFormat | 'json'> = {
  '.pickle': 'pickle',
  '.pkl': 'pickle',
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
};

/**
 * The result rows of a file written by `mjl inspection` (or anything else with rows of
 * (seconds, value, device)): pickle, CSV, NDJSON, or a JSON array of rows. The format comes from the
 * extension, else from the content. Errors name the file and the line, row or byte offset.
 */
export function readResultRows(path: string): ResultRow[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  try {
    if (format !== 'json') return readRows(bytes, format);
    return readJsonArrayRows(bytes);
  } catch (error) {
    if (error instanceof FormatError || error instanceof SyntaxError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/** A JSON array of rows, checked row by row as the NDJSON reader checks lines ("row N" for "line N+1"). */
function readJsonArrayRows(bytes: Uint8Array): ResultRow[] {
  const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
  if (!Array.isArray(parsed)) throw new SyntaxError('json: expected an array of rows [seconds, value, device]');
  const lines = parsed.map((row) => JSON.stringify(row)).join('\n');
  try {
    return readRows(new TextEncoder().encode(lines), 'ndjson');
  } catch (error) {
    if (!(error instanceof FormatError) || error.line === undefined) throw error;
    const message = error.message.replace(/^ndjson: line (\d+)/, (_, line: string) => `json: row ${Number(line) - 1}`);
    throw new SyntaxError(message);
  }
}

/** The decisions as a table: window start (seconds, and as a time), value. */
export function renderDecisionTable(rows: DecisionRow[]): string {
  if (rows.length === 0) return 'No decisions.\n';
  return renderTable(
    ['WINDOW START', 'TIME', 'VALUE'],
    rows.map(([seconds, value]) => [seconds.toFixed(6), formatTimestampUs(Math.round(seconds * 1e6)), value === null ? '<none>' : String(value)]),
  );
}

/** The bytes of `rows` in an output format (everything but the table). */
export function encodeDecisions(rows: DecisionRow[], format: Exclude<AggregateOutput, 'table'>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const writer = createFileRowsWriter(format, (chunk) => chunks.push(chunk), DECISION_ROWS);
  for (const row of rows) writer.row(row);
  writer.finish();
  return Buffer.concat(chunks);
}

function summary(rows: ResultRow[], decisions: Decision[]): string {
  const devices = new Set(rows.map((row) => row[2])).size;
  const decided = decisions.filter((decision) => decision.decided).length;
  return `${plural(rows.length, 'result')} from ${plural(devices, 'device')}: ${plural(decisions.length, 'window')}, ${decided} decided, ${decisions.length - decided} undecided\n`;
}

export function register(program: Command): void {
  program
    .command('aggregate')
    .description('Decide the quorum of a results file offline, window by window (no broker needed)')
    .argument('<file>', 'results file: pickle, CSV, NDJSON or JSON rows of (seconds, value, device)')
    .option('--quorum', 'majority quorum per window (the only aggregation there is; required)')
    .option('--window <duration>', 'window length, e.g. 3ms, 250us, 1s')
    .option('--allowed-lateness <duration>', 'replay the rows in file order as a live stream with this lateness (default: every row counts)')
    .option('--min-voters <n>', 'fewer voters in a window: no decision', '1')
    .addOption(new Option('--denominator <which>', 'majority of the voters, or of every device in the file').choices(['voters', 'live']).default('voters'))
    .option('--undecided', 'also list windows without a decision (value <none>/null/None)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(AGGREGATE_OUTPUTS).default('table'))
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
Prints (window start in seconds, value) for every decided window, in window order — the same as
new Aggregator({ quorum: true, window: "3ms" }).results(rows) in TypeScript.

Examples:
  mjl aggregate inspections/AudioClassifier/out-9c0db0f2.pickle --quorum --window 3ms
  mjl aggregate results.csv --quorum --window 3ms --min-voters 2 -o json
  mjl aggregate results.ndjson --quorum --window 1ms -o pickle --out decisions.pickle`,
    )
    .action(async (file: string, options: AggregateOptions) => {
      if (!options.quorum) throw new CliError('aggregate: pass --quorum (majority quorum is the only aggregation there is)');
      if (options.window === undefined) throw new CliError('aggregate: pass --window, e.g. --window 3ms');
      if (!(AGGREGATE_OUTPUTS as readonly string[]).includes(options.output)) {
        throw new CliError(`unknown output "${options.output}": use one of ${AGGREGATE_OUTPUTS.join(', ')}`);
      }
      const output = options.output as AggregateOutput;
      if (options.denominator !== 'voters' && options.denominator !== 'live') {
        throw new CliError(`--denominator: expected voters or live, got "${options.denominator}"`);
      }
      if (output === 'pickle' && options.out === undefined && process.stdout.isTTY) {
        throw new CliError('-o pickle writes binary: pass --out FILE, or redirect stdout to a file or pipe');
      }
      let aggregator: Aggregator;
      try {
        aggregator = new Aggregator({
          quorum: true,
          window: options.window,
          ...(options.allowedLateness === undefined ? {} : { allowedLateness: options.allowedLateness }),
          denominator: options.denominator as Denominator,
          minVoters: integerOption('--min-voters', options.minVoters ?? '1', 1),
        });
      } catch (error) {
        if (error instanceof DurationError || error instanceof RangeError) throw new CliError(`--window/--allowed-lateness: ${error.message}`);
        throw error;
      }
      const rows = readResultRows(file);
      let decisions: Decision[];
      try {
        decisions = aggregator.decisions(rows);
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
      const decisionRows = decisions.filter((decision) => decision.decided || options.undecided).map(decisionRow);
      const bytes = output === 'table' ? Buffer.from(renderDecisionTable(decisionRows)) : encodeDecisions(decisionRows, output);
      if (options.out !== undefined) {
        try {
          writeFileSync(options.out, bytes);
        } catch (error) {
          throw new CliError(`cannot write ${options.out}: ${(error as Error).message}`);
        }
      } else {
        process.stdout.write(bytes);
      }
      if (process.stderr.isTTY) process.stderr.write(summary(rows, decisions));
    });
}
