import { describe, expect, it, vi } from 'vitest';
import { ResultBatcher, type ReadyBatch } from './result-batcher.js';

describe('ResultBatcher', () => {
  it('flushes each device after the linger, with gapless sequence numbers per device', () => {
    vi.useFakeTimers();
    const batches: ReadyBatch[] = [];
    const batcher = new ResultBatcher(1, 100, (batch) => batches.push(batch));
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

  it('flushes at once when a batch is full', () => {
    const batches: ReadyBatch[] = [];
    const batcher = new ResultBatcher(1000, 3, (batch) => batches.push(batch));
    for (let i = 0; i < 7; i++) batcher.add('a', i, i % 2);
    expect(batches.map((batch) => [batch.firstSeq, batch.values.length])).toEqual([
      [0, 3],
      [3, 3],
    ]);
    batcher.flushAll();
    expect(batches[2]).toMatchObject({ firstSeq: 6, timestampsUs: [6] });
  });
});
