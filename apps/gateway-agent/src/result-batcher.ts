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

/**
 * Groups results per device: a batch is flushed `lingerMs` after its first result, or at once when
 * it reaches `maxResults`. Sequence numbers count results per device, without gaps.
 */
export class ResultBatcher {
  private readonly pending = new Map<string, PendingBatch>();
  private readonly nextSeq = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly lingerMs: number,
    private readonly maxResults: number,
    private readonly flush: (batch: ReadyBatch) => void,
  ) {}

  add(device: string, timestampUs: number, value: number): void {
    let batch = this.pending.get(device);
    if (!batch) {
      const firstSeq = this.nextSeq.get(device) ?? 0;
      batch = { device, firstSeq, timestampsUs: [], values: [] };
      this.pending.set(device, batch);
      this.timer ??= setTimeout(() => this.flushAll(), this.lingerMs);
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

  private flushDevice(batch: PendingBatch): void {
    this.pending.delete(batch.device);
    this.nextSeq.set(batch.device, batch.firstSeq + batch.values.length);
    this.flush(batch);
  }
}
