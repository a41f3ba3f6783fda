import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, metric, sleep, Stack, type AppProcess } from '../src/harness.js';


/** The results a gateway said it produced when it stopped (its "gateway stopped" log line). */
function stopReport(gateway: AppProcess): { results: number; outbox: number; dropped: number } {
  const line = gateway.stderr.split('\n').find((candidate) => candidate.includes('"gateway stopped"'));
  if (!line) throw new Error(`gateway did not log its stop:\n${gateway.stderr}`);
  return JSON.parse(line) as { results: number; outbox: number; dropped: number };
}

describe('no result lost', () => {
  const stack = new Stack();
  afterAll(() => stack.stopAll());

  it('2,000 results/s through a 5 s broker outage and a gateway restart: every result reaches the aggregator exactly once', async () => {
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
    const gaps = await metric(aggregatorUrl, 'mjl_aggregator_devices_with_sequence_gaps');
    console.info(`produced ${produced}, counted once ${await counted()} (late ${late}), duplicates dropped ${duplicates}, devices with sequence gaps ${gaps}`);
    // Every result exactly once: queued at the gateway, stored by the broker across its crash, and
    // counted by the aggregator (duplicates of redeliveries are recognised by device and sequence).
    expect(await counted()).toBe(produced);
  });
});
