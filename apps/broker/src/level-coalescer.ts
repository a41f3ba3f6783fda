import type { Level } from 'level';

type Db = Level<string, Buffer>;
type Range = { gt?: string; gte?: string; lt?: string; lte?: string };
type Operation = { type: 'put'; key: string; value: Buffer } | { type: 'del'; key: string };

/** Recently written keys whose reads are answered from memory: at most this many, and this many bytes. */
const RECENT_KEYS = 20_000;
const RECENT_BYTES = 8 * 2 ** 20;

interface WaitingBatch {
  /** The last write of each key. */
  operations: Map<string, Operation>;
  /** Of each key: the version of that last write. */
  versions: Map<string, number>;
  waiters: Array<{ resolve: () => void; reject: (error: Error) => void }>;
}

/** A write not yet on disk: what reads of its key return meanwhile. */
interface Pending {
  value: Buffer | undefined;
  /** Of the last write to this key: the entry goes once that write is on disk. */
  version: number;
}

export interface CoalescingOptions {
  /**
   * Writes resolve as soon as they are queued (reads see them at once), not once on disk; `sync()`
   * says when everything queued so far is on disk. For callers that choose which of their writes
   * must be durable before they answer (persistence.ts).
   */
  writeBehind?: boolean;
  /**
   * With `writeBehind`: puts of keys under this prefix (a broker's queued messages) are lazy writes,
   * and `kept()` says when each such put made before it is either on disk or deleted since (the
   * message was delivered and acknowledged: nothing left to keep). A message consumed within LAZY_MS
   * never reaches LevelDB but as a deletion.
   */
  keepPrefix?: string;
}

const QUEUED = Promise.resolve();

/** How long a lazy write waits for its batch: most are replaced meanwhile (a delivery's entries by their deletion at its PUBACK). */
export const LAZY_MS = 20;

/**
 * The LevelDB handle aedes-persistence-level writes through, with the writes of one turn of the event
 * loop grouped into one `batch()` (group commit). A persistent session costs aedes-persistence-level
 * six or seven LevelDB operations per message, each its own trip to LevelDB's thread and back (about
 * 300 µs of broker CPU per message, 9× Mosquitto's). Here they leave together, one batch per turn.
 *
 * Each write resolves once its batch is written (unless `writeBehind`: then once queued, and `sync()`
 * waits for the disk). Reads see every write made before them: a key written and not yet on disk is
 * answered from memory, and range reads (`values`) and `clear` wait until the writes before them are on
 * disk. Batches and clears go to LevelDB one at a time, in the order they were made. A failed batch
 * (disk full, LevelDB closed) rejects its writes, or with `writeBehind` the next `sync()` and every
 * one after it; `failure` keeps it.
 *
 * Lazy writes (`putLazy`, `delLazy`) wait up to LAZY_MS, and `sync()` does not wait for them: a write
 * that a later one replaces in the meantime never reaches LevelDB (each batch keeps the last write of
 * each key, which is what LevelDB would end with).
 *
 * Only what aedes-persistence-level 10 uses of `level` is here (get, put, del, batch in both forms,
 * values, clear, close, status), and values are always Buffers, as it writes them.
 */
