import type { Logger } from '@mjl/runtime';

/**
 * Counts a recurring problem (bad frames, unknown slots) and logs it at the 1st, 2nd, 4th, 8th, …
 * occurrence with the running count: every problem is counted, and a chatty device cannot flood the log.
 */
export class CountedWarning {
  private count = 0;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
  ) {}

  report(details: Record<string, unknown>): void {
    this.count++;
    if ((this.count & (this.count - 1)) === 0) this.logger.warn({ ...details, count: this.count }, this.message);
  }

  get total(): number {
    return this.count;
  }
}
