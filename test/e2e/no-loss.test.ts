import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, sleep, Stack, type AppProcess } from '../src/harness.js';

/** A counter or gauge from a Prometheus text page. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

/** The results a gateway said it produced when it stopped (its "gateway stopped" log line). */
function stopReport(gateway: AppProcess): { results: number; outbox: number; dropped: number } {
  const line = gateway.stderr.split('\n').find((candidate) => candidate.includes('"gateway stopped"'));
  if (!line) throw new Error(`gateway did not log its stop:\n${gateway.stderr}`);
  return JSON.parse(line) as { results: number; outbox: number; dropped: number };
}

describe('no result lost', () => {
  const stack = new Stack();
  afterAll(() => stack.stopAll());

  it('2,000 results/s through a 5 s broker outage and a gateway restart: the gateway loses nothing, the aggregator counts no result twice', async () => {
    const brokerDir = mkdtempSync(join(tmpdir(), 'mjl-noloss-broker-'));
    const gatewayDir = mkdtempSync(join(tmpdir(), 'mjl-noloss-gw-'));
    const broker = await stack.startBroker(['--data-dir', brokerDir]);
    const port = new URL(stack.brokerUrl).port;
    const aggregator = await stack.startAggregator(['--window', '3ms', '--health-port', '0']);
    const aggregatorUrl = (await aggregator.waitFor(/health on (http:\/\/\S+)/))[1] as string;
    // 4 devices × 500 results/s, batched for up to 20 ms: ~200 messages/s.
    const gatewayArgs = ['--simulate', 'AudioClassifier:4:0.9', '--rate', '500', '--linger', '20ms', '--data-dir', gatewayDir, '--health-port', '0'];
    const env = { MJL_LOG_LEVEL: 'info' };
    const first = await stack.startGateway('kitchen', 'pi-1', gatewayArgs, env);
    await sleep(2000);

    broker.kill('SIGKILL');
    await broker.exited;
    await sleep(2500);
    // The gateway restarts while the broker is away: its buffered results wait on disk.
    await first.stop();
    const second = await stack.startGateway('kitchen', 'pi-1', gatewayArgs, env);
    const secondUrl = (await second.waitFor(/health on (http:\/\/\S+)/))[1] as string;
    await sleep(2500);

    await stack.startBroker(['--data-dir', brokerDir, '--port', port]);
    await eventually(async () => {
      const health = (await (await fetch(`${secondUrl}/healthz`)).json()) as { broker: string; outbox: number };
      // Drained: what is left is what is in flight at ~200 messages/s (the stop sends the rest).
      return health.broker === 'connected' && health.outbox < 100 ? true : undefined;
    }, 30_000).catch(async (error: Error) => {
      throw new Error(`${error.message}: the gateway's outbox did not drain: ${await (await fetch(`${secondUrl}/healthz`)).text()}`);
    });
    await sleep(1000);
    await second.stop();

    const [before, after] = [stopReport(first), stopReport(second)];
    const produced = before.results + after.results;
    // The gateway side is exact: nothing dropped, and everything left in the outbox on the first stop
    // (the broker was down) was sent by the second run.
    expect(before.dropped + after.dropped).toBe(0);
    expect(before.outbox).toBeGreaterThan(0);
    expect(after.outbox).toBe(0);
    expect(produced).toBeGreaterThan(2000 * 8);
    const counted = async () =>
      (await metric(aggregatorUrl, 'mjl_aggregator_results_accepted_total')) + (await metric(aggregatorUrl, 'mjl_aggregator_results_late_total'));
    await eventually(async () => ((await counted()) >= produced ? true : undefined), 30_000).catch(() => undefined);
    const duplicates = await metric(aggregatorUrl, 'mjl_aggregator_results_duplicate_total');
    const late = await metric(aggregatorUrl, 'mjl_aggregator_results_late_total');
    console.info(`produced ${produced}, counted once ${await counted()} (late ${late}), duplicates dropped ${duplicates}`);
    // Never more than once. Exactly once is not guaranteed yet: aedes writes a message bound for an
    // *online* persistent session (the aggregator's) to LevelDB after acknowledging it, so a broker
    // SIGKILLed under load can lose what was in that pipeline (seen: 0 to 1,036 of ~25,000; open issue).
    expect(await counted()).toBeLessThanOrEqual(produced);
    expect(await counted()).toBeGreaterThan(produced * 0.9);
  });
});
