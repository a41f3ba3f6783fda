import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import * as aedesPersistence from 'aedes-persistence';
import AsyncLevelPersistence from 'aedes-persistence-level/asyncPersistence.js';
import { Level } from 'level';
import { CoalescingLevel } from './level-coalescer.js';
import { markEndOfRetained } from './retained-marker.js';

export const PERSISTENCE_KINDS = ['memory', 'level'] as const;
export type PersistenceKind = (typeof PERSISTENCE_KINDS)[number];

export interface OpenPersistence {
  /** For Aedes.createBroker({ persistence }), with the end-of-retained marker. */
  persistence: unknown;
  /** Where it lives, for logs: "memory" or the data directory. */
  location: string;
  /** Whether it can still read and write. */
  healthy(): boolean;
  /**
   * Where the persistence writes behind: resolves once every write made so far is on disk. Set as
   * the broker's `mjlDurable`, it holds each QoS 1 PUBACK until the message is stored
   * (scripts/patch-aedes.mjs); `published` does the same for QoS 2 (Aedes.createBroker({ published })).
   */
  durable?: () => Promise<void>;
  published?: PublishedHook;
  /** After aedes has closed. */
  close(): Promise<void>;
}

/** The data directory is locked: another broker (or an earlier one still stopping) uses it. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(`the data directory ${dataDir} is in use by another process (another mjl-broker?): give each broker its own --data-dir, or use --persistence memory`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * Where the broker keeps retained messages, persistent sessions (subscriptions and their queued
 * QoS 1 messages) and wills. "level" keeps them in LevelDB under `dataDir`, so they survive a
 * restart or a crash of the broker process; "memory" loses them.
 */
export async function openPersistence(kind: PersistenceKind, dataDir: string, onReadError: (error: Error) => void): Promise<OpenPersistence> {
  if (kind === 'memory') {
    // aedes-persistence is CommonJS whose typings declare an ES default export.
    const memory = aedesPersistence.default as unknown as typeof aedesPersistence.default.default;
    return { persistence: markEndOfRetained(memory(), onReadError), location: 'memory', healthy: () => true, close: async () => undefined };
  }
  const directory = resolve(dataDir);
  mkdirSync(directory, { recursive: true });
  const db = new Level<string, Buffer>(directory);
  try {
    await db.open();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') throw new DataDirInUseError(directory);
    throw new Error(`cannot open the broker's data directory ${directory}: ${(error as Error).message}`, { cause: error });
  }
  const { persistence, published, coalescer } = levelPersistence(db);
  return {
    persistence: markEndOfRetained(persistence, onReadError),
    location: directory,
    healthy: () => db.status === 'open' && coalescer.failure === undefined,
    durable: () => coalescer.sync(),
    published,
    close: () => persistence.destroy(),
  };
}

export type PublishedHook = (packet: { qos: number }, client: unknown, callback: (error?: Error | null) => void) => void;

/**
 * What each write of aedes-persistence-level must have on disk before it resolves. `durable`: before
 * it resolves (a SUBACK, a will). `behind`: the message path, written behind — reads see the write
 * at once and LevelDB gets it with the rest of the turn's writes; a QoS 1 PUBACK then waits until
 * what its message stored (queued for persistent sessions, retained) is on disk (OpenPersistence's
 * `durable`), a QoS 2 publish the same way (`published`). Delivery to an online session and its
 * PUBACK no longer wait for the disk (before: three trips to LevelDB's thread one after the other
 * before the subscriber got the message, one more before aedes read that subscriber's next packet,
 * and the publisher's next packets waited for all of it): lost in a crash, they are a message sent
 * again (QoS 1 is at least once), as with a crash between delivery and PUBACK. `reads` write nothing.
 * Every method of the class is named here (a test checks it on each upgrade).
 */
export const LEVEL_WRITES = {
  durable: ['addSubscriptions', 'removeSubscriptions', 'cleanSubscriptions', 'putWill', 'delWill', 'incomingStorePacket', 'incomingDelPacket', 'cleanIncoming'],
  behind: ['storeRetained', 'outgoingEnqueue', 'outgoingEnqueueCombi', 'outgoingUpdate', 'outgoingClearMessageId'],
  reads: ['setup', 'createRetainedStreamCombi', 'createRetainedStream', 'subscriptionsByClient', 'countOffline', 'subscriptionsByTopic', 'outgoingStream', 'incomingGetPacket', 'getWill', 'streamWill', 'getClientList', 'destroy'],
} as const;

/** aedes-persistence-level over `db`, writing through a write-behind CoalescingLevel (see LEVEL_WRITES). */
export function levelPersistence(db: Level<string, Buffer>): { persistence: AsyncLevelPersistence; published: PublishedHook; coalescer: CoalescingLevel } {
  // Writes of one turn of the event loop go to LevelDB as one batch (level-coalescer.ts).
  const coalescer = new CoalescingLevel(db, { writeBehind: true });
  const persistence = new AsyncLevelPersistence(coalescer as unknown as Level<string, Buffer>);
  const methods = persistence as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of LEVEL_WRITES.durable) {
    const write = methods[name]!.bind(persistence);
    methods[name] = async (...args) => {
      const result = await write(...args);
      await coalescer.sync();
      return result;
    };
  }
  // QoS 1 waits in its PUBACK (mjlDurable); QoS 2's PUBREC follows publish(), so here.
  const published: PublishedHook = (packet, _client, callback) => {
    if (packet.qos !== 2) return callback(null);
    coalescer.sync().then(() => callback(null), callback);
  };
  return { persistence, published, coalescer };
}

/** The part of aedes' persistence and client that skipCleanSessionAcks touches. */
interface OutgoingStore {
  outgoingClearMessageId(client: { clean?: boolean }, packet: unknown): Promise<unknown>;
}

/**
 * aedes never stores a QoS 1 delivery to a clean session (it skips outgoingUpdate for them), yet
 * every PUBACK of such a client asks the persistence to clear the packet it would have stored: with
 * LevelDB a read that can only miss, with Redis a round trip, per message. Answered here at once.
 */
export function skipCleanSessionAcks<P>(persistence: P): P {
  const store = persistence as P & OutgoingStore;
  const clear = store.outgoingClearMessageId.bind(store);
  store.outgoingClearMessageId = (client, packet) => (client.clean === true ? Promise.resolve(undefined) : clear(client, packet));
  return persistence;
}
