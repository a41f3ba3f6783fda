import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import AsyncRedisPersistence from 'aedes-persistence-redis/asyncPersistence.js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mjl/runtime';
import { startRedis, sleep, type RunningServer } from '@mjl/testing';
import { BrokerLink, type LinkOptions } from '@mjl/transport';
import { startBroker, type RunningBroker } from './broker.js';

/** Short, so that the brokers' will checks (every 4 heartbeats) come round within a test. */
const HEARTBEAT_MS = 500;
const logger = createLogger('test', 'silent');

/** Polls until `done()` or `timeoutMs`; the caller's expect says what was missing. */
async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(20);
}

/**
 * What a subscriber gets, live and as retained copies. A client that reconnects (MQTT.js resubscribes)
 * is sent the retained messages again, flagged retained: those are not second publications.
 */
function received(link: BrokerLink): { live: string[]; seen: Set<string>; reconnects: number } {
  const got = { live: [] as string[], seen: new Set<string>(), reconnects: 0 };
  link.on('connect', () => got.reconnects++);
  link.onMessage((_topic, payload, packet) => {
    const text = payload.toString();
    got.seen.add(text);
    if (!packet.retain) got.live.push(text);
  });
  return got;
}

const duplicates = (items: string[]) => items.filter((item, index) => items.indexOf(item) !== index);

