/** Results of one device, ready to be published: results i = 0..n-1 have sequence number firstSeq + i. */
export interface ReadyBatch {
  device: string;
  firstSeq: number;
  timestampsUs: number[];
  values: number[];
}

/**
 * How results go out: one message per linger for all devices of the gateway (on its results topic),
 * or one per device (on each device's results topic).
 */
export type ResultGrouping = 'gateway' | 'device';

/** Longest a batch is held back beyond its linger while the link is backed up. */
export const MAX_HOLD_MS = 50;

/**
 * Groups results per device and hands them out together: every batch pending `lingerMs` after the
 * first result, as one flush. A flush also comes at once when `maxResults` are pending, in all
 * (grouping "gateway": they go in one message) or for one device (grouping "device": that device's
 * batch alone). Sequence numbers count results per device, without gaps.
 *
 * Back-pressure: while `backedUp()` says the link is behind (messages wait in the outbox), batches
 * are held past their linger, up to MAX_HOLD_MS, and grow instead of queueing as many small
 * messages: the broker's and the gateway's cost is per message, so a backlog is worked off in
 * fewer, larger ones, and results lag by at most MAX_HOLD_MS more.
 */
export class ResultBatcher {
  private readonly pending = new Map<string, ReadyBatch>();
  private readonly nextSeq = new Map<string, number>();
  private pendingResults = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest pending batch began (Date.now()). */
  private pendingSinceMs = 0;

  constructor(
    private readonly options: { lingerMs: number; maxResults: number; grouping: ResultGrouping },
    private readonly flush: (batches: ReadyBatch[]) => void,
    private readonly backedUp: () => boolean = () => false,
  ) {}

  add(device: string, timestampUs: number, value: number): void {
    let batch = this.pending.get(device);
    if (!batch) {
      batch = { device, firstSeq: this.nextSeq.get(device) ?? 0, timestampsUs: [], values: [] };
      this.pending.set(device, batch);
      if (this.timer === undefined) {
        this.pendingSinceMs = Date.now();
        this.timer = setTimeout(() => this.lingerEnded(), this.options.lingerMs);
      }
    }
    batch.timestampsUs.push(timestampUs);
    batch.values.push(value);
    this.pendingResults++;
    if (this.options.grouping === 'device') {
      if (batch.values.length >= this.options.maxResults) this.flushBatches([batch]);
    } else if (this.pendingResults >= this.options.maxResults) {
      this.flushAll();
    }
  }

  flushAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size > 0) this.flushBatches([...this.pending.values()]);
  }

  private lingerEnded(): void {
    // Held while backed up, until the next check would come more than MAX_HOLD_MS past the linger.
    if (this.pending.size > 0 && this.backedUp() && Date.now() - this.pendingSinceMs <= MAX_HOLD_MS) {
      this.timer = setTimeout(() => this.lingerEnded(), this.options.lingerMs);
      return;
    }
    this.flushAll();
  }

  private flushBatches(batches: ReadyBatch[]): void {
    for (const batch of batches) {
      this.pending.delete(batch.device);
      this.pendingResults -= batch.values.length;
      this.nextSeq.set(batch.device, batch.firstSeq + batch.values.length);
    }
    this.flush(batches);
  }
}
