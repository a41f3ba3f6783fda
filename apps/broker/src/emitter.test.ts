import mqemitter from 'mqemitter';
import mqemitterRedis from 'mqemitter-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startRedis, type RunningServer } from '@mjl/testing';
import { createEmitter, withFixes, type Emitter } from './emitter.js';

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

/** aedes' own duplicate check (lib/client.js dedupe), which our filter replaces. */
const isNew = (duplicates: Record<string, number>, message: { brokerId: string; brokerCounter: number }) => {
  const fresh = (duplicates[message.brokerId] || 0) < message.brokerCounter;
  if (fresh) duplicates[message.brokerId] = message.brokerCounter;
  return fresh;
};

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

  it('refuses an emitter it cannot fix', () => {
    expect(() => withFixes({} as Emitter)).toThrow(/no _do/);
  });

  describe('duplicateFilter, asked the way aedes asks', () => {

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

describe('withFixes on mqemitter-redis (a cluster)', () => {
  let redis: RunningServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  const subscribed = (emitter: mqemitter.MQEmitter, topic: string, listener: (message: mqemitter.Message, done: () => void) => void) =>
    new Promise<void>((resolve) => emitter.on(topic, listener, () => resolve()));
  const closed = (emitter: mqemitter.MQEmitter) => new Promise<void>((resolve) => emitter.close(() => resolve()));

  it('hands a message once to a client with overlapping subscriptions, and keeps two brokers\' messages numbered out of order', async () => {
    const ours = withFixes(mqemitterRedis({ connectionString: redis.url, concurrency: 10, matchEmptyLevels: true }) as unknown as Emitter);
    const other = mqemitterRedis({ connectionString: redis.url });
    const duplicates = ours.duplicateFilter();
    const delivered: string[] = [];
    // One client's delivery function under two filters, as aedes subscribes it.
    const client = (message: mqemitter.Message, done: () => void) => {
      if (isNew(duplicates, message as never)) delivered.push(`${String(message.brokerId)}:${String(message.brokerCounter)}`);
      done();
    };
    // Redis matches a message to both patterns and sends it twice; mqemitter-redis drops the repeat.
    await subscribed(ours.mq, 'a/#', client);
    await subscribed(ours.mq, 'a/+', client);
    const sent: Array<[mqemitter.MQEmitter, string, number]> = [
      [other, 'other', 7],
      [other, 'other', 6],
      [ours.mq, 'ours', 1],
      [other, 'other', 8],
      [other, 'end', 1],
    ];
    for (const [from, brokerId, brokerCounter] of sent) {
      await new Promise<void>((resolve) => from.emit({ topic: 'a/b', brokerId, brokerCounter }, () => resolve()));
    }
    for (let waited = 0; !delivered.includes('end:1') && waited < 5000; waited += 20) await sleep(20);
    expect(delivered).toEqual(['other:7', 'other:6', 'ours:1', 'other:8', 'end:1']);
    await Promise.all([closed(ours.mq), closed(other)]);
  });
});
