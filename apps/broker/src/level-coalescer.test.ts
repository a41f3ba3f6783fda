import fc from 'fast-check';
import { Level } from 'level';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDirs } from '@mjl/testing';
import { CoalescingLevel } from './level-coalescer.js';

const KEYS = ['a:1', 'a:2', 'a:3', 'b:1', 'b:2', 'c:1'];
const PREFIXES = ['a:', 'b:', 'c:'];
const range = (prefix: string) => ({ gte: prefix, lt: `${prefix.slice(0, -1)};` });

type Step =
  | { op: 'put'; key: string; value: number }
  | { op: 'del'; key: string }
  | { op: 'putLazy'; key: string; value: number }
  | { op: 'delLazy'; key: string }
  | { op: 'wait'; ms: number }
  | { op: 'batch'; puts: [string, number][]; dels: string[] }
  | { op: 'chained'; puts: [string, number][]; dels: string[] }
  | { op: 'get'; key: string }
  | { op: 'values'; prefix: string }
  | { op: 'clear'; prefix: string }
  | { op: 'settle' };

const key = fc.constantFrom(...KEYS);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('put' as const), key, value: fc.nat(255) }),
  fc.record({ op: fc.constant('del' as const), key }),
  fc.record({ op: fc.constant('putLazy' as const), key, value: fc.nat(255) }),
  fc.record({ op: fc.constant('delLazy' as const), key }),
  fc.record({ op: fc.constant('wait' as const), ms: fc.constantFrom(0, 5, 25) }),
  fc.record({ op: fc.constant('batch' as const), puts: fc.array(fc.tuple(key, fc.nat(255)), { maxLength: 3 }), dels: fc.array(key, { maxLength: 2 }) }),
  fc.record({ op: fc.constant('chained' as const), puts: fc.array(fc.tuple(key, fc.nat(255)), { maxLength: 3 }), dels: fc.array(key, { maxLength: 2 }) }),
  fc.record({ op: fc.constant('get' as const), key }),
  fc.record({ op: fc.constant('values' as const), prefix: fc.constantFrom(...PREFIXES) }),
  fc.record({ op: fc.constant('clear' as const), prefix: fc.constantFrom(...PREFIXES) }),
  fc.constant({ op: 'settle' as const }),
);

const dirs = temporaryDirs('mjl-coalescer');

