import { parseDuration } from './duration.js';
import { QuorumEngine, type Decision, type Denominator, type LateBatch, type QuorumStats } from './engine.js';
import { microsToSeconds, secondsToMicros } from './time.js';

export interface AggregatorOptions {
  quorum: true;
  /** Window length as a duration text: "3ms", "250us", "1s". */
  window: string;
  /**
   * When given, rows are replayed in their order as a live stream: windows close as the watermark
   * passes them and rows arriving after their window closed are late (see run()). When omitted,
   * lateness is unlimited: every row counts, whatever its order.
   */
  allowedLateness?: string;
  /** 'live' counts every device present anywhere in the rows. Default 'voters'. */
  denominator?: Denominator;
  minVoters?: number;
  /** Service name put in the decisions. Default "offline". */
  service?: string;
}

/** One result as stored in a results pickle: (timestamp in seconds, value, device). */
export type ResultRow = readonly [timestampSeconds: number, value: number, device: string];

/** A decided window: (window start in seconds, decided value). */
export type WindowResult = [windowStartSeconds: number, value: number];

export interface OfflineRun {
  /** Every window that had results, decided or not, in window order. */
  decisions: Decision[];
  /** Rows that came after their window closed (only with allowedLateness). */
  late: LateBatch[];
  stats: QuorumStats;
}

const OFFLINE_GATEWAY = 'offline';

/**
 * The quorum over a finished list of results, as `mjl aggregate FILE --quorum --window 3ms` does: all
 * rows are one service seen through one gateway, and every device in the rows counts as live.
 */
export class Aggregator {
  private readonly windowUs: number;
  private readonly allowedLatenessUs: number | undefined;

  constructor(private readonly options: AggregatorOptions) {
    if (options.quorum !== true) throw new RangeError('Aggregator: only quorum aggregation exists; pass { quorum: true, window: "3ms" }');
    this.windowUs = parseDuration(options.window);
    this.allowedLatenessUs = options.allowedLateness === undefined ? undefined : parseDurationOrZero(options.allowedLateness);
  }

  /** The decided windows only, as (window start in seconds, value), in window order. */
  results(rows: Iterable<ResultRow>): WindowResult[] {
    return this.decisions(rows)
      .filter((decision) => decision.decided)
      .map((decision) => [microsToSeconds(decision.windowStartUs), decision.value]);
  }

  /** Every window that had results, decided or not, in window order. */
  decisions(rows: Iterable<ResultRow>): Decision[] {
    return this.run(rows).decisions;
  }

  /**
   * Windows close at the end of input (closedBy 'shutdown'), or, with allowedLateness, as the
   * watermark passes them while rows are replayed in order (closedBy 'watermark').
   */
  run(rows: Iterable<ResultRow>): OfflineRun {
    const list = Array.isArray(rows) ? (rows as readonly ResultRow[]) : [...rows];
    const service = this.options.service ?? 'offline';
    const engine = new QuorumEngine({
      windowUs: this.windowUs,
      allowedLatenessUs: this.allowedLatenessUs ?? 0,
      denominator: this.options.denominator ?? 'voters',
      minVoters: this.options.minVoters ?? 1,
      earlyClose: false,
    });
    list.forEach((row, index) => {
      checkRow(row, index);
      engine.deviceOnline(service, row[2], OFFLINE_GATEWAY);
    });
    const replayAsStream = this.allowedLatenessUs !== undefined;
    const decisions: Decision[] = [];
    const result = { service, device: '', gateway: OFFLINE_GATEWAY, timestampUs: 0, value: 0 };
    for (const [timestampSeconds, value, device] of list) {
      result.device = device;
      result.timestampUs = secondsToMicros(timestampSeconds);
      result.value = value;
      engine.add(result);
      if (replayAsStream) decisions.push(...engine.closeReady());
    }
    decisions.push(...engine.closeAll());
    return { decisions, late: engine.takeLate(), stats: engine.stats() };
  }
}

/** parseDuration, plus zero ("0", "0ms"): no lateness allowed. */
function parseDurationOrZero(text: string): number {
  return /^(0+(\.0+)?|\.0+)(us|µs|ms|s|m|h)?$/.test(text.trim()) ? 0 : parseDuration(text);
}

function checkRow(row: ResultRow, index: number): void {
  if (!Array.isArray(row) || row.length < 3) {
    throw new TypeError(`row ${index}: expected (timestamp seconds, value, device), got ${JSON.stringify(row)}`);
  }
  const [timestampSeconds, value, device] = row;
  if (typeof timestampSeconds !== 'number' || !Number.isFinite(timestampSeconds)) {
    throw new TypeError(`row ${index}: timestamp must be seconds since the epoch as a number, got ${JSON.stringify(timestampSeconds)}`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`row ${index}: value must be a number, got ${JSON.stringify(value)}`);
  }
  if (typeof device !== 'string' || device === '') {
    throw new TypeError(`row ${index}: device must be a non-empty name, got ${JSON.stringify(device)}`);
  }
}
