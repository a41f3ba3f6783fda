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
