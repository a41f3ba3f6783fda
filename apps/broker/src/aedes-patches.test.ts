import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mjl/runtime';
import { BrokerLink, type QoS } from '@mjl/transport';
import { startBroker, type RunningBroker } from './broker.js';

/** Behaviour that scripts/patch-aedes.mjs changes in aedes 1.2, checked through a real broker. */
describe('patched aedes', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await startBroker({ host: '127.0.0.1', port: 0, persistence: 'level', dataDir: mkdtempSync(join(tmpdir(), 'mjl-broker-')) }, createLogger('test', 'silent'));
    const publisher = await BrokerLink.connect({ brokers: [`mqtt://127.0.0.1:${broker.port}`], clientId: 'retained-publisher' });
    await publisher.publish('patch/a/1', Buffer.from('one'), { qos: 1, retain: true });
    await publisher.publish('patch/b/2', Buffer.from('two'), { qos: 0, retain: true });
    await publisher.close();
  });

  afterAll(() => broker.stop());

  /** The QoS each retained message of `filter` arrives with, for a subscription granted `qos`. */
  async function retainedQos(filter: string, qos: QoS): Promise<Record<string, number>> {
    const reader = await BrokerLink.connect({ brokers: [`mqtt://127.0.0.1:${broker.port}`], clientId: `reader-${qos}-${filter.length}` });
    const seen: Record<string, number> = {};
    reader.onMessage((topic, _payload, packet) => {
      if (packet.retain) seen[topic] = packet.qos;
    });
    await reader.subscribeWithSnapshot([filter], qos);
    await reader.close();
    return seen;
  }

  it('sends retained messages at most at the QoS the matching subscription was granted', async () => {
    expect(await retainedQos('patch/+/+', 0)).toEqual({ 'patch/a/1': 0, 'patch/b/2': 0 });
    expect(await retainedQos('patch/#', 1)).toEqual({ 'patch/a/1': 1, 'patch/b/2': 0 });
    expect(await retainedQos('patch/a/1', 0)).toEqual({ 'patch/a/1': 0 });
  });
});
