import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMosquitto, type RunningServer } from '@mjl/testing';
import { BrokerLink, BrokerUnreachableError, parseBrokerUrls } from './index.js';

describe('parseBrokerUrls', () => {
  it('accepts mqtt, mqtts, ws, wss and bare host:port', () => {
    expect(parseBrokerUrls(['mqtt://a:1', 'mqtts://b', 'ws://c/mqtt', 'wss://d', '127.0.0.1:1883']).map((url) => url.protocol)).toEqual([
      'mqtt:', 'mqtts:', 'ws:', 'wss:', 'mqtt:',
    ]);
  });

  it('names the bad URL', () => {
    expect(() => parseBrokerUrls(['http://x'])).toThrow(/unsupported broker URL scheme "http:" in http:\/\/x/);
    expect(() => parseBrokerUrls([])).toThrow(/no broker URL/);
  });
});

describe('BrokerLink.connect', () => {
  it('fails fast, naming the URL, when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await BrokerLink.connect({ brokers: [`mqtt://127.0.0.1:${port}`], clientId: 'down-test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerUnreachableError);
    expect((error as Error).message).toContain(`mqtt://127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('sends the credentials of the URL when the options give none', async () => {
    // A TCP server that records the CONNECT packet and never answers.
    let received = Buffer.alloc(0);
    const recorder = createServer((socket) => socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk]))));
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const { port } = recorder.address() as { port: number };
    await BrokerLink.connect({ brokers: [`mqtt://fleet%40ops:s3cret@127.0.0.1:${port}`], clientId: 'auth-test', connectTimeoutMs: 300 }).catch(() => undefined);
    await BrokerLink.connect({ brokers: [`mqtt://fleet:s3cret@127.0.0.1:${port}`], clientId: 'auth-test', username: 'ops', connectTimeoutMs: 300 }).catch(
      () => undefined,
    );
    recorder.close();
    const text = received.toString('latin1');
    expect(text).toContain('fleet@ops');
    expect(text.indexOf('s3cret')).toBeGreaterThan(text.indexOf('fleet@ops'));
    expect(text.slice(text.lastIndexOf('auth-test'))).toContain('ops');
    expect(text.slice(text.lastIndexOf('auth-test'))).not.toContain('fleet');
  });

  it('gives up after the connect timeout when the peer never answers', async () => {
    // A TCP server that accepts and stays silent: no CONNACK ever comes.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    const error = await BrokerLink.connect({ brokers: [`mqtt://127.0.0.1:${port}`], clientId: 'silent-test', connectTimeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    silent.close();
    expect(error).toBeInstanceOf(BrokerUnreachableError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('against Mosquitto (a broker that does not mark retained messages)', () => {
  let mosquitto: RunningServer;
  let url: string;

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    url = mosquitto.url;
  });

  afterAll(() => mosquitto.stop());

  it('delivers every retained message before a snapshot subscription resolves', async () => {
    const publisher = await BrokerLink.connect({ brokers: [url], clientId: 'publisher' });
    const count = 3000;
    await Promise.all(
      Array.from({ length: count }, (_, i) => publisher.publish(`mjl/v1/site/gw/devices/d-${i}`, Buffer.from(String(i)), { qos: 1, retain: true })),
    );
    await publisher.close();

    const reader = await BrokerLink.connect({ brokers: [url], clientId: 'reader' });
    const seen = new Set<string>();
    reader.onMessage((topic) => seen.add(topic));
    // QoS 0: Mosquitto drops QoS 1 deliveries beyond max_queued_messages (1000) per client.
    await reader.subscribeWithSnapshot(['mjl/v1/+/+/devices/+'], 0);
    expect(seen.size).toBe(count);

    // Live messages keep flowing after the snapshot, and a second snapshot works on the same link.
    await reader.subscribeWithSnapshot(['mjl/v1/site/gw/devices/d-1'], 0);
    await reader.close();
  });

  it("hands a persistent session's queue, sent right after CONNACK, to a handler added after connect resolves", async () => {
    const session = { brokers: [url], clientId: 'queued-session', clean: false };
    const first = await BrokerLink.connect(session);
    await first.subscribe(['queued/#'], 1);
    await first.close();
    const publisher = await BrokerLink.connect({ brokers: [url], clientId: 'queue-filler' });
    const count = 200;
    for (let i = 0; i < count; i++) await publisher.publish('queued/x', Buffer.from(String(i)), { qos: 1 });
    await publisher.close();

    const again = await BrokerLink.connect(session);
    // Let MQTT.js take in (and acknowledge) the whole queue before anyone listens.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const got: string[] = [];
    again.onMessage((_topic, payload) => got.push(payload.toString()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(got).toEqual(Array.from({ length: count }, (_, i) => String(i)));
    await again.close();
  });

  it('fails over to the next broker URL when the first is down', async () => {
    const down = `mqtt://127.0.0.1:${await freePort()}`;
    const link = BrokerLink.start({ brokers: [down, url], clientId: 'failover-test', reconnectPeriodMs: 50 });
    await new Promise<void>((resolve) => link.once('connect', resolve));
    expect(link.connected).toBe(true);
    await link.close();
  });
});
