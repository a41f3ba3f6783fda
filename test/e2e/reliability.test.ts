import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerLink } from '@mjl/transport';
import { AppProcess, BIN, sleep, Stack } from '../src/harness.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'mjl-broker-e2e-'));

/** Resolves once `count` messages arrived through `link` (or fails after `timeoutMs`). */
function collect(link: BrokerLink, count: number, timeoutMs = 10_000): { topics: string[]; payloads: string[]; done: Promise<void> } {
  const topics: string[] = [];
  const payloads: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${topics.length} of ${count} messages within ${timeoutMs} ms`)), timeoutMs);
    link.onMessage((topic, payload) => {
      topics.push(topic);
      payloads.push(payload.toString());
      if (topics.length === count) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { topics, payloads, done };
}

async function crash(broker: AppProcess): Promise<void> {
  broker.kill('SIGKILL');
  await broker.exited;
}

describe('broker reliability', () => {
  const stack = new Stack();
  afterEach(() => stack.stopAll());

  it('keeps retained messages and the queued QoS 1 messages of persistent sessions across a crash', async () => {
    const dir = dataDir();
    const first = await stack.startBroker(['--data-dir', dir]);

    // A persistent session subscribes, then goes away: what it subscribed to is queued for it.
    const session = { brokers: [stack.brokerUrl], clientId: 'persistent-consumer', clean: false };
    const offline = await BrokerLink.connect(session);
    await offline.subscribe(['mjl/v1/kitchen/pi-1/devices/+/results'], 1);
    await offline.close();

    // aedes acknowledges a QoS 1 publish before storing it, and routes it after: once a watcher has
    // seen them all, all are stored.
    const watcher = await stack.client();
    const seen = collect(watcher, 10 + 20);
    await watcher.subscribe(['mjl/v1/#'], 1);
    const publisher = await stack.client();
    for (let i = 0; i < 10; i++) await publisher.publish(`mjl/v1/kitchen/pi-1/devices/D-${i}`, Buffer.from(`announce ${i}`), { qos: 1, retain: true });
    for (let i = 0; i < 20; i++) await publisher.publish('mjl/v1/kitchen/pi-1/devices/D-0/results', Buffer.from(`before ${i}`), { qos: 1 });
    await seen.done;
    await Promise.all([watcher.abort(), publisher.abort()]);

    await crash(first);
    await stack.startBroker(['--data-dir', dir]);

    // Queued for the session while it is offline after the restart, too.
    const late = await stack.client();
    for (let i = 0; i < 5; i++) await late.publish('mjl/v1/kitchen/pi-1/devices/D-0/results', Buffer.from(`after ${i}`), { qos: 1 });
    await late.close();

    const reader = await stack.client();
    const retained = new Map<string, string>();
    reader.onMessage((topic, payload) => retained.set(topic, payload.toString()));
    await reader.subscribeWithSnapshot(['mjl/v1/+/+/devices/+'], 0);
    expect(retained.size).toBe(10);
    expect(retained.get('mjl/v1/kitchen/pi-1/devices/D-3')).toBe('announce 3');
    await reader.close();

    // start() registers the message handler before connecting: nothing delivered at once is missed.
    const back = BrokerLink.start({ ...session, brokers: [stack.brokerUrl] });
    const queued = collect(back, 25);
    await queued.done;
    expect(queued.payloads).toEqual([...Array.from({ length: 20 }, (_, i) => `before ${i}`), ...Array.from({ length: 5 }, (_, i) => `after ${i}`)]);
    await back.close();
  });

  it('loses them with --persistence memory (the control)', async () => {
    const first = await stack.startBroker(['--persistence', 'memory']);
    const publisher = await stack.client();
    const echo = collect(publisher, 1);
    await publisher.subscribe(['mjl/v1/+/+/devices/+'], 1);
    await publisher.publish('mjl/v1/kitchen/pi-1/devices/D-1', Buffer.from('announce'), { qos: 1, retain: true });
    await echo.done;
    await publisher.abort();
    await crash(first);
    await stack.startBroker(['--persistence', 'memory']);
    const reader = await stack.client();
    let count = 0;
    reader.onMessage(() => count++);
    await reader.subscribeWithSnapshot(['mjl/v1/+/+/devices/+'], 0);
    expect(count).toBe(0);
    await reader.close();
  });

  it('refuses a data directory that another broker uses, naming it', async () => {
    const dir = dataDir();
    await stack.startBroker(['--data-dir', dir]);
    const second = new AppProcess('second mjl-broker', BIN.broker, ['--port', '0', '--data-dir', dir]);
    expect(await second.exited).toBe(1);
    expect(second.stderr).toContain(`the data directory ${dir} is in use by another process`);
  });

  it('stays up and keeps routing when 50 clients publishing flat out are cut off at once, round after round', async () => {
    // aedes 1.2 died here with "RangeError: Maximum call stack size exceeded" in mqemitter
    // (apps/broker/src/emitter.ts).
    const broker = await stack.startBroker(['--data-dir', dataDir()]);
    const clients = 50;
    const rounds = 3;
    const payload = Buffer.alloc(200, 7);
    const sentPerRound: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const links = await Promise.all(
        Array.from({ length: clients }, (_, i) =>
          BrokerLink.connect({ brokers: [stack.brokerUrl], clientId: `load-${round}-${i}`, reconnectPeriodMs: 0, keepaliveS: 30 }),
        ),
      );
      await Promise.all(links.map((link, i) => link.subscribe([`load/${(i + 1) % clients}/#`, 'load/all'], i % 2 === 0 ? 0 : 1)));
      let running = true;
      let sent = 0;
      const publishers = links.map(async (link, i) => {
        const qos = i % 2 === 0 ? 0 : 1;
        while (running) {
          const topic = sent % 3 === 0 ? 'load/all' : sent % 3 === 1 ? `load/${i}/x` : `nobody/${i}`;
          const publishing = link.publish(topic, payload, { qos }).catch(() => undefined);
          sent++;
          // QoS 1 waits for its PUBACK; QoS 0 only lets the event loop breathe now and then.
          if (qos === 1) await publishing;
          else if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      });
      await sleep(1500);
      running = false;
      await Promise.all(links.map((link) => link.abort()));
      await Promise.all(publishers);
      sentPerRound.push(sent);

      await sleep(300);
      // Still routing: a fresh pair of clients talks through it.
      const probe = async () => {
        const a = await stack.client();
        const b = await stack.client();
        const got = collect(b, 1, 5000);
        await b.subscribe(['probe/after-round'], 1);
        await a.publish('probe/after-round', Buffer.from(String(round)), { qos: 1 });
        await got.done;
        await Promise.all([a.close(), b.close()]);
        return got.payloads;
      };
      const answer = await probe().catch((error: Error) => `${error.message}\nbroker exit ${broker.child.exitCode}, stderr:\n${broker.stderr.slice(-1500)}`);
      expect(answer).toEqual([String(round)]);
    }
    expect(broker.stderr).not.toMatch(/RangeError|uncaught/i);
    expect(sentPerRound.every((sent) => sent > 1000), `messages sent per round: ${sentPerRound.join(', ')}`).toBe(true);
    console.info(`abrupt-disconnect rounds: ${sentPerRound.join(', ')} messages sent before cutting ${clients} clients off`);
  }, 60_000);
});
