import mqemitter from 'mqemitter';
import { describe, expect, it } from 'vitest';
import { createEmitter } from './emitter.js';

/**
 * The failure aedes 1.2 showed under load: one slow delivery holds the only slot, many messages to
 * topics nobody subscribes to queue up behind it, and releasing the slot drains them recursively.
 */
function floodBehindSlowDelivery(emitter: mqemitter.MQEmitter, queued: number, onFinished: (index: number) => void): () => void {
  let release: () => void = () => undefined;
  emitter.on('slow', (_message, done) => {
    release = done;
  });
  emitter.emit({ topic: 'slow' });
  for (let i = 0; i < queued; i++) emitter.emit({ topic: `nobody/${i}` }, () => onFinished(i));
  return () => release();
}

describe('createEmitter', () => {
  it('plain mqemitter overflows the stack draining a queue of unsubscribed messages (the bug)', () => {
    const release = floodBehindSlowDelivery(mqemitter({ concurrency: 1 }), 20_000, () => undefined);
    expect(release).toThrow(RangeError);
  });

  it('drains the same queue without overflowing, every message finished in order', async () => {
    const order: number[] = [];
    const count = 20_000;
    const release = floodBehindSlowDelivery(createEmitter({ concurrency: 1 }).mq, count, (index) => order.push(index));
    expect(release).not.toThrow();
    await new Promise<void>((resolve) => {
      const poll = () => (order.length === count ? resolve() : setImmediate(poll));
      poll();
    });
    expect(order.every((value, index) => value === index)).toBe(true);
  });

  it('still delivers to subscribers with wildcards and empty levels', async () => {
    const emitter = createEmitter({ concurrency: 10 }).mq;
    const seen: string[] = [];
    emitter.on('a/+/c', (message, done) => {
      seen.push(message.topic);
      done();
    });
    emitter.on('a/#', (message, done) => {
      seen.push(`#${message.topic}`);
      done();
    });
    await new Promise<void>((resolve) => emitter.emit({ topic: 'a//c' }, () => resolve()));
    expect(seen.sort()).toEqual(['#a//c', 'a//c']);
  });

  describe('duplicateFilter, asked the way aedes asks', () => {
    const isNew = (duplicates: Record<string, number>, message: { brokerId: string; brokerCounter: number }) => {
      const fresh = (duplicates[message.brokerId] || 0) < message.brokerCounter;
      if (fresh) duplicates[message.brokerId] = message.brokerCounter;
      return fresh;
    };

    it('drops the second delivery of a message to a client with overlapping subscriptions', async () => {
      const { mq, duplicateFilter } = createEmitter({ concurrency: 10 });
      const duplicates = duplicateFilter();
      const delivered: number[] = [];
      const subscriber = (message: mqemitter.Message, done: () => void) => {
        if (isNew(duplicates, message as never)) delivered.push(message.brokerCounter as number);
        done();
      };
      mq.on('a/#', subscriber);
      mq.on('a/+', subscriber);
      await new Promise<void>((resolve) => mq.emit({ topic: 'a/b', brokerId: 'B', brokerCounter: 5 }, () => resolve()));
      expect(delivered).toEqual([5]);
    });

    it('delivers messages that arrive out of numbering order (aedes 1.2 dropped the older one)', async () => {
      const { mq, duplicateFilter } = createEmitter({ concurrency: 10 });
      const duplicates = duplicateFilter();
      const delivered: number[] = [];
      mq.on('a/+', (message, done) => {
        if (isNew(duplicates, message as never)) delivered.push(message.brokerCounter as number);
        done();
      });
      for (const brokerCounter of [7, 6, 8]) {
        await new Promise<void>((resolve) => mq.emit({ topic: 'a/b', brokerId: 'B', brokerCounter }, () => resolve()));
      }
      expect(delivered).toEqual([7, 6, 8]);
      const plain: Record<string, number> = Object.create(null);
      expect([7, 6, 8].map((brokerCounter) => isNew(plain, { brokerId: 'B', brokerCounter }))).toEqual([true, false, true]);
    });
  });
});
