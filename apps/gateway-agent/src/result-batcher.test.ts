import { describe, expect, it, vi } from 'vitest';
import { MAX_HOLD_MS, ResultBatcher, type ReadyBatch } from './result-batcher.js';

describe('ResultBatcher', () => {
  it('flushes each device after the linger, with gapless sequence numbers per device', () => {
    vi.useFakeTimers();
    const batches: ReadyBatch[] = [];
    const batcher = new ResultBatcher({ lingerMs: 1, maxResults: 100, grouping: 'device' }, (ready) => batches.push(...ready));
    batcher.add('a', 10, 1);
    batcher.add('b', 11, 0);
    batcher.add('a', 12, 1);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([
      { device: 'a', firstSeq: 0, timestampsUs: [10, 12], values: [1, 1] },
      { device: 'b', firstSeq: 0, timestampsUs: [11], values: [0] },
    ]);
    batcher.add('a', 13, 0);
    vi.advanceTimersByTime(1);
    expect(batches[2]).toEqual({ device: 'a', firstSeq: 2, timestampsUs: [13], values: [0] });
    vi.useRealTimers();
  });

  it('hands out every pending device in one flush, and flushes all at once when maxResults are pending in all (grouping gateway)', () => {
    vi.useFakeTimers();
    const flushes: ReadyBatch[][] = [];
    const batcher = new ResultBatcher({ lingerMs: 1, maxResults: 5, grouping: 'gateway' }, (ready) => flushes.push(ready));
    batcher.add('a', 10, 1);
    batcher.add('b', 11, 0);
    batcher.add('a', 12, 1);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual([
      [
        { device: 'a', firstSeq: 0, timestampsUs: [10, 12], values: [1, 1] },
        { device: 'b', firstSeq: 0, timestampsUs: [11], values: [0] },
      ],
    ]);
    // Five pending across devices: out at once, before the linger.
    for (let i = 0; i < 5; i++) batcher.add(i % 2 === 0 ? 'a' : 'c', 20 + i, i % 2);
    expect(flushes).toHaveLength(2);
    expect(flushes[1]).toEqual([
      { device: 'a', firstSeq: 2, timestampsUs: [20, 22, 24], values: [0, 0, 0] },
      { device: 'c', firstSeq: 0, timestampsUs: [21, 23], values: [1, 1] },
    ]);
    vi.advanceTimersByTime(5);
    expect(flushes).toHaveLength(2);
    vi.useRealTimers();
  });

  it('flushes at once when a batch is full', () => {
    const batches: ReadyBatch[] = [];
    const batcher = new ResultBatcher({ lingerMs: 1000, maxResults: 3, grouping: 'device' }, (ready) => batches.push(...ready));
    for (let i = 0; i < 7; i++) batcher.add('a', i, i % 2);
    expect(batches.map((batch) => [batch.firstSeq, batch.values.length])).toEqual([
      [0, 3],
      [3, 3],
    ]);
    batcher.flushAll();
    expect(batches[2]).toMatchObject({ firstSeq: 6, timestampsUs: [6] });
  });

  it('holds batches past the linger while backed up, at most MAX_HOLD_MS more, then flushes them grown', () => {
    vi.useFakeTimers();
    const batches: ReadyBatch[] = [];
    let backedUp = true;
    const batcher = new ResultBatcher({ lingerMs: 1, maxResults: 100, grouping: 'device' }, (ready) => batches.push(...ready), () => backedUp);
    for (let t = 0; t < 10; t++) {
      batcher.add('a', t, 1);
      vi.advanceTimersByTime(1);
    }
    expect(batches).toHaveLength(0); // 10 ms in, still held
    vi.advanceTimersByTime(MAX_HOLD_MS);
    expect(batches).toEqual([{ device: 'a', firstSeq: 0, timestampsUs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], values: Array(10).fill(1) }]);
    // Caught up: the next batch goes at its linger again.
    backedUp = false;
    batcher.add('a', 100, 0);
    vi.advanceTimersByTime(1);
    expect(batches[1]).toEqual({ device: 'a', firstSeq: 10, timestampsUs: [100], values: [0] });
    // Backed up again, until the outbox drains: then it goes at the next linger tick.
    backedUp = true;
    batcher.add('a', 200, 1);
    vi.advanceTimersByTime(5);
    expect(batches).toHaveLength(2);
    backedUp = false;
    vi.advanceTimersByTime(1);
    expect(batches[2]).toMatchObject({ firstSeq: 11, timestampsUs: [200] });
    vi.useRealTimers();
  });

  it('still flushes a full batch at once while backed up', () => {
    const batches: ReadyBatch[] = [];
    const batcher = new ResultBatcher({ lingerMs: 1000, maxResults: 3, grouping: 'device' }, (ready) => batches.push(...ready), () => true);
    for (let i = 0; i < 3; i++) batcher.add('a', i, 0);
    expect(batches).toHaveLength(1);
  });
});