describe('CoalescingLevel', () => {
  afterAll(() => dirs.remove());

  it.each([false, true])('reads every write made before, whether on disk yet or not, and ends with what a plain LevelDB would hold (write behind: %s)', async (writeBehind) => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const dir = dirs.make();
        // As the broker opens it: default encodings; the callers ask for Buffers.
        const level = new Level<string, Buffer>(dir);
        await level.open();
        // Write behind: puts under a: are kept lazily, as the broker's queued messages are.
        const db = new CoalescingLevel(level, writeBehind ? { writeBehind, keepPrefix: 'a:' } : {});
        const model = new Map<string, number>();
        const writes: Promise<void>[] = [];
        const modelRange = (prefix: string) => [...model.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
        for (const s of steps) {
          switch (s.op) {
            case 'put':
              writes.push(db.put(s.key, Buffer.from([s.value, 0xff])));
              model.set(s.key, s.value);
              break;
            case 'del':
              writes.push(db.del(s.key));
              model.delete(s.key);
              break;
            case 'putLazy':
              db.putLazy(s.key, Buffer.from([s.value, 0xff]));
              model.set(s.key, s.value);
              break;
            case 'delLazy':
              db.delLazy(s.key);
              model.delete(s.key);
              break;
            case 'wait':
              await new Promise((resolve) => setTimeout(resolve, s.ms));
              break;
            case 'batch':
            case 'chained': {
              const operations = [
                ...s.puts.map(([k, v]) => ({ type: 'put' as const, key: k, value: Buffer.from([v, 0xff]) })),
                ...s.dels.map((k) => ({ type: 'del' as const, key: k })),
              ];
              if (s.op === 'batch') writes.push(db.batch(operations, { valueEncoding: 'buffer' }));
              else {
                const chained = db.batch();
                for (const operation of operations) if (operation.type === 'put') chained.put(operation.key, operation.value); else chained.del(operation.key);
                writes.push(chained.write());
              }
              for (const operation of operations) if (operation.type === 'put') model.set(operation.key, operation.value[0]!); else model.delete(operation.key);
              break;
            }
            case 'get': {
              const expected = model.get(s.key);
              const value = await db.get(s.key, { valueEncoding: 'buffer' });
              expect(value?.[0]).toBe(expected);
              break;
            }
            case 'values': {
              const expected = modelRange(s.prefix);
              const values: number[] = [];
              for await (const value of db.values({ ...range(s.prefix), valueEncoding: 'buffer' as const })) values.push(value[0]!);
              expect(values).toEqual(expected);
              break;
            }
            case 'clear':
              writes.push(db.clear(range(s.prefix)));
              for (const k of [...model.keys()]) if (k.startsWith(s.prefix)) model.delete(k);
              break;
            case 'settle':
              await Promise.all(writes);
              await db.sync();
              break;
          }
        }
        await Promise.all(writes);
        await db.close();
        // What is on disk, read by a plain LevelDB: every write, in the order made.
        const reopened = new Level<string, Buffer>(dir, { valueEncoding: 'buffer' });
        const onDisk = new Map<string, number>();
        for await (const [k, v] of reopened.iterator({ valueEncoding: 'buffer' })) onDisk.set(k, v[0]!);
        await reopened.close();
        expect(onDisk).toEqual(model);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('with write behind, resolves writes at once and says with sync() when they are on disk', async () => {
    const level = new Level<string, Buffer>(dirs.make());
    const db = new CoalescingLevel(level, { writeBehind: true });
    await db.put('k:1', Buffer.from([1]));
    await db.batch([{ type: 'put', key: 'k:2', value: Buffer.from([2]) }]);
    expect(await level.get('k:1', { valueEncoding: 'buffer' })).toBeUndefined();
    expect((await db.get('k:2'))?.[0]).toBe(2);
    await db.sync();
    expect((await level.get('k:1', { valueEncoding: 'buffer' }))?.[0]).toBe(1);
    expect((await level.get('k:2', { valueEncoding: 'buffer' }))?.[0]).toBe(2);
    await level.close();
    // A batch that cannot be written fails every sync from then on.
    await db.put('k:3', Buffer.from([3]));
    await expect(db.sync()).rejects.toThrow();
    expect(db.failure).toBeDefined();
    await expect(db.sync()).rejects.toThrow();
  });

  it('says when a kept put is on disk, or deleted before it got there', async () => {
    const level = new Level<string, Buffer>(dirs.make());
    const db = new CoalescingLevel(level, { writeBehind: true, keepPrefix: 'q:' });
    await db.put('q:1', Buffer.from([1]));
    let kept = false;
    const keptOne = db.kept().then(() => (kept = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect([kept, await level.get('q:1', { valueEncoding: 'buffer' })]).toEqual([false, undefined]);
    await keptOne; // within LAZY_MS
    expect((await level.get('q:1', { valueEncoding: 'buffer' }))?.[0]).toBe(1);

    await db.put('q:2', Buffer.from([2]));
    await db.del('q:2');
    await db.kept(); // at once: deleted
    await db.flushed();
    expect(await level.get('q:2', { valueEncoding: 'buffer' })).toBeUndefined();

    await level.close();
    await db.put('q:3', Buffer.from([3]));
    await expect(db.kept()).rejects.toThrow();
  });

  it('writes what one turn of the event loop wrote as one batch', async () => {
    const level = new Level<string, Buffer>(dirs.make());
    const db = new CoalescingLevel(level);
    await Promise.all(Array.from({ length: 500 }, (_, i) => db.put(`k:${String(i).padStart(3, '0')}`, Buffer.from([i & 255]))));
    expect(db.batches).toBe(1);
    let count = 0;
    for await (const _value of level.values({ valueEncoding: 'buffer' })) count++;
    expect(count).toBe(500);
    await db.close();
  });

  it('reads back what it wrote once the memory of recent writes overflowed (10 MiB written, 8 MiB kept)', async () => {
    const level = new Level<string, Buffer>(dirs.make());
    const db = new CoalescingLevel(level);
    const value = (i: number) => Buffer.alloc(1024, i % 251);
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 1000 }, (_, j) => db.put(`k:${String(round * 1000 + j).padStart(5, '0')}`, value(round * 1000 + j))));
    }
    await db.del('k:00000');
    for (let i = 1; i < 10_000; i += 7) expect((await db.get(`k:${String(i).padStart(5, '0')}`, { valueEncoding: 'buffer' }))?.equals(value(i))).toBe(true);
    expect(await db.get('k:00000', { valueEncoding: 'buffer' })).toBeUndefined();
    await db.close();
  });
});
