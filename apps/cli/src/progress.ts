import { formatBytes } from './output.js';

/** What a long-running command has received so far. */
export interface ProgressCounts {
  messages: number;
  bytes: number;
}

/** "12.3s  1,234 messages  45.6 kB" */
export function progressLine(elapsedMs: number, counts: ProgressCounts, totalMs?: number): string {
  const elapsed = `${(elapsedMs / 1000).toFixed(1)}s${totalMs === undefined ? '' : ` / ${(totalMs / 1000).toFixed(0)}s`}`;
  return `${elapsed}  ${counts.messages.toLocaleString('en')} messages  ${formatBytes(counts.bytes)}`;
}

/**
 * A progress line on stderr, redrawn in place a few times a second, when stderr is a terminal; when it
 * is piped or redirected, nothing at all (so logs and scripts see only the real output).
 */
export class Progress {
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    private readonly counts: ProgressCounts,
    private readonly totalMs?: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    if (stream.isTTY) {
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref();
    }
  }

  private draw(): void {
    this.shown = true;
    this.stream.write(`\r\x1b[2K${progressLine(Date.now() - this.started, this.counts, this.totalMs)}`);
  }

  /** Removes the line, so that what is printed next starts on a clean line. */
  stop(): void {
    clearInterval(this.timer);
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