/** A TCP relay to Redis that can cut every connection and refuse new ones, as a network outage does. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {}

  async open(): Promise<void> {
    const server = createServer((socket) => {
      const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
      for (const end of [socket, upstream]) {
        this.sockets.add(end);
        end.on('error', () => undefined);
        end.on('close', () => {
          this.sockets.delete(end);
          socket.destroy();
          upstream.destroy();
        });
      }
      socket.pipe(upstream).pipe(socket);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

describe('two brokers on one Redis', () => {
  let redis: RunningServer;
  let relay: Relay;
  let a: RunningBroker;
  let b: RunningBroker;
  let clients = 0;

  const start = () =>
    startBroker(
      { host: '127.0.0.1', port: 0, persistence: 'memory', dataDir: '', redis: `redis://127.0.0.1:${relay.port}`, heartbeatMs: HEARTBEAT_MS, health: { host: '127.0.0.1', port: 0 } },
      logger,
    );
  const url = (broker: RunningBroker) => `mqtt://127.0.0.1:${broker.port}`;
  const link = (broker: RunningBroker, options: Partial<LinkOptions> = {}) =>
    BrokerLink.connect({ brokers: [url(broker)], clientId: `c${++clients}`, ...options });
  const healthz = async (broker: RunningBroker) => (await fetch(`http://127.0.0.1:${broker.healthPort}/healthz`)).status;

  beforeAll(async () => {
    redis = await startRedis();
    relay = new Relay(redis.port);
    await relay.open();
    // At once: their will checks then run at about the same moments, as two brokers' sometimes do.
    [a, b] = await Promise.all([start(), start()]);
  });

  afterAll(async () => {
    // Settled: a test that failed half-way may have stopped one already; Redis must go in any case.
    await Promise.allSettled([a.stop(), b.stop()]);
    await relay.cut();
    await redis.stop();
  });

  it('delivers QoS 0 and QoS 1 messages published on one broker exactly once on the other, also through overlapping subscriptions', async () => {
    const count = 300;
    /** Deliveries per subscriber, topic and payload. */
    const received = new Map<string, number>();
    const subscribe = async (name: string, broker: RunningBroker, filters: string[]) => {
      const subscriber = await link(broker);
      subscriber.onMessage((topic, payload) => {
        const key = `${name} ${topic} ${payload.toString()}`;
        received.set(key, (received.get(key) ?? 0) + 1);
      });
      await subscriber.subscribe(filters, 1);
      return subscriber;
    };
    const subscribers = [
      await subscribe('overlapping-on-b', b, ['fan/#', 'fan/+/n', 'fan/q1/+']),
      await subscribe('plain-on-b', b, ['fan/#']),
      await subscribe('overlapping-on-a', a, ['fan/#', 'fan/+/n']),
    ];
    const publisher = await link(a);
    const sends: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      sends.push(publisher.publish('fan/q0/n', Buffer.from(String(i)), { qos: 0 }));
      sends.push(publisher.publish('fan/q1/n', Buffer.from(String(i)), { qos: 1 }));
    }
    await Promise.all(sends);
    // Last through the same publisher and broker: a duplicate of anything before would be in by then.
    await publisher.publish('fan/q1/n', Buffer.from('end'), { qos: 1 });
    const names = ['overlapping-on-b', 'plain-on-b', 'overlapping-on-a'];
    await until(() => names.every((name) => received.has(`${name} fan/q1/n end`)));

    for (const name of names) {
      for (const topic of ['fan/q0/n', 'fan/q1/n']) {
        const counts = Array.from({ length: count }, (_, i) => received.get(`${name} ${topic} ${i}`) ?? 0);
        expect(counts.filter((deliveries) => deliveries !== 1), `${name} ${topic}: deliveries that were not exactly one`).toEqual([]);
      }
    }
    await Promise.all([publisher, ...subscribers].map((client) => client.close()));
  });

  it('keeps retained messages published on one broker for new subscribers of the other, snapshot complete when it resolves', async () => {
    const count = 500;
    const publisher = await link(a);
    // QoS 1 is acknowledged once stored (scripts/patch-aedes.mjs): all are in Redis when these resolve.
    await Promise.all(Array.from({ length: count }, (_, i) => publisher.publish(`kept/s/g/devices/d-${i}`, Buffer.from([i & 255]), { qos: 1, retain: true })));
    await publisher.close();

    const reader = await link(b);
    const seen = new Set<string>();
    reader.onMessage((topic) => seen.add(topic));
    await reader.subscribeWithSnapshot(['kept/+/+/devices/+'], 0);
    expect(seen.size).toBe(count);
    await reader.close();
  });

  it("publishes a client's last will, retained, to the other broker when its connection drops", async () => {
    const watcher = await link(b);
    const wills: string[] = [];
    watcher.onMessage((topic, payload) => topic === 'gone/state' && wills.push(payload.toString()));
    await watcher.subscribe(['gone/state'], 1);
    const dying = await link(a, { will: { topic: 'gone/state', payload: Buffer.from('dead'), qos: 1, retain: true } });
    await dying.abort();
    await until(() => wills.length > 0);
    expect(wills).toEqual(['dead']);

    const late = await link(b);
    const retained: string[] = [];
    late.onMessage((_topic, payload) => retained.push(payload.toString()));
    await late.subscribeWithSnapshot(['gone/state'], 0);
    expect(retained).toEqual(['dead']);
    await Promise.all([watcher.close(), late.close()]);
  });

  it('publishes the wills a dead broker left for clients that do not come back, and not those of clients that reconnected elsewhere', async () => {
    // The persistence of a broker that stored two clients' wills and died without a trace.
    const db = new Redis(redis.url);
    const dead = new AsyncRedisPersistence({ conn: db });
    await dead.setup({ id: 'mjl-dead-broker', subscribe: (_topic: string, _handler: unknown, done: () => void) => done() });
    const will = (client: string) => ({ cmd: 'publish', topic: `stale/${client}/state`, payload: Buffer.from(`death of ${client}`), qos: 1, retain: true });
    const vanished = Array.from({ length: 20 }, (_, i) => `vanished-${i}`);
    for (const client of ['returns', ...vanished]) await dead.putWill({ id: client }, will(client));

    const watcher = await link(b);
    const deaths = received(watcher);
    await watcher.subscribe(['stale/+/state'], 1);
    // The client connects again, to another broker (a gateway failing over): its old will is void.
    // (A will check that ran before this connect may have published it already: that death was true then.)
    const returned = await link(b, { clientId: 'returns', will: { topic: 'stale/returns/state', payload: Buffer.from('new will'), qos: 1, retain: true } });
    expect(await db.lrange('will', 0, -1)).not.toContain('will:mjl-dead-broker:returns');
    expect(await db.get('will:mjl-dead-broker:returns')).toBeNull();

    // One of the surviving brokers publishes the others within a will check or two (every 4 heartbeats).
    const expected = vanished.map((client) => `death of ${client}`).sort();
    await until(() => expected.every((death) => deaths.seen.has(death)), 20 * HEARTBEAT_MS);
    await sleep(4 * HEARTBEAT_MS);
    expect([...deaths.seen].filter((death) => death !== 'death of returns').sort()).toEqual(expected);
    // Each published once: none arrived live twice.
    expect(duplicates(deaths.live), `watcher reconnects: ${deaths.reconnects}`).toEqual([]);
    await Promise.all([watcher.close(), returned.close()]);
    db.disconnect();
  });

  it('drops the will of a connection whose client connected again at the other broker (no death after its new birth)', async () => {
    const watcher = await link(b);
    const states = received(watcher);
    await watcher.subscribe(['moving/state'], 1);
    const will = { topic: 'moving/state', payload: Buffer.from('dead'), qos: 1 as const, retain: true };
    // The old connection stays open (its client does not know yet that it is broken) and does not reconnect.
    const old = await link(a, { clientId: 'moving', will, reconnectPeriodMs: 0 });
    const moved = await link(b, { clientId: 'moving', will });
    let movedReconnects = 0;
    moved.on('connect', () => movedReconnects++);
    await moved.publish('moving/state', Buffer.from('alive'), { qos: 1, retain: true });
    await until(() => !old.connected);
    await moved.publish('moving/state', Buffer.from('still alive'), { qos: 1, retain: true });
    await until(() => states.seen.has('still alive'));
    await sleep(4 * HEARTBEAT_MS);
    // Never a death, live or retained; each state published once.
    expect([...states.seen].sort()).toEqual(['alive', 'still alive']);
    // A QoS 1 publish is sent again when its client reconnects before the PUBACK: under load, b may
    // close `moved` once (aedes' cluster, on a's announcement of the older connection arriving after
    // the newer one), and MQTT.js then sends 'alive' again — at least once, not a second publication.
    const timesEach = ['alive', 'still alive'].map((state) => states.live.filter((live) => live === state).length);
    expect(Math.max(...timesEach), `watcher reconnects: ${states.reconnects}, moved reconnects: ${movedReconnects}`).toBeLessThanOrEqual(1 + movedReconnects);
    await Promise.all([watcher.close(), moved.close(), old.abort()]);
  });

  it("keeps a persistent session's queued QoS 1 messages in Redis: the session moves to the other broker, and survives its own broker", async () => {
    const session = { clientId: 'persistent', clean: false };
    const first = await link(a, session);
    // Two filters in one SUBSCRIBE: aedes-persistence-redis alone never acknowledged it.
    await first.subscribe(['queued/#', 'elsewhere/+'], 1);
    await first.close();

    // Published where the session subscribed: another broker learns of a persistent subscription
    // only some milliseconds after its SUBACK (docs/cluster.md, limits).
    const publisher = await link(a);
    const count = 200;
    await Promise.all(Array.from({ length: count }, (_, i) => publisher.publish('queued/n', Buffer.from(String(i)), { qos: 1 })));
    await publisher.close();
    await a.stop();

    // start(), not connect(): the handler must be in place before the queued messages arrive.
    const received = new Map<string, number>();
    const back = BrokerLink.start({ brokers: [url(b)], ...session });
    back.onMessage((_topic, payload) => received.set(payload.toString(), (received.get(payload.toString()) ?? 0) + 1));
    await until(() => received.size === count);
    // A live message after them: redeliveries of the queued ones would have come first.
    const late = await link(b);
    await late.publish('queued/n', Buffer.from('live'), { qos: 1 });
    await until(() => received.has('live'));
    expect(received.size).toBe(count + 1);
    expect([...received.values()].every((deliveries) => deliveries === 1)).toBe(true);
    await Promise.all([back.close(), late.close()]);
    a = await start();
  }, 30_000);

  it('survives Redis going away: /healthz says unavailable, nothing crashes, routing resumes when Redis is back', async () => {
    const idle = await link(a, { will: { topic: 'outage/idle/state', payload: Buffer.from('dead'), qos: 1, retain: true } });
    const watcher = await link(b);
    const messages: string[] = [];
    watcher.onMessage((topic, payload) => messages.push(`${topic} ${payload.toString()}`));
    await watcher.subscribe(['outage/#'], 1);
    expect(await healthz(a)).toBe(200);

    await relay.cut();
    const bothAre = async (status: number) => (await healthz(a)) === status && (await healthz(b)) === status;
    let down = false;
    for (let deadline = Date.now() + 10_000; !down && Date.now() < deadline; await sleep(50)) down = await bothAre(503);
    expect(down).toBe(true);
    // Longer than 3 heartbeats: each broker misses the other's, and its own.
    await sleep(4 * HEARTBEAT_MS);
    await relay.open();
    let up = false;
    for (let deadline = Date.now() + 15_000; !up && Date.now() < deadline; await sleep(50)) up = await bothAre(200);
    expect(up).toBe(true);

    const publisher = await link(a);
    await publisher.publish('outage/after', Buffer.from('routed'), { qos: 1 });
    await until(() => messages.length > 0);
    // Two will checks after Redis came back: the idle client, connected all along, was not declared dead.
    await sleep(8 * HEARTBEAT_MS);
    expect(messages).toEqual(['outage/after routed']);
    await Promise.all([idle.close(), watcher.close(), publisher.close()]);
  }, 60_000);
});

describe('a broker whose Redis cannot be reached', () => {
  it('fails to start within seconds, naming the URL without its password', async () => {
    const started = Date.now();
    const error = await startBroker({ host: '127.0.0.1', port: 0, persistence: 'memory', dataDir: '', redis: 'redis://user:secret@127.0.0.1:9' }, logger).catch(
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:9\/?: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
