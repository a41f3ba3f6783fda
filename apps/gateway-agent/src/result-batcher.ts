/** Results of one device waiting to be published as one batch. */
interface PendingBatch {
  device: string;
  firstSeq: number;
  timestampsUs: number[];
  values: number[];
}

export interface ReadyBatch {
  device: string;
  firstSeq: number;
  timestampsUs: number[];
  values: number[];
}

/** Longest a batch is held back beyond its linger while the link is backed up. */
export const MAX_HOLD_MS = 50;

/**
 * Groups results per device: a batch is flushed `lingerMs` after its first result, or at once when
 * it reaches `maxResults`. Sequence numbers count results per device, without gaps.
 *
 * Back-pressure: while `backedUp()` says the link is behind (messages wait in the outbox), batches
 * are held past their linger, up to MAX_HOLD_MS, and grow instead of queueing as many small
 * messages: the broker's and the gateway's cost is per message, so a backlog is worked off in
 * fewer, larger ones, and results lag by at most MAX_HOLD_MS more.
 */
export class ResultBatcher {
  private readonly pending = new Map<string, PendingBatch>();
  private readonly nextSeq = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest pending batch began (Date.now()). */
  private pendingSinceMs = 0;

  constructor(
    private readonly lingerMs: number,
    private readonly maxResults: number,
    private readonly flush: (batch: ReadyBatch) => void,
    private readonly backedUp: () => boolean = () => false,
  ) {}

  add(device: string, timestampUs: number, value: number): void {
    let batch = this.pending.get(device);
    if (!batch) {
      const firstSeq = this.nextSeq.get(device) ?? 0;
      batch = { device, firstSeq, timestampsUs: [], values: [] };
      this.pending.set(device, batch);
      if (this.timer === undefined) {
        this.pendingSinceMs = Date.now();
        this.timer = setTimeout(() => this.lingerEnded(), this.lingerMs);
      }
    }
    batch.timestampsUs.push(timestampUs);
    batch.values.push(value);
    if (batch.values.length >= this.maxResults) this.flushDevice(batch);
  }

  flushAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const batch of [...this.pending.values()]) this.flushDevice(batch);
  }

  private lingerEnded(): void {
    // Held while backed up, until the next check would come more than MAX_HOLD_MS past the linger.
    if (this.pending.size > 0 && this.backedUp() && Date.now() - this.pendingSinceMs <= MAX_HOLD_MS) {
      this.timer = setTimeout(() => this.lingerEnded(), this.lingerMs);
      return;
    }
    this.flushAll();
  }

  private flushDevice(batch: PendingBatch): void {
    this.pending.delete(batch.device);
    this.nextSeq.set(batch.device, batch.firstSeq + batch.values.length);
    this.flush(batch);
  }
}