export class CoalescingLevel {
  private readonly pending = new Map<string, Pending>();
  private queue: Operation[] = [];
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private scheduled = false;
  /** Lazy writes not in `queue` yet: the last of each key. */
  private readonly lazy = new Map<string, Operation>();
  private lazyTimer: NodeJS.Timeout | undefined;
  /** The batch that waits for the one LevelDB is writing; flushes join it. */
  private waiting: WaitingBatch | undefined;
  /** The last batch or clear handed to LevelDB: the next one goes after it. */
  private tail: Promise<unknown> = Promise.resolve();
  private version = 0;
  /**
   * Values (undefined: deleted) of keys written lately and now on disk, newest last: aedes reads most
   * of what it writes again within milliseconds (a delivery's entry at its PUBACK).
   */
  private readonly recent = new Map<string, Buffer | undefined>();
  private recentBytes = 0;
  /** Clears handed to LevelDB and not done yet. */
  private readonly clearing = new Set<{ range: Range; done: Promise<void> }>();
  /** Batches written so far (the tests read it). */
  batches = 0;
  /** The first batch that could not be written: the writes in it are lost. */
  failure: Error | undefined;
  /**
   * Keys under keepPrefix put and neither on disk nor deleted yet, each with the version of its first
   * such put: in version order, so the first is the oldest.
   */
  private readonly unkept = new Map<string, number>();
  /** kept() calls, in version order. */
  private keptWaiters: Array<{ version: number; resolve: () => void; reject: (error: Error) => void }> = [];
  /** The batch holding the last writes that were not lazy: what sync() waits for when none is queued. */
  private eagerTail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly options: CoalescingOptions = {},
  ) {}

  /** Keys written and not on disk yet. */
  get unwritten(): number {
    return this.pending.size;
  }

  /** A write that no one waits for: read at once, on disk within LAZY_MS (or with the next range read, clear or close). */
  putLazy(key: string, value: Buffer): void {
    this.writeLazy({ type: 'put', key, value });
  }

  delLazy(key: string): void {
    this.writeLazy({ type: 'del', key });
  }

  /** Resolves once every write queued before the call (but lazy ones) is on disk; rejects once any batch failed. */
  async sync(): Promise<void> {
    // With the batch of this turn (group commit: every sync of the turn waits for the same write).
    if (this.queue.length > 0) await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    else await this.eagerTail;
    if (this.failure) throw this.failure;
  }

  /** Resolves once every put under keepPrefix made before the call is on disk or deleted; rejects once any batch failed. */
  kept(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const oldest = this.unkept.values().next();
    if (oldest.done === true || oldest.value > this.version) return QUEUED;
    return new Promise<void>((resolve, reject) => this.keptWaiters.push({ version: this.version, resolve, reject }));
  }

  get status(): Db['status'] {
    return this.db.status;
  }

  async get(key: string, _options?: object): Promise<Buffer | undefined> {
    for (;;) {
      const pending = this.pending.get(key);
      if (pending) return pending.value;
      if (this.recent.has(key)) return this.recent.get(key);
      // A clear of a range holding this key, still running: what it leaves is the answer.
      const clearing = [...this.clearing].find((clear) => inRange(key, clear.range));
      if (!clearing) return (await this.db.get(key, { valueEncoding: 'buffer' })) as Buffer | undefined;
      await clearing.done.catch(() => undefined);
    }
  }

  put(key: string, value: Buffer, _options?: object): Promise<void> {
    const { keepPrefix, writeBehind } = this.options;
    if (writeBehind === true && keepPrefix !== undefined && key.startsWith(keepPrefix)) {
      this.writeLazy({ type: 'put', key, value });
      if (!this.unkept.has(key)) this.unkept.set(key, this.version);
      return QUEUED;
    }
    return this.write([{ type: 'put', key, value }]);
  }

  del(key: string): Promise<void> {
    return this.write([{ type: 'del', key }]);
  }

  batch(): ChainedBatch;
  batch(operations: Operation[], options?: object): Promise<void>;
  batch(operations?: Operation[], _options?: object): ChainedBatch | Promise<void> {
    if (operations === undefined) return new ChainedBatch((collected) => this.write(collected));
    return this.write(operations);
  }

  /** The values of a range, once every write made before this call is on disk. */
  async *values(options: Range & { valueEncoding?: 'buffer' }): AsyncGenerator<Buffer> {
    await this.flushed();
    for await (const value of this.db.values(options)) yield value as Buffer;
  }

  /** Deletes a range after the writes made before it, and before those made after it. */
  async clear(range: Range): Promise<void> {
    this.flushLazy();
    // Written before, gone after: read as absent from now on, until the clear is done.
    const marked = new Map<string, number>();
    for (const key of this.recent.keys()) if (inRange(key, range)) this.forget(key);
    for (const [key, pending] of this.pending) {
      if (!inRange(key, range)) continue;
      pending.value = undefined;
      pending.version = ++this.version;
      marked.set(key, pending.version);
    }
    const done = this.tail.then(() => this.db.clear(range));
    // Writes made from now on go after the clear, not into the batch before it.
    this.waiting = undefined;
    const clear = { range, done };
    this.clearing.add(clear);
    this.tail = done.then(
      () => true,
      () => false,
    ).then((cleared) => {
      this.clearing.delete(clear);
      this.settle(marked, cleared);
    });
    await done;
  }

  async close(): Promise<void> {
    await this.flushed();
    await this.db.close();
  }

  /** Resolves once every write made so far, lazy ones too, is on disk (or failed). */
  async flushed(): Promise<void> {
    this.flushLazy();
    await this.tail;
  }

  private writeLazy(operation: Operation): void {
    this.pending.set(operation.key, { value: operation.type === 'put' ? operation.value : undefined, version: ++this.version });
    this.lazy.delete(operation.key);
    this.lazy.set(operation.key, operation);
    this.lazyTimer ??= setTimeout(() => this.flushLazy(), LAZY_MS);
    if (operation.type === 'del') this.nothingToKeep(operation.key);
  }

  /** `key` is on disk or deleted: kept() calls waiting for no older key may resolve. */
  private nothingToKeep(key: string): void {
    if (!this.unkept.delete(key)) return;
    const oldest = this.unkept.values().next();
    const before = oldest.done === true ? Infinity : oldest.value;
    while (this.keptWaiters.length > 0 && this.keptWaiters[0]!.version < before) this.keptWaiters.shift()!.resolve();
  }

  /** Queues the lazy writes behind the others and hands all to LevelDB. */
  private flushLazy(): void {
    clearTimeout(this.lazyTimer);
    this.lazyTimer = undefined;
    const eager = this.queue.length > 0;
    for (const operation of this.lazy.values()) this.queue.push(operation);
    this.lazy.clear();
    this.flush(!eager);
  }

  private write(operations: Operation[]): Promise<void> {
    if (operations.length === 0) return Promise.resolve();
    for (const operation of operations) {
      this.pending.set(operation.key, { value: operation.type === 'put' ? operation.value : undefined, version: ++this.version });
      // Replaces a lazy write of the key (which would otherwise land after it).
      this.lazy.delete(operation.key);
      this.queue.push(operation);
      if (operation.type === 'del') this.nothingToKeep(operation.key);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      // The rest of this turn (every message handled in it) joins the batch.
      setImmediate(() => this.flush());
    }
    if (this.options.writeBehind === true) return QUEUED;
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * Hands what is queued to LevelDB, after the batches and clears before it: into the batch that waits
   * for the one being written, if there is one (so at most one batch waits, however often this is
   * called; a slow write makes the next batch larger, not the queue longer), else as a new batch.
   */
  private flush(lazyOnly = false): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    let batch = this.waiting;
    if (!batch) {
      const created: WaitingBatch = { operations: new Map(), versions: new Map(), waiters: [] };
      // Values are Buffers (aedes-persistence-level writes msgpack with valueEncoding 'buffer').
      const written = this.tail.then(() => {
        // Handed over: later writes go into a new batch.
        if (this.waiting === created) this.waiting = undefined;
        return this.db.batch([...created.operations.values()], { valueEncoding: 'buffer' });
      });
      this.tail = written.then(
        () => {
          this.batches++;
          this.settle(created.versions);
          for (const waiter of created.waiters) waiter.resolve();
          // Kept on disk (whatever was written to the key since).
          for (const operation of created.operations.values()) if (operation.type === 'put') this.nothingToKeep(operation.key);
        },
        (error: Error) => {
          this.failure ??= error;
          this.settle(created.versions, false);
          for (const waiter of created.waiters) waiter.reject(error);
          for (const waiter of this.keptWaiters.splice(0)) waiter.reject(error);
        },
      );
      this.waiting = batch = created;
    }
    if (!lazyOnly) this.eagerTail = this.tail;
    // The last write of each key: what LevelDB would end with (a batch is applied whole or not at all).
    for (const operation of this.queue) {
      batch.operations.set(operation.key, operation);
      batch.versions.set(operation.key, this.pending.get(operation.key)?.version ?? 0);
    }
    batch.waiters.push(...this.waiters);
    this.queue = [];
    this.waiters = [];
  }

  /** Moves the entries a batch wrote from pending to recent, unless written again since. */
  private settle(versions: Map<string, number>, written = true): void {
    for (const [key, version] of versions) {
      const pending = this.pending.get(key);
      if (pending?.version !== version) continue;
      this.pending.delete(key);
      this.forget(key);
      if (written) {
        this.recent.set(key, pending.value);
        this.recentBytes += pending.value?.length ?? 0;
      }
    }
    for (const key of this.recent.keys()) {
      if (this.recent.size <= RECENT_KEYS && this.recentBytes <= RECENT_BYTES) break;
      this.forget(key);
    }
  }

  private forget(key: string): void {
    this.recentBytes -= this.recent.get(key)?.length ?? 0;
    this.recent.delete(key);
  }
}

/** `db.batch()` without operations: collects `put`s and `del`s until `write()`. */
class ChainedBatch {
  private readonly operations: Operation[] = [];

  constructor(private readonly commit: (operations: Operation[]) => Promise<void>) {}

  put(key: string, value: Buffer): this {
    this.operations.push({ type: 'put', key, value });
    return this;
  }

  del(key: string): this {
    this.operations.push({ type: 'del', key });
    return this;
  }

  write(): Promise<void> {
    return this.commit(this.operations);
  }
}

function inRange(key: string, range: Range): boolean {
  if (range.gt !== undefined && !(key > range.gt)) return false;
  if (range.gte !== undefined && !(key >= range.gte)) return false;
  if (range.lt !== undefined && !(key < range.lt)) return false;
  if (range.lte !== undefined && !(key <= range.lte)) return false;
  return true;
}
