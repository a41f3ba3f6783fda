import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, filters, parseTopic, type QuorumDecision } from '@mjl/protocol';
import { startRedis, type RunningServer } from '@mjl/testing';
import type { BrokerLink } from '@mjl/transport';
import { eventually, mjl, Stack, type AppProcess, type DeviceRow } from '../src/harness.js';

const KEEPALIVE_S = 2;
const simulate = (service: string) => ['--simulate', `${service}:3:0.9`, '--rate', '50', '--keepalive', String(KEEPALIVE_S)];

/**
 * Two mjl-broker processes on one redis-server: gateways on broker A, the aggregator and `mjl` on
 * broker B. Then broker A is killed: a gateway given both brokers moves to B, one given only A is
 * declared dead by B (its will, which A left in Redis).
 */
describe('two brokers on one Redis', () => {
  const stack = new Stack();
  let redis: RunningServer;
  let brokerA: AppProcess;
  let urlA = '';
  let urlB = '';
  let observer: BrokerLink;
  const decisions: QuorumDecision[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    brokerA = await stack.startBroker(['--redis', redis.url]);
    urlA = stack.brokerUrl;
    await stack.startBroker(['--redis', redis.url]);
    urlB = stack.brokerUrl;

    stack.brokerUrl = urlA;
    await stack.startGateway('kitchen', 'pi-1', simulate('AudioClassifier'));
    // Both brokers, comma-separated: MQTT.js moves to the next one when the connection drops.
    stack.brokerUrl = `${urlA},${urlB}`;
    await stack.startGateway('garage', 'pi-2', simulate('KeywordSpotter'));

    stack.brokerUrl = urlB;
    await stack.startAggregator(['--window', '3ms']);
    observer = await stack.client();
    observer.onMessage((topic, payload, packet) => {
      if (parseTopic(topic)?.kind !== 'quorum' || packet.retain) return;
      const decoded = codecs.quorumDecision.decode(payload);
      if (decoded.ok) decisions.push(decoded.value);
    });
    await observer.subscribe([filters.quorum], 1);
  }, 60_000);

  afterAll(async () => {
    await observer?.close();
    await stack.stopAll();
    await redis?.stop();
  });

  const devices = async (): Promise<DeviceRow[]> => {
    const run = await mjl(['devices', '-o', 'json'], { MJL_BROKER: urlB });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as DeviceRow[];
  };
  const statusOf = (rows: DeviceRow[], site: string) => [...new Set(rows.filter((row) => row.site === site).map((row) => row.status))];
  const decided = (service: string) => decisions.filter((decision) => decision.service === service && decision.decided);

  it('lists on broker B every device announced on broker A, complete on every first print', async () => {
    await eventually(async () => ((await devices()).length === 8 ? true : undefined), 20_000);
    for (let run = 0; run < 3; run++) {
      const rows = await devices();
      expect(rows).toHaveLength(8);
      expect(rows.every((row) => row.status === 'online')).toBe(true);
    }
    const services = await mjl(['services', '-o', 'json'], { MJL_BROKER: urlB });
    expect(services.code).toBe(0);
    const counts = (JSON.parse(services.stdout) as { name: string; devices: number }[]).map(({ name, devices: count }) => [name, count]);
    expect(counts).toEqual([
      ['AudioClassifier', 3],
      ['KeywordSpotter', 3],
      ['MjlDriver', 2],
    ]);
  });

  it("decides on broker B from results published on broker A (the kitchen's) and on both (the garage's)", async () => {
    await eventually(async () => (decided('AudioClassifier').length >= 100 && decided('KeywordSpotter').length >= 100 ? true : undefined), 30_000);
    for (const service of ['AudioClassifier', 'KeywordSpotter']) {
      const starts = decisions.filter((decision) => decision.service === service).map((decision) => decision.windowStartUs);
      expect(new Set(starts).size, `${service}: one decision per window`).toBe(starts.length);
      const all = decided(service);
      expect(all.filter((decision) => decision.voters === 3).length, `${service}: every device voted`).toBeGreaterThan(all.length * 0.9);
    }
  });

  it("publishes a killed gateway's last will, stored through broker A, to broker B", async () => {
    stack.brokerUrl = urlA;
    const shed = await stack.startGateway('shed', 'pi-4', simulate('AudioClassifier'));
    await eventually(async () => (statusOf(await devices(), 'shed').join() === 'online' ? true : undefined), 20_000);
    shed.kill('SIGKILL');
    // At once when its TCP connection closes, at the latest after 1.5 keepalives.
    await eventually(async () => (statusOf(await devices(), 'shed').join() === 'offline' ? true : undefined), 20_000, 200);
  });

  it('when broker A dies: the gateway given both brokers moves to B and goes on; B declares the other dead', async () => {
    const before = decided('KeywordSpotter').length;
    brokerA.kill('SIGKILL');
    await brokerA.exited;

    // The kitchen gateway knew only broker A: its will, left in Redis by A, is published by B once
    // A has missed 3 heartbeats (5 s each), at B's next will check (every 20 s).
    const rows = await eventually(async () => {
      const now = await devices();
      return statusOf(now, 'kitchen').join() === 'offline' ? now : undefined;
    }, 60_000, 500);
    // That same check would have published the garage's old will too, had B kept it when the
    // garage reconnected: the garage stays online.
    expect(statusOf(rows, 'garage')).toEqual(['online']);
    // Its results reach the aggregator through broker B.
    await eventually(async () => (decided('KeywordSpotter').length >= before + 200 ? true : undefined), 30_000);
    const after = decided('KeywordSpotter').slice(before);
    expect(after.filter((decision) => decision.voters === 3).length).toBeGreaterThan(after.length * 0.9);
    expect(statusOf(await devices(), 'garage')).toEqual(['online']);
  });
});
