/**
 * How many sequence numbers seen out of order one session remembers individually. Beyond that the
 * oldest gaps are given up: a result later arriving into a given-up gap counts as a duplicate. At one
 * result per millisecond this is a reordering horizon of four seconds.
 */
export const SCATTERED_SEQUENCE_LIMIT = 4096;

/**
 * The sequence numbers seen in one session of one device, in bounded memory: a contiguous run
 * [origin, floor) plus the few seen outside it. In-order delivery only moves `floor`.
 */
export class SeenSequences {
  private origin: number;
  private floor: number;
  private scattered: Set<number> | undefined = undefined;

  constructor(
    readonly session: number,
    firstSeq: number,
  ) {
    this.origin = firstSeq;
    this.floor = firstSeq + 1;
  }

  /** Records `seq`; true when it is seen for the first time, false for a repeat. */
  firstSighting(seq: number): boolean {
    if (seq === this.floor) {
      this.floor++;
      if (this.scattered !== undefined && this.scattered.size > 0) this.absorbAdjacent();
      return true;
    }
    if (seq >= this.origin && seq < this.floor) return false;
    this.scattered ??= new Set();
    if (this.scattered.has(seq)) return false;
    this.scattered.add(seq);
    if (seq === this.origin - 1) this.absorbAdjacent();
    else if (this.scattered.size > SCATTERED_SEQUENCE_LIMIT) this.giveUpOldestGaps();
    return true;
  }

  /** How many sequence numbers are remembered one by one (for tests and memory checks). */
  get scatteredCount(): number {
    return this.scattered?.size ?? 0;
  }

  private absorbAdjacent(): void {
    const scattered = this.scattered as Set<number>;
    while (scattered.delete(this.floor)) this.floor++;
    while (scattered.delete(this.origin - 1)) this.origin--;
  }

  /** Widens the contiguous run over the oldest half of the scattered numbers, gaps included. */
  private giveUpOldestGaps(): void {
    const scattered = this.scattered as Set<number>;
    const sorted = [...scattered].sort((a, b) => a - b);
    const newestGivenUp = sorted[sorted.length - SCATTERED_SEQUENCE_LIMIT / 2 - 1] as number;
    this.origin = Math.min(this.origin, sorted[0] as number);
    this.floor = Math.max(this.floor, newestGivenUp + 1);
    for (const seq of sorted) {
      if (seq >= this.floor) break;
      scattered.delete(seq);
    }
    this.absorbAdjacent();
  }
}
