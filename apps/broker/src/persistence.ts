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
  // Writes of one turn of the event loop go to LevelDB as one batch (level-coalescer.ts).
  const persistence = new AsyncLevelPersistence(new CoalescingLevel(db) as unknown as Level<string, Buffer>);
  return {
    persistence: markEndOfRetained(persistence, onReadError),
    location: directory,
    healthy: () => db.status === 'open',
    close: () => persistence.destroy(),
  };
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
