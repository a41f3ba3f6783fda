import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mjl/runtime';
import { BrokerLink } from '@mjl/transport';
import { startBroker, type RunningBroker } from './broker.js';

describe('mjl-broker', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await startBroker({ host: '127.0.0.1', port: 0 }, createLogger('test', 'silent'));
  });

  afterAll(() => broker.stop());

  const link = (clientId: string) => BrokerLink.connect({ brokers: [`mqtt://127.0.0.1:${broker.port}`], clientId });

  it('marks the end of thousands of retained messages, so a snapshot is complete when it resolves', async () => {
    const publisher = await link('publisher');
    const count = 5000;
    await Promise.all(
      Array.from({ length: count }, (_, i) => publisher.publish(`mjl/v1/s/g/devices/d-${i}`, Buffer.from([i & 255]), { qos: 1, retain: true })),
    );
    await publisher.close();

    const reader = await link('reader');
    const seen = new Set<string>();
    reader.onMessage((topic) => seen.add(topic));
    await reader.subscribeWithSnapshot(['mjl/v1/+/+/devices/+'], 1);
    expect(seen.size).toBe(count);
    await reader.close();
  });

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
});
