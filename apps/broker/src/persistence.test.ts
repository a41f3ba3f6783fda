import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Aedes } from 'aedes';
import AsyncLevelPersistence from 'aedes-persistence-level/asyncPersistence.js';
import { temporaryDirs } from '@mjl/testing';
import { BrokerLink } from '@mjl/transport';
import { Level } from 'level';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LEVEL_WRITES, levelPersistence } from './persistence.js';

const dirs = temporaryDirs('mjl-persistence');

describe('LevelDB persistence, written behind', () => {
  afterAll(() => dirs.remove());
  let level: Level<string, Buffer> | undefined;
  afterEach(async () => {
    if (level?.status === 'open') await level.close();
  });

  const openLevel = async () => {
    level = new Level<string, Buffer>(dirs.make());
    await level.open();
    return level;
  };
  const open = async () => {
    const opened = levelPersistence(await openLevel());
    await opened.persistence.setup({ id: 'broker-1' });
    return opened;
  };
  /** `disk` with its batch() replaced: a disk that is slow, stalls, or is watched. */
  const withBatch = (disk: Level<string, Buffer>, batch: (operations: Array<{ type: string; key: string }>, options: object) => Promise<void>) =>
    new Proxy(disk, {
      get: (target, name) => {
        if (name === 'batch') return batch;
        const value: unknown = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  /** aedes over `disk` as mjl-broker sets it up (a QoS 1 PUBACK once the message is safe), on a free port. */
  const serve = async (disk: Level<string, Buffer>) => {
    const { persistence, published: hook, durable } = levelPersistence(disk);
    const aedes = await Aedes.createBroker({ persistence: persistence as never, published: hook });
    (aedes as unknown as { mjlDurable: () => Promise<void> }).mjlDurable = durable;
    const server = createServer((socket) => aedes.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`,
      close: async () => {
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        server.close();
      },
    };
  };
  /** What a plain LevelDB reader finds on disk under `prefix`. */
  const onDisk = async (prefix: string) => {
    const keys: string[] = [];
    for await (const key of level!.keys({ gte: prefix, lt: `${prefix}\uffff` })) keys.push(key);
    return keys;
  };
  const packet = (counter: number) => ({ cmd: 'publish', topic: 'mjl/v1/s/g/results', payload: Buffer.from('r'), qos: 1, retain: false, brokerId: 'broker-1', brokerCounter: counter });
  /** Runs the hook; resolves with the number of writes not on disk yet when it called back. */
  const published = ({ published: hook, coalescer }: ReturnType<typeof levelPersistence>, qos: number) =>
    new Promise<number>((resolve, reject) => hook({ qos }, null, (error) => (error ? reject(error) : resolve(coalescer.unwritten))));

  it('names every method of aedes-persistence-level as durable, written behind or a read', () => {
    const methods = Object.getOwnPropertyNames(AsyncLevelPersistence.prototype).filter((name) => name !== 'constructor' && name !== 'broker');
    const classified = [...LEVEL_WRITES.durable, ...LEVEL_WRITES.behind, ...LEVEL_WRITES.lazy, ...LEVEL_WRITES.reads];
    expect(methods.filter((name) => !classified.includes(name as never))).toEqual([]);
    expect(classified.filter((name) => !methods.includes(name))).toEqual([]);
  });

  it('has a subscription on disk when addSubscriptions resolves', async () => {
    const { persistence, coalescer } = await open();
    const methods = persistence as unknown as { addSubscriptions(client: object, subs: object[]): Promise<void> };
    await methods.addSubscriptions({ id: 'aggregator' }, [{ topic: 'mjl/v1/+/+/results', qos: 1 }]);
    expect(coalescer.unwritten).toBe(0);
    expect(await onDisk('subscriptions:')).toEqual(['subscriptions:aggregator:mjl/v1/+/+/results']);
  });

  it('holds a QoS 2 publish until what it queued is on disk; QoS 0 and 1 (held in their PUBACK) pass', async () => {
    const opened = await open();
    const methods = opened.persistence as unknown as { outgoingEnqueueCombi(subs: object[], packet: object): Promise<void> };
    await methods.outgoingEnqueueCombi([{ clientId: 'aggregator', topic: 'mjl/v1/+/+/results', qos: 1 }], packet(7));
    // Written behind: queued, not yet on disk.
    expect(opened.coalescer.unwritten).toBe(1);
    expect(await published(opened, 0)).toBe(1);
    expect(await published(opened, 1)).toBe(1);
    expect(await published(opened, 2)).toBe(0);
    expect(await onDisk('outgoing:')).toEqual([`outgoing:aggregator:broker-1:${'7'.padStart(16, '0')}`]);
  });

  it('acknowledges a QoS 1 publish for an offline persistent session only once the queued message is on disk (patched aedes)', async () => {
    // A slow disk: each batch lands 150 ms after it was handed over.
    const disk = await openLevel();
    const { url, close } = await serve(withBatch(disk, (operations, options) => delay(150).then(() => disk.batch(operations as never, options))));
    try {
      const session = await BrokerLink.connect({ brokers: [url], clientId: 'offline-session', clean: false });
      await session.subscribe(['durable/#'], 1);
      await session.close();
      const publisher = await BrokerLink.connect({ brokers: [url], clientId: 'durable-publisher' });
      await publisher.publish('durable/x', Buffer.from('kept'), { qos: 1 });
      // The PUBACK came: the message is on disk, where a broker restarted after a crash finds it.
      expect(await onDisk('outgoing:')).toHaveLength(1);
      await publisher.close();
    } finally {
      await close();
    }
  });

  it('acknowledges a QoS 1 publish that an online persistent session acknowledged, without waiting for the disk (patched aedes)', async () => {
    // A disk that stops answering once the subscription is on it.
    let stalled = false;
    const disk = await openLevel();
    const { url, close } = await serve(withBatch(disk, (operations, options) => (stalled ? new Promise(() => undefined) : disk.batch(operations as never, options))));
    const session = await BrokerLink.connect({ brokers: [url], clientId: 'online-session', clean: false });
    const publisher = await BrokerLink.connect({ brokers: [url], clientId: 'fast-publisher' });
    try {
      const got: string[] = [];
      session.onMessage((_topic, payload) => got.push(payload.toString()));
      await session.subscribe(['fast/#'], 1);
      stalled = true;
      // Resolves on the PUBACK: it would never come if it waited for the disk.
      for (let i = 0; i < 20; i++) await publisher.publish('fast/x', Buffer.from(`m${i}`), { qos: 1 });
      expect(got).toHaveLength(20);
    } finally {
      await Promise.all([session.close(500), publisher.close(500)]);
      await close();
    }
  });

  it('keeps a queued message until it is delivered and acknowledged; one acknowledged before its lazy writes go (LAZY_MS) reaches LevelDB as deletions only', async () => {
    // What each batch handed to LevelDB held.
    const written: Array<{ type: string; key: string }> = [];
    const disk = await openLevel();
    const recording = withBatch(disk, (operations, options) => {
      written.push(...operations.map(({ type, key }) => ({ type, key })));
      return disk.batch(operations as never, options);
    });
    const { persistence, coalescer } = levelPersistence(recording);
    await persistence.setup({ id: 'broker-1' });
    const methods = persistence as unknown as {
      outgoingEnqueueCombi(subs: object[], packet: object): Promise<void>;
      outgoingUpdate(client: object, packet: object): Promise<void>;
      outgoingClearMessageId(client: object, packet: object): Promise<{ brokerCounter: number } | undefined>;
    };
    const client = { id: 'aggregator' };
    const queued = `outgoing:aggregator:broker-1:${'9'.padStart(16, '0')}`;
    const byId = `outgoing-id:aggregator:${'42'.padStart(16, '0')}`;
    await methods.outgoingEnqueueCombi([{ clientId: 'aggregator', topic: 'mjl/v1/+/+/results', qos: 1 }], packet(9));
    // The publisher's PUBACK waits for the queued message: on disk, or delivered and acknowledged.
    let kept = false;
    void coalescer.kept().then(() => (kept = true));
    await methods.outgoingUpdate(client, { ...packet(9), messageId: 42 });
    await delay(1);
    expect(kept).toBe(false);
    const cleared = await methods.outgoingClearMessageId(client, { messageId: 42 });
    expect(cleared?.brokerCounter).toBe(9);
    await delay(1);
    expect([kept, written]).toEqual([true, []]);
    await coalescer.flushed();
    expect(written.sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual([
      { type: 'del', key: byId },
      { type: 'del', key: queued },
    ]);
    expect([...(await onDisk('outgoing:')), ...(await onDisk('outgoing-id:'))]).toEqual([]);
  });

  it('reads a queued message back from disk (another broker process, nothing in memory) at its delivery and PUBACK', async () => {
    const first = await open();
    const enqueue = (first.persistence as unknown as { outgoingEnqueueCombi(subs: object[], packet: object): Promise<void> }).outgoingEnqueueCombi;
    await enqueue.call(first.persistence, [{ clientId: 'aggregator', topic: 'mjl/v1/+/+/results', qos: 1 }], packet(3));
    await first.coalescer.flushed();
    const second = levelPersistence(level!);
    await second.persistence.setup({ id: 'broker-2' });
    const methods = second.persistence as unknown as {
      outgoingUpdate(client: object, packet: object): Promise<void>;
      outgoingClearMessageId(client: object, packet: object): Promise<{ brokerCounter: number } | undefined>;
    };
    await methods.outgoingUpdate({ id: 'aggregator' }, { ...packet(3), messageId: 11 });
    await second.coalescer.flushed();
    const fresh = levelPersistence(level!);
    const cleared = await (fresh.persistence as unknown as typeof methods).outgoingClearMessageId({ id: 'aggregator' }, { messageId: 11 });
    expect(cleared?.brokerCounter).toBe(3);
    await fresh.coalescer.flushed();
    expect([...(await onDisk('outgoing:')), ...(await onDisk('outgoing-id:'))]).toEqual([]);
  });

  it('keeps what a delivery wrote when its PUBACK does not come: the queue entry, under its packet id', async () => {
    const { persistence, coalescer } = await open();
    const methods = persistence as unknown as {
      outgoingEnqueueCombi(subs: object[], packet: object): Promise<void>;
      outgoingUpdate(client: object, packet: object): Promise<void>;
    };
    await methods.outgoingEnqueueCombi([{ clientId: 'aggregator', topic: 'mjl/v1/+/+/results', qos: 1 }], packet(5));
    await methods.outgoingUpdate({ id: 'aggregator' }, { ...packet(5), messageId: 7 });
    await methods.outgoingUpdate({ id: 'aggregator' }, { ...packet(5), messageId: 8 });
    await coalescer.flushed();
    expect(coalescer.unwritten).toBe(0);
    // Sent again with packet id 8: the entry under 7 is gone.
    expect(await onDisk('outgoing-id:')).toEqual([`outgoing-id:aggregator:${'8'.padStart(16, '0')}`]);
    expect(await onDisk('outgoing:')).toEqual([`outgoing:aggregator:broker-1:${'5'.padStart(16, '0')}`]);
  });
});
