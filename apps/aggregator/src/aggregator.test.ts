import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, filters, topics, type QuorumDecision } from '@mjl/protocol';
import { createLogger } from '@mjl/runtime';
import { startMosquitto, sleep, type RunningServer } from '@mjl/testing';
import { BrokerLink } from '@mjl/transport';
import { AggregatorService } from './aggregator.js';

describe('AggregatorService on Mosquitto', { timeout: 30_000 }, () => {
  let mosquitto: RunningServer;
  let aggregator: AggregatorService;
  let gateway: BrokerLink;
  let observer: BrokerLink;
  const decisions: QuorumDecision[] = [];

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    gateway = await BrokerLink.connect({ brokers: [mosquitto.url], clientId: 'fake-gateway' });
    observer = await BrokerLink.connect({ brokers: [mosquitto.url], clientId: 'observer' });
    observer.onMessage((_topic, payload) => {
      const decoded = codecs.quorumDecision.decode(payload);
      if (decoded.ok) decisions.push(decoded.value);
    });
    await observer.subscribe([filters.quorum], 1);
    const state = codecs.gatewayState.encode({ online: true, site: 'lab', gateway: 'gw', softwareVersion: 't', birthSeq: 1, timestampUs: 1, keepaliveS: 5 });
    await gateway.publish(topics.gatewayState('lab', 'gw'), state, { qos: 1, retain: true });
    for (const name of ['d-1', 'd-2', 'd-3']) {
      const announcement = codecs.deviceAnnouncement.encode({
        name, service: 'Svc', type: 'T', protocols: [1], site: 'lab', gateway: 'gw', parent: '', streams: [], sinceUs: 1, driver: 'test', online: true,
      });
      await gateway.publish(topics.device('lab', 'gw', name), announcement, { qos: 1, retain: true });
    }
    aggregator = new AggregatorService(
      { brokers: [mosquitto.url], quorum: { windowUs: 3000, allowedLatenessUs: 0 }, instance: 'test' },
      createLogger('test', 'silent'),
    );
    await aggregator.start();
    await aggregator.ready;
    while (aggregator.counters.messages < 4) await sleep(10); // the retained state and announcements
  });

  afterAll(async () => {
    await aggregator.stop();
    await Promise.all([gateway.close(), observer.close()]);
    await mosquitto.stop();
  });

  const sendResults = (device: string, firstSeq: number, timestampsUs: number[], values: number[]) =>
    gateway.publish(
      topics.results('lab', 'gw', device),
      codecs.resultBatch.encode({ device, service: 'Svc', session: 1, firstSeq, timestampsUs, values }),
      { qos: 1 },
    );

  it('decides a window as soon as every live device voted, once, even when a batch is redelivered', async () => {
    await sendResults('d-1', 0, [3_000_100], [1]);
    await sendResults('d-2', 0, [3_000_200], [1]);
    await sendResults('d-2', 0, [3_000_200], [1]); // QoS 1 redelivery: counts once
    await sendResults('d-3', 0, [3_000_300], [0]);
    while (decisions.length < 1) await sleep(10);
    await sleep(100);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ service: 'Svc', windowStartUs: 3_000_000, windowUs: 3000, decided: true, value: 1, voters: 3, votesForValue: 2 });
  });

  it('counts and drops malformed results without stopping', async () => {
    const before = aggregator.counters.decodeErrors;
    await gateway.publish(topics.results('lab', 'gw', 'd-1'), Buffer.from('not protobuf at all'), { qos: 1 });
    await gateway.publish(topics.results('lab', 'gw', 'd-1'), new Uint8Array(), { qos: 1 });
    while (aggregator.counters.decodeErrors < before + 2) await sleep(10);
    await sendResults('d-1', 1, [6_000_100], [0]);
    await sendResults('d-2', 1, [6_000_100], [0]);
    await sendResults('d-3', 1, [6_000_100], [1]);
    while (decisions.length < 2) await sleep(10);
    expect(decisions[1]).toMatchObject({ windowStartUs: 6_000_000, decided: true, value: 0 });
  });

  it("takes a gateway's results of several devices in one message, alongside per-device ones", async () => {
    const results = (device: string, firstSeq: number, value: number) => ({ device, service: 'Svc', session: 1, firstSeq, timestampsUs: [9_000_100], values: [value] });
    await gateway.publish(topics.gatewayResults('lab', 'gw'), codecs.gatewayResults.encode({ batches: [results('d-1', 2, 1), results('d-2', 2, 0)] }), { qos: 1 });
    await sendResults('d-3', 2, [9_000_200], [0]);
    while (decisions.length < 3) await sleep(10);
    expect(decisions[2]).toMatchObject({ windowStartUs: 9_000_000, decided: true, value: 0, voters: 3, votesForValue: 2 });
    const before = aggregator.counters.decodeErrors;
    await gateway.publish(topics.gatewayResults('lab', 'gw'), Buffer.from('garbage'), { qos: 1 });
    while (aggregator.counters.decodeErrors < before + 1) await sleep(10);
  });
});
