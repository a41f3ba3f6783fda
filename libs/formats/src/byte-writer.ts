const INITIAL_CAPACITY = 64 * 1024;

/**
 * An append-only byte buffer that doubles when full, so writing n bytes costs O(n) overall.
 * `take()` hands the written bytes over and starts a fresh buffer: a taken chunk is never written again.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private used = 0;

  constructor(private readonly initialCapacity = INITIAL_CAPACITY) {
    this.buffer = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buffer.buffer);
  }

  get length(): number {
    return this.used;
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.used++] = value;
  }

  bytes(source: Uint8Array): void {
    this.reserve(source.length);
    this.buffer.set(source, this.used);
    this.used += source.length;
  }

  uint16LE(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.used, value, true);
    this.used += 2;
  }

  int32LE(value: number): void {
    this.reserve(4);
    this.view.setInt32(this.used, value, true);
    this.used += 4;
  }

  uint32LE(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.used, value, true);
    this.used += 4;
  }

  float64BE(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.used, value, false);
    this.used += 8;
  }

  /** Overwrites one byte already written (a length prefix known only after its payload). */
  patchByte(at: number, value: number): void {
    this.buffer[at] = value;
  }

  patchUint32LE(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  /** Moves the bytes in [from, end) to start at `to` and shortens the buffer accordingly (to < from). */
  shiftLeft(from: number, to: number): void {
    this.buffer.copyWithin(to, from, this.used);
    this.used -= from - to;
  }

  /** The writable tail, for encoders that write in place (reserve first), and `advance` after. */
  tail(): Uint8Array {
    return this.buffer.subarray(this.used);
  }

  advance(count: number): void {
    this.used += count;
  }

  /** Hands over the bytes written so far and starts again empty. */
  take(): Uint8Array {
    const written = this.buffer.subarray(0, this.used);
    this.buffer = new Uint8Array(this.initialCapacity);
    this.view = new DataView(this.buffer.buffer);
    this.used = 0;
    return written;
  }
}
