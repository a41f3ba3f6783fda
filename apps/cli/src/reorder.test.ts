import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReorderBuffer } from './reorder.js';

describe('ReorderBuffer', () => {
  it('holds items until every active source has moved past them, then releases them in time order', () => {
    const buffer = new ReorderBuffer<string>({ latenessUs: 10, idleMs: 1000 });
    buffer.add('a', 100, 'a100', 0);
    buffer.add('b', 50, 'b50', 0);
    buffer.add('a', 120, 'a120', 0);
    // watermark = min(a: 120 - 10, b: 50 - 10) = 40: nothing yet
    expect(buffer.drain(0)).toEqual([]);
    buffer.add('b', 200, 'b200', 1);
    // watermark = min(110, 190) = 110
    expect(buffer.drain(1)).toEqual(['b50', 'a100']);
    expect(buffer.drainAll()).toEqual(['a120', 'b200']);
    expect(buffer.outOfOrder).toBe(0);
  });

  it('stops waiting for a source that went silent (a dead gateway)', () => {
    const buffer = new ReorderBuffer<string>({ latenessUs: 0, idleMs: 100 });
    buffer.add('dead', 10, 'dead10', 0);
    buffer.add('alive', 500, 'alive500', 150);
    expect(buffer.drain(150)).toEqual(['dead10', 'alive500']);
  });

  it('counts an item older than one already released, and still releases it', () => {
    const buffer = new ReorderBuffer<number>({ latenessUs: 0, idleMs: 1000 });
    buffer.add('a', 100, 100, 0);
    expect(buffer.drain(0)).toEqual([100]);
    buffer.add('a', 90, 90, 0);
    expect(buffer.outOfOrder).toBe(1);
    expect(buffer.drain(0)).toEqual([90]);
  });

  it('releases every item exactly once, sorted within each drain, and in total order when each source is in order up to the lateness', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 1000 })), { maxLength: 60 }),
        (arrivals) => {
          const latenessUs = 1000; // every timestamp is within the lateness of every other
          const buffer = new ReorderBuffer<number>({ latenessUs, idleMs: 1_000_000 });
          const out: number[] = [];
          arrivals.forEach(([source, timestampUs], index) => {
            buffer.add(source, timestampUs, timestampUs, index);
            out.push(...buffer.drain(index));
          });
          out.push(...buffer.drainAll());
          expect([...out].sort((x, y) => x - y)).toEqual(arrivals.map(([, timestampUs]) => timestampUs).sort((x, y) => x - y));
          expect(out).toEqual([...out].sort((x, y) => x - y));
          expect(buffer.outOfOrder).toBe(0);
          expect(buffer.size).toBe(0);
        },
      ),
    );
  });
});
