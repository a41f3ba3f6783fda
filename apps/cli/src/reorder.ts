interface Pending<T> {
  timestampUs: number;
  arrival: number;
  item: T;
}

interface Source {
  newestUs: number;
  lastSeenMs: number;
}

export interface ReorderOptions {
  /** How far behind a source's newest timestamp an item of that source may still arrive in order. */
  latenessUs: number;
  /** A source silent this long (wall clock) no longer holds the others back (a dead gateway). */
  idleMs: number;
}

/**
 * Puts items from several sources (gateways, each with its own clock and delays) into timestamp
 * order before they are written. An item is released once it is older than the watermark: the
 * minimum over active sources of their newest timestamp minus the lateness. Sources are compared
 * only with themselves, so clock skew between gateways delays items instead of misordering them.
 * An item older than one already released cannot go back: it is released at the next drain and
 * counted in `outOfOrder`.
 */
export class ReorderBuffer<T> {
  private pending: Pending<T>[] = [];
  private readonly sources = new Map<string, Source>();
  private arrivals = 0;
  private releasedUpToUs = Number.NEGATIVE_INFINITY;
  outOfOrder = 0;

  constructor(private readonly options: ReorderOptions) {}

  get size(): number {
    return this.pending.length;
  }

  add(source: string, timestampUs: number, item: T, nowMs: number): void {
    const known = this.sources.get(source);
    if (known) {
      known.newestUs = Math.max(known.newestUs, timestampUs);
      known.lastSeenMs = nowMs;
    } else {
      this.sources.set(source, { newestUs: timestampUs, lastSeenMs: nowMs });
    }
    if (timestampUs < this.releasedUpToUs) this.outOfOrder++;
    this.pending.push({ timestampUs, arrival: this.arrivals++, item });
  }

  /** The items safe to write now, in timestamp order (arrival order among equal timestamps). */
  drain(nowMs: number): T[] {
    let watermarkUs = Number.POSITIVE_INFINITY;
    for (const source of this.sources.values()) {
      if (nowMs - source.lastSeenMs <= this.options.idleMs) watermarkUs = Math.min(watermarkUs, source.newestUs - this.options.latenessUs);
    }
    return this.release(watermarkUs);
  }

  /** Everything still held, in timestamp order: at the end of the input. */
  drainAll(): T[] {
    return this.release(Number.POSITIVE_INFINITY);
  }

  private release(watermarkUs: number): T[] {
    if (this.pending.length === 0) return [];
    this.pending.sort((a, b) => a.timestampUs - b.timestampUs || a.arrival - b.arrival);
    let count = 0;
    while (count < this.pending.length && (this.pending[count] as Pending<T>).timestampUs <= watermarkUs) count++;
    if (count === 0) return [];
    const released = this.pending.slice(0, count);
    this.pending = this.pending.slice(count);
    this.releasedUpToUs = Math.max(this.releasedUpToUs, (released[released.length - 1] as Pending<T>).timestampUs);
    return released.map((entry) => entry.item);
  }
}
