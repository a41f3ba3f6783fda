import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mjl/runtime';
import { startRedis, type RunningServer } from '@mjl/testing';
import { BrokerLink } from '@mjl/transport';
import { startBroker, type RunningBroker } from './broker.js';
import { PERSISTENCE_KINDS } from './persistence.js';

describe.each([...PERSISTENCE_KINDS, 'redis'] as const)('mjl-broker with %s persistence', (kind) => {
  let broker: RunningBroker;
  let redis: RunningServer | undefined;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mjl-broker-'));
    redis = kind === 'redis' ? await startRedis() : undefined;
    const persistence = kind === 'redis' ? 'memory' : kind;
    broker = await startBroker({ host: '127.0.0.1', port: 0, persistence, dataDir, redis: redis?.url }, createLogger('test', 'silent'));
  });

  afterAll(async () => {
    await broker.stop();
    await redis?.stop();
  });

  const link = (clientId: string) => BrokerLink.connect({ brokers: [`mqtt://127.0.0.1:${broker.port}`], clientId });

  it('marks the end of thousands of retained messages, so a snapshot is complete when it resolves', async () => {
    const publisher = await link('publisher');
    const count = 5000;
    // aedes acknowledges a QoS 1 publish before it stores it; it routes it after: once all came
    // back, all are stored.
    let echoed = 0;
    const allEchoed = new Promise<void>((resolve) => publisher.onMessage(() => ++echoed === count && resolve()));
    await publisher.subscribe(['mjl/v1/+/+/devices/+'], 0);
    await Promise.all(
      Array.from({ length: count }, (_, i) => publisher.publish(`mjl/v1/s/g/devices/d-${i}`, Buffer.from([i & 255]), { qos: 1, retain: true })),
    );
    await allEchoed;
    await publisher.close();

    const reader = await link('reader');
    const seen = new Set<string>();
    reader.onMessage((topic) => seen.add(topic));
    await reader.subscribeWithSnapshot(['mjl/v1/+/+/devices/+'], 1);
    expect(seen.size).toBe(count);
    await reader.close();
  });

  it('delivers every message live when retained, queued and plain publishes interleave', async () => {
    // aedes 1.2 dropped a message routed after a newer one (its store finished later) as a duplicate.
    const offline = await BrokerLink.connect({ brokers: [`mqtt://127.0.0.1:${broker.port}`], clientId: 'offline-session', clean: false });
    await offline.subscribe(['mix/#'], 1);
    await offline.close();
    const subscriber = await link('mix-subscriber');
    const received = { retained: 0, queued: 0, plain: 0 };
    subscriber.onMessage((topic) => received[topic.split('/')[1] as keyof typeof received]++);
    // Retained messages of a subscription are read after its SUBACK (from Redis, while these are
    // stored): the snapshot waits until that read is over, so none of them comes twice.
    await subscriber.subscribeWithSnapshot(['mix/#'], 1);
    const publisher = await link('mix-publisher');
    const count = 2000;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      sends.push(publisher.publish(`mix/retained/${i}`, Buffer.from('r'), { qos: 0, retain: true }));
      sends.push(publisher.publish('mix/queued', Buffer.from('q'), { qos: 1 }));
      sends.push(publisher.publish('mix/plain', Buffer.from('p'), { qos: 0 }));
    }
    await Promise.all(sends);
    const deadline = Date.now() + 8000;
    while (received.retained + received.queued + received.plain < 3 * count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual({ retained: count, queued: count, plain: count });
    await Promise.all([publisher.close(), subscriber.close()]);
  }, 20_000);

  it("publishes a client's last will when its connection drops", async () => {
    const watcher = await link('watcher');
    const will = new Promise<string>((resolve) => watcher.onMessage((topic, payload) => topic.endsWith('/state') && resolve(payload.toString())));
    await watcher.subscribe(['mjl/v1/s/dying/state'], 1);
    const dying = await BrokerLink.connect({
      brokers: [`mqtt://127.0.0.1:${broker.port}`],
      clientId: 'dying',
      will: { topic: 'mjl/v1/s/dying/state', payload: Buffer.from('gone'), qos: 1, retain: true },
    });
    await dying.abort();
    expect(await will).toBe('gone');
    await watcher.close();
  });

  it("clears a persistent session's acknowledged messages (none comes again when it reconnects), and acknowledges a clean one's", async () => {
    const url = `mqtt://127.0.0.1:${broker.port}`;
    const publisher = await link('ack-publisher');
    const session = { brokers: [url], clientId: 'ack-session', clean: false };
    let first = await BrokerLink.connect(session);
    const clean = await link('ack-clean');
    const got = { session: [] as string[], clean: [] as string[] };
    first.onMessage((_topic, payload) => got.session.push(payload.toString()));
    clean.onMessage((_topic, payload) => got.clean.push(payload.toString()));
    await first.subscribe(['acks/#'], 1);
    await clean.subscribe(['acks/#'], 1);
    for (let i = 0; i < 50; i++) await publisher.publish('acks/live', Buffer.from(`live-${i}`), { qos: 1 });
    const deadline = Date.now() + 5000;
    while ((got.session.length < 50 || got.clean.length < 50) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect([got.session.length, got.clean.length]).toEqual([50, 50]);
    // Let the broker take the PUBACKs in, then go away and come back: only what came meanwhile is due.
    await new Promise((r) => setTimeout(r, 300));
    await first.close();
    for (let i = 0; i < 5; i++) await publisher.publish('acks/away', Buffer.from(`away-${i}`), { qos: 1 });
    got.session = [];
    first = await BrokerLink.connect(session);
    first.onMessage((_topic, payload) => got.session.push(payload.toString()));
    const until = Date.now() + 3000;
    while (got.session.length < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    expect(got.session).toEqual(['away-0', 'away-1', 'away-2', 'away-3', 'away-4']);
    await Promise.all([publisher.close(), first.close(), clean.close()]);
  });
});
