import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import * as aedesPersistence from 'aedes-persistence';
import AsyncLevelPersistence from 'aedes-persistence-level/asyncPersistence.js';
import { Level } from 'level';
import msgpack from 'msgpack-lite';
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
  const { persistence, published, durable, coalescer } = levelPersistence(db);
  return {
    persistence: markEndOfRetained(persistence, onReadError),
    location: directory,
    healthy: () => db.status === 'open' && coalescer.failure === undefined,
    durable,
    published,
    close: () => persistence.destroy(),
  };
}

export type PublishedHook = (packet: { qos: number }, client: unknown, callback: (error?: Error | null) => void) => void;

/**
 * When each write of aedes-persistence-level reaches the disk. `durable`: before it resolves (a
 * SUBACK, a will). `behind`: the message path, written behind — reads see the write at once and
 * LevelDB gets it with the rest of the turn's writes. A message queued for a persistent session is a
 * lazy write that is *kept* (CoalescingLevel's keepPrefix): a QoS 1 PUBACK waits until what its
 * message stored is on disk (retained: with the turn's batch; queued: within LAZY_MS) or, queued,
 * was delivered and acknowledged meanwhile (OpenPersistence's `durable`; QoS 2 the same way through
 * `published`). A session that keeps up costs LevelDB two deletions per message, not three copies
 * of it and their deletion. `lazy`: a delivery to a connected session and its PUBACK
 * (outgoingDeliveries below), within LAZY_MS. Before, a delivery waited for three trips to LevelDB's
 * thread one after the other, aedes read that subscriber's next packet after one more, and the
 * publisher's next packets waited for all of it. What is lost in a crash of the lazy writes is a
 * message sent again (QoS 1 is at least once), as with a crash between delivery and PUBACK. `reads`
 * write nothing. Every method of the class is named here (a test checks it on each upgrade).
 */
export const LEVEL_WRITES = {
  durable: ['addSubscriptions', 'removeSubscriptions', 'cleanSubscriptions', 'putWill', 'delWill', 'incomingStorePacket', 'incomingDelPacket', 'cleanIncoming'],
  behind: ['storeRetained', 'outgoingEnqueue', 'outgoingEnqueueCombi'],
  /** Replaced here (outgoingDeliveries): lazy writes. */
  lazy: ['outgoingUpdate', 'outgoingClearMessageId'],
  reads: ['setup', 'createRetainedStreamCombi', 'createRetainedStream', 'subscriptionsByClient', 'countOffline', 'subscriptionsByTopic', 'outgoingStream', 'incomingGetPacket', 'getWill', 'streamWill', 'getClientList', 'destroy'],
} as const;

