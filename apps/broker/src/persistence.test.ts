import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AsyncLevelPersistence from 'aedes-persistence-level/asyncPersistence.js';
import { Level } from 'level';
import { afterEach, describe, expect, it } from 'vitest';
import { LEVEL_WRITES, levelPersistence } from './persistence.js';

describe('LevelDB persistence, written behind', () => {
  let level: Level<string, Buffer> | undefined;
  afterEach(async () => {
    if (level?.status === 'open') await level.close();
  });

  const open = async () => {
    level = new Level<string, Buffer>(mkdtempSync(join(tmpdir(), 'mjl-persistence-')));
    await level.open();
    const opened = levelPersistence(level);
    await opened.persistence.setup({ id: 'broker-1' });
    return opened;
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
    const classified = [...LEVEL_WRITES.durable, ...LEVEL_WRITES.behind, ...LEVEL_WRITES.reads];
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

  it("has a QoS 1 message queued for a persistent session on disk when the publish is done (before its PUBACK), not before", async () => {
    const opened = await open();
    const methods = opened.persistence as unknown as { outgoingEnqueueCombi(subs: object[], packet: object): Promise<void> };
    await methods.outgoingEnqueueCombi([{ clientId: 'aggregator', topic: 'mjl/v1/+/+/results', qos: 1 }], packet(7));
    // Written behind: queued, not yet on disk; a QoS 0 publish does not wait for it.
    expect(opened.coalescer.unwritten).toBe(1);
    expect(await published(opened, 0)).toBe(1);
    expect(await published(opened, 1)).toBe(0);
    expect(await onDisk('outgoing:')).toEqual([`outgoing:aggregator:broker-1:${'7'.padStart(16, '0')}`]);
  });

  it('reads a delivery written behind at its PUBACK, and clears it from disk', async () => {
    const { persistence, coalescer } = await open();
    const methods = persistence as unknown as {
      outgoingEnqueueCombi(subs: object[], packet: object): Promise<void>;
      outgoingUpdate(client: object, packet: object): Promise<void>;
      outgoingClearMessageId(client: object, packet: object): Promise<{ brokerCounter: number } | undefined>;
    };
    const client = { id: 'aggregator' };
    await methods.outgoingEnqueueCombi([{ clientId: 'aggregator', topic: 'mjl/v1/+/+/results', qos: 1 }], packet(9));
    await methods.outgoingUpdate(client, { ...packet(9), messageId: 42 });
    const cleared = await methods.outgoingClearMessageId(client, { messageId: 42 });
    expect(cleared?.brokerCounter).toBe(9);
    await coalescer.sync();
    expect([...(await onDisk('outgoing:')), ...(await onDisk('outgoing-id:'))]).toEqual([]);
  });
});
