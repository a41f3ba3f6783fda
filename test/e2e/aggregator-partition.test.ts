import { afterAll, describe, expect, it } from 'vitest';
import { codecs, filters, parseTopic, type QuorumDecision } from '@mjl/protocol';
import { rendezvousOwner } from '@mjl/quorum';
import { eventually, sleep, Stack } from '../src/harness.js';

const PERIOD_US = 10_000; // --rate 100
const WINDOW_US = 3_000;
const SERVICES = ['AudioClassifier', 'KeywordSpotter'];

/** Windows between the first and last decision of a service with no decision (each 10 ms slot's sound falls in one 3 ms window). */
function gaps(starts: number[]): number[] {
  const decided = new Set(starts);
  const missing: number[] = [];
  for (let slot = Math.ceil(Math.min(...starts) / PERIOD_US); slot <= Math.floor(Math.max(...starts) / PERIOD_US); slot++) {
    const window = Math.floor((slot * PERIOD_US) / WINDOW_US) * WINDOW_US;
    if (!decided.has(window)) missing.push(window);
  }
  return missing;
}

describe('two aggregator instances split the services', () => {
  const stack = new Stack();
  afterAll(() => stack.stopAll());

  it('each service is decided by one instance; when it dies the other takes over with no duplicate and no gap', async () => {
    await stack.startBroker();
    const gatewayArgs = ['--simulate', 'AudioClassifier:3:0.9', '--simulate', 'KeywordSpotter:3:0.9', '--seed', '5', '--rate', '100'];
    const gateways = [await stack.startGateway('kitchen', 'pi-1', gatewayArgs), await stack.startGateway('garage', 'pi-2', gatewayArgs)];

    const observer = await stack.client();
    const decisions = new Map<string, QuorumDecision[]>(SERVICES.map((service) => [service, []]));
    observer.onMessage((topic, payload, packet) => {
      const parsed = parseTopic(topic);
      if (parsed?.kind !== 'quorum' || packet.retain) return;
      const decoded = codecs.quorumDecision.decode(payload);
      if (decoded.ok) decisions.get(parsed.service)?.push(decoded.value);
    });
    await observer.subscribe([filters.quorum], 1);

    const instances = ['alpha', 'beta'];
    const aggregators = new Map<string, Awaited<ReturnType<Stack['startAggregator']>>>();
    for (const instance of instances) aggregators.set(instance, await stack.startAggregator(['--window', '3ms', '--instance', instance]));
    const count = (service: string) => decisions.get(service)?.length ?? 0;
    await eventually(async () => (SERVICES.every((service) => count(service) >= 150) ? true : undefined), 30_000);

    // Kill the instance that owns AudioClassifier: the other one must take it over.
    const victim = rendezvousOwner('AudioClassifier', instances) as string;
    const beforeKill = count('AudioClassifier');
    aggregators.get(victim)?.kill('SIGKILL');
    await eventually(async () => (count('AudioClassifier') >= beforeKill + 150 ? true : undefined), 30_000);
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await sleep(500);
    await observer.close();

    for (const service of SERVICES) {
      const starts = (decisions.get(service) ?? []).map((decision) => decision.windowStartUs);
      expect(starts.length, service).toBeGreaterThan(150);
      expect(starts.filter((start, index) => starts.indexOf(start) !== index), `${service} duplicates`).toEqual([]);
      expect(gaps(starts), `${service} gaps`).toEqual([]);
    }
  });
});
