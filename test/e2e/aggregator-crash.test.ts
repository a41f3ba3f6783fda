import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codecs, filters, parseTopic, type QuorumDecision } from '@mjl/protocol';
import { eventually, metric, sleep, Stack } from '../src/harness.js';

const PERIOD_US = 10_000; // --rate 100
const WINDOW_US = 3_000;

describe('aggregator crash safety', () => {
  const stack = new Stack();
  afterAll(() => stack.stopAll());

  it('after SIGKILL and restart, decides every window once: no duplicate, no gap', async () => {
    // The default (LevelDB) broker: it drains the queue of the aggregator's session slower than live
    // results arrive, so queued results come seconds behind live ones, interleaved with them.
    await stack.startBroker();
    const gatewayArgs = ['--simulate', 'AudioClassifier:3:0.9', '--seed', '3', '--rate', '100'];
    const kitchen = await stack.startGateway('kitchen', 'pi-1', gatewayArgs);
    const garage = await stack.startGateway('garage', 'pi-2', gatewayArgs);

    const observer = await stack.client();
    const decisions: QuorumDecision[] = [];
    const lateTimestampsUs: number[] = [];
    observer.onMessage((topic, payload, packet) => {
      if (parseTopic(topic)?.kind === 'quorumLate') {
        const late = codecs.lateResults.decode(payload);
        if (late.ok) lateTimestampsUs.push(...late.value.timestampsUs);
        return;
      }
      if (parseTopic(topic)?.kind !== 'quorum' || packet.retain) return;
      const decoded = codecs.quorumDecision.decode(payload);
      if (decoded.ok && decoded.value.service === 'AudioClassifier') decisions.push(decoded.value);
    });
    await observer.subscribe([filters.quorum, filters.quorumLate], 1);

    const dataDir = mkdtempSync(join(tmpdir(), 'mjl-agg-crash-'));
    const args = ['--window', '3ms', '--instance', 'crash', '--data-dir', dataDir];
    const first = await stack.startAggregator(args);
    await eventually(async () => (decisions.length >= 100 ? true : undefined), 30_000);
    const crashedAtUs = Date.now() * 1000;
    first.kill('SIGKILL');
    await first.exited;
    const beforeCrash = decisions.length;
    await sleep(1000); // results keep coming: the broker queues them in the aggregator's session
    const second = await stack.startAggregator([...args, '--health-port', '0'], { MJL_LOG_LEVEL: 'info' });
    const healthUrl = (await second.waitFor(/health on (http:\/\/\S+)/))[1] as string;
    const restartedAtUs = Date.now() * 1000;
    // Until the queued results are in: the catch-up ends by itself (logged) once they all came.
    await eventually(async () => (decisions.length >= beforeCrash + 250 && second.stderr.includes('caught up on queued results') ? true : undefined), 60_000).catch(
      () => undefined, // the assertions below say what is missing
    );
    const late = await metric(healthUrl, 'mjl_aggregator_results_late_total');
    await Promise.all([kitchen.stop(), garage.stop()]);
    await sleep(500);
    await observer.close();

    expect(second.stderr).toContain('caught up on queued results');
    expect(second.stderr).not.toContain('stopped waiting for queued results');
    // One connection throughout: a reconnect would send unacknowledged decisions again (QoS 1).
    expect(second.stderr.match(/"connected to broker"/g)).toHaveLength(1);
    // Results made while the aggregator was down are never late; on a loaded machine a live one can be.
    console.info(`late results: ${late}`);
    expect(lateTimestampsUs.filter((timestampUs) => timestampUs >= crashedAtUs && timestampUs <= restartedAtUs)).toEqual([]);
    expect(beforeCrash).toBeGreaterThan(50);
    const starts = decisions.map((decision) => decision.windowStartUs);
    const duplicates = starts.filter((start, index) => starts.indexOf(start) !== index);
    expect(duplicates).toEqual([]);

    // Every 10 ms slot's sound falls in one 3 ms window: between the first and the last decision,
    // each slot's window must have been decided, across the crash.
    const decided = new Set(starts);
    const firstSlot = Math.ceil(Math.min(...starts) / PERIOD_US);
    const lastSlot = Math.floor(Math.max(...starts) / PERIOD_US);
    const missing: number[] = [];
    for (let slot = firstSlot; slot <= lastSlot; slot++) {
      const window = Math.floor((slot * PERIOD_US) / WINDOW_US) * WINDOW_US;
      if (!decided.has(window)) missing.push(window);
    }
    expect(lastSlot - firstSlot).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });
});
