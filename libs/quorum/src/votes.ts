/** Per device in a window: its first value, that value's count, its latest timestamp and add order. */
const FIELDS = 4;
const VALUE = 0;
const COUNT = 1;
const LAST_US = 2;
const LAST_ORDER = 3;

/**
 * A device's further values in one window, beyond its first (rare: a device mostly repeats itself).
 * Kept in parallel arrays and reused from a pool.
 */
export class FurtherValues {
  distinct = 0;
  readonly values: number[] = [];
  readonly counts: number[] = [];
  readonly lastTimestampsUs: number[] = [];
  readonly lastOrders: number[] = [];

  record(value: number, timestampUs: number, order: number): void {
    for (let i = 0; i < this.distinct; i++) {
      if (this.values[i] === value) {
        this.counts[i]!++;
        if (timestampUs >= this.lastTimestampsUs[i]!) {
          this.lastTimestampsUs[i] = timestampUs;
          this.lastOrders[i] = order;
        }
        return;
      }
    }
    const i = this.distinct++;
    this.values[i] = value;
    this.counts[i] = 1;
    this.lastTimestampsUs[i] = timestampUs;
    this.lastOrders[i] = order;
  }
}

/** True when the first (count, last µs, last order) beats the second as a device's vote. */
function beats(count: number, lastUs: number, order: number, bestCount: number, bestLastUs: number, bestOrder: number): boolean {
  if (count !== bestCount) return count > bestCount;
  if (lastUs !== bestLastUs) return lastUs > bestLastUs;
  return order > bestOrder;
}

/**
 * The votes of one window, one per device (by device index): a flat Float64Array holds each device's
 * first value, so a window of N devices that repeat themselves costs one small array and no objects.
 */
export class WindowVotes {
  voters = 0;
  private slots = new Float64Array(0);
  /** One past the highest device index recorded since the last clear. */
  private used = 0;
  private further: (FurtherValues | undefined)[] | undefined = undefined;
  private furtherCount = 0;

  /** Makes room for `devices` devices (kept when the window is reused). */
  prepare(devices: number): void {
    if (this.slots.length < devices * FIELDS) this.slots = new Float64Array(Math.max(devices, 4) * FIELDS);
  }

  hasVoted(device: number): boolean {
    const at = device * FIELDS + COUNT;
    return at < this.slots.length && (this.slots[at] as number) > 0;
  }

  /**
   * Records a result of device `device`; `order` grows with every result added, so it orders equal
   * timestamps. True when it is the device's first result in this window.
   */
  record(device: number, value: number, timestampUs: number, order: number, pool: FurtherValues[]): boolean {
    const base = device * FIELDS;
    if (base >= this.slots.length) this.grow(device + 1);
    if (device >= this.used) this.used = device + 1;
    const slots = this.slots;
    const count = slots[base + COUNT] as number;
    if (count === 0) {
      slots[base + VALUE] = value;
      slots[base + COUNT] = 1;
      slots[base + LAST_US] = timestampUs;
      slots[base + LAST_ORDER] = order;
      this.voters++;
      return true;
    }
    if (slots[base + VALUE] === value) {
      slots[base + COUNT] = count + 1;
      if (timestampUs >= (slots[base + LAST_US] as number)) {
        slots[base + LAST_US] = timestampUs;
        slots[base + LAST_ORDER] = order;
      }
      return false;
    }
    const further = (this.further ??= []);
    while (further.length <= device) further.push(undefined);
    let values = further[device];
    if (values === undefined) {
      values = pool.pop() ?? new FurtherValues();
      further[device] = values;
      this.furtherCount++;
    }
    values.record(value, timestampUs, order);
    return false;
  }

  /**
   * The device's vote: its most frequent value; among equally frequent values, the one whose latest
   * result is the latest (by timestamp, then by order added).
   */
  choiceOf(device: number): number {
    const base = device * FIELDS;
    const slots = this.slots;
    let value = slots[base + VALUE] as number;
    const values = this.furtherCount > 0 ? this.further?.[device] : undefined;
    if (values === undefined) return value;
    let count = slots[base + COUNT] as number;
    let lastUs = slots[base + LAST_US] as number;
    let order = slots[base + LAST_ORDER] as number;
    for (let i = 0; i < values.distinct; i++) {
      if (beats(values.counts[i]!, values.lastTimestampsUs[i]!, values.lastOrders[i]!, count, lastUs, order)) {
        value = values.values[i]!;
        count = values.counts[i]!;
        lastUs = values.lastTimestampsUs[i]!;
        order = values.lastOrders[i]!;
      }
    }
    return value;
  }

  /** Counts the vote of every device that voted into `tally`. */
  tallyInto(tally: VoteTally): void {
    tally.reset();
    const end = this.used * FIELDS;
    for (let base = 0; base < end; base += FIELDS) {
      if ((this.slots[base + COUNT] as number) > 0) tally.add(this.choiceOf(base / FIELDS));
    }
  }

  /** Forgets every vote, returning further values to the pool. */
  clear(pool: FurtherValues[], poolLimit: number): void {
    this.slots.fill(0, 0, this.used * FIELDS);
    this.used = 0;
    if (this.furtherCount > 0 && this.further !== undefined) {
      for (let i = 0; i < this.further.length; i++) {
        const values = this.further[i];
        if (values === undefined) continue;
        this.further[i] = undefined;
        values.distinct = 0;
        if (pool.length < poolLimit) pool.push(values);
      }
    }
    this.furtherCount = 0;
    this.voters = 0;
  }

  private grow(devices: number): void {
    const slots = new Float64Array(Math.max(devices, (this.slots.length / FIELDS) * 2) * FIELDS);
    slots.set(this.slots);
    this.slots = slots;
  }
}

/** Counts the devices' votes of one window, reusing its arrays from window to window. */
export class VoteTally {
  private distinct = 0;
  private readonly values: number[] = [];
  private readonly counts: number[] = [];

  reset(): void {
    this.distinct = 0;
  }

  add(value: number): void {
    for (let i = 0; i < this.distinct; i++) {
      if (this.values[i] === value) {
        this.counts[i]!++;
        return;
      }
    }
    this.values[this.distinct] = value;
    this.counts[this.distinct++] = 1;
  }

  /** Index of the value with the most votes (the first of equals); call only after one add. */
  topIndex(): number {
    let top = 0;
    for (let i = 1; i < this.distinct; i++) if (this.counts[i]! > this.counts[top]!) top = i;
    return top;
  }

  valueAt(index: number): number {
    return this.values[index]!;
  }

  countAt(index: number): number {
    return this.counts[index]!;
  }
}
