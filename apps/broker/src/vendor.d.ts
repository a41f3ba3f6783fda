/** aedes-persistence-level's async implementation (aedes 1.x), which its package main wraps in a
 * callback API for aedes 0.x. It ships no types; this is the part broker.ts uses. */
declare module 'aedes-persistence-level/asyncPersistence.js' {
  import type { Readable } from 'node:stream';
  import type { Level } from 'level';

  export default class AsyncLevelPersistence {
    constructor(db: Level<string, Buffer>);
    setup(broker: unknown): Promise<void>;
    createRetainedStreamCombi(patterns: string[]): Readable;
    destroy(): Promise<void>;
  }
}

/** aedes-persistence-redis' async implementation (aedes 1.x), which its package main wraps in a
 * callback API for aedes 0.x. It ships no types; this is the part redis.ts and its test use. */
declare module 'aedes-persistence-redis/asyncPersistence.js' {
  import type { Redis } from 'ioredis';

  export default class AsyncRedisPersistence {
    /** `maxSessionDelivery`: queued messages sent to a reconnecting session, -1 all (default 1000). */
    constructor(options: { conn: Redis; maxSessionDelivery?: number });
    setup(broker: unknown): Promise<void>;
    createRetainedStreamCombi(patterns: string[]): AsyncIterable<unknown>;
    addSubscriptions(client: { id: string }, subscriptions: Array<{ topic: string; qos: number }>): Promise<unknown>;
    putWill(client: { id: string }, packet: object): Promise<void>;
    /** `brokerId` undefined for a connecting client (aedes' connect), set by aedes' own bookkeeping. */
    delWill(client: { id: string; brokerId?: string }): Promise<unknown>;
    /** Wills of brokers not in `brokers` (broker id → last heartbeat). */
    streamWill(brokers: Record<string, number>): AsyncIterable<unknown>;
    destroy(): Promise<void>;
  }
}

/** msgpack-lite, the encoding aedes-persistence-level stores packets in. It ships no types. */
declare module 'msgpack-lite' {
  export function encode(value: unknown): Buffer;
  export function decode(buffer: Buffer): unknown;
}