/** aedes-persistence-level over `db`, writing through a write-behind CoalescingLevel (see LEVEL_WRITES). */
export function levelPersistence(db: Level<string, Buffer>): {
  persistence: AsyncLevelPersistence;
  /** Resolves once what was stored so far is on disk, or (a queued message) delivered and acknowledged. */
  durable: () => Promise<void>;
  published: PublishedHook;
  coalescer: CoalescingLevel;
} {
  // Writes of one turn of the event loop go to LevelDB as one batch (level-coalescer.ts).
  const coalescer = new CoalescingLevel(db, { writeBehind: true, keepPrefix: OUTGOING });
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
  Object.assign(persistence, outgoingDeliveries(coalescer));
  const durable = () => Promise.all([coalescer.sync(), coalescer.kept()]).then(() => undefined);
  // QoS 1 waits in its PUBACK (mjlDurable); QoS 2's PUBREC follows publish(), so here.
  const published: PublishedHook = (packet, _client, callback) => {
    if (packet.qos !== 2) return callback(null);
    durable().then(() => callback(null), callback);
  };
  return { persistence, durable, published, coalescer };
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

/** A packet as aedes-persistence-level stores it (msgpack of aedes' packet object). */
interface StoredPacket {
  brokerId: string;
  brokerCounter: number;
  messageId?: number;
}

// aedes-persistence-level 10's keys of queued messages (asyncPersistence.js), which its own methods
// (enqueue, the queue stream on reconnect) go on using.
const padId = (id: number) => String(id).padStart(16, '0');
const OUTGOING = 'outgoing:';
const outgoingKey = (clientId: string, brokerId: string, brokerCounter: number) => `${OUTGOING}${encodeURIComponent(clientId)}:${brokerId}:${padId(brokerCounter)}`;
const outgoingByIdKey = (clientId: string, messageId: number) => `outgoing-id:${encodeURIComponent(clientId)}:${padId(messageId)}`;

/** Deliveries awaiting their PUBACK, per session, that are kept in memory at most (beyond, looked up on disk). */
const MAX_INFLIGHT_KEPT = 65_536;

/**
 * aedes-persistence-level's `outgoingUpdate` (a delivery's packet id, when a queued message goes out
 * to its session) and `outgoingClearMessageId` (its PUBACK), as lazy writes: they decide nothing a
 * crash must keep (lost, the message is sent again from its queue entry, written before the
 * publisher's PUBACK), and a delivery acknowledged within LAZY_MS never reaches LevelDB: its entries
 * and their deletion meet in one batch, which keeps the deletion alone (level-coalescer.ts). The
 * library wrote both copies of each delivered message and then deleted them, one batch each.
 * A PUBACK finds its delivery in memory (where it was queued), not by reading and decoding it back:
 * a subscriber that falls behind by more than the coalescer's memory of recent writes made every
 * PUBACK a LevelDB read, and fell further behind. Same keys and values as the library's own.
 */
function outgoingDeliveries(db: CoalescingLevel) {
  const read = async (key: string) => {
    const blob = await db.get(key);
    return blob === undefined ? undefined : (msgpack.decode(blob) as StoredPacket);
  };
  /** Per session: packet id → the delivery under it, until its PUBACK. */
  const inflight = new Map<string, Map<number, StoredPacket>>();
  return {
    async outgoingUpdate(client: { id: string }, packet: StoredPacket & { messageId: number }): Promise<void> {
      if (!packet.brokerId) {
        // Known by its packet id only (QoS 2's PUBREL): where it was queued comes from the stored copy.
        const stored = await read(outgoingByIdKey(client.id, packet.messageId));
        if (!stored) throw new Error('no such packet');
        packet.brokerId = stored.brokerId;
        packet.brokerCounter = stored.brokerCounter;
      }
      const queued = outgoingKey(client.id, packet.brokerId, packet.brokerCounter);
      const stored = await read(queued);
      if (!stored) throw new Error('no such packet');
      const session = inflight.get(client.id) ?? new Map<number, StoredPacket>();
      if (stored.messageId !== undefined && stored.messageId > 0) {
        db.delLazy(outgoingByIdKey(client.id, stored.messageId));
        session.delete(stored.messageId);
      }
      const value = msgpack.encode(packet);
      db.putLazy(outgoingByIdKey(client.id, packet.messageId), value);
      db.putLazy(queued, value);
      if (session.size >= MAX_INFLIGHT_KEPT) session.clear();
      session.set(packet.messageId, packet);
      inflight.set(client.id, session);
    },
    async outgoingClearMessageId(client: { id: string }, packet: { messageId: number }): Promise<StoredPacket | undefined> {
      const key = outgoingByIdKey(client.id, packet.messageId);
      const session = inflight.get(client.id);
      let stored = session?.get(packet.messageId);
      if (stored) {
        session!.delete(packet.messageId);
        if (session!.size === 0) inflight.delete(client.id);
      } else {
        // Delivered by an earlier run of the broker, or beyond what memory keeps.
        stored = await read(key);
        if (!stored) return undefined;
      }
      db.delLazy(key);
      db.delLazy(outgoingKey(client.id, stored.brokerId, stored.brokerCounter));
      return stored;
    },
  };
}
