import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { filters, parseTopic, topics } from '@mjl/protocol';
import { eventually, metric, mjl, Stack } from '../src/harness.js';

/** Bytes no decoder accepts: field 1 with wire type 7, which protobuf does not have. */
const garbage = () => Buffer.concat([Buffer.from([0x0f]), randomBytes(1 + Math.floor(Math.random() * 200))]);


describe('garbage pushed through a real broker', () => {
  const stack = new Stack();
  afterAll(() => stack.stopAll());

  it('is counted and dropped by the aggregator and the CLI, which keep working', async () => {
    await stack.startBroker();
    await stack.startGateway('kitchen', 'pi-1', ['--simulate', 'AudioClassifier:3:0.9']);
    const aggregator = await stack.startAggregator(['--window', '3ms', '--health-port', '0']);
    const url = (await aggregator.waitFor(/health on (http:\/\/\S+)/))[1] as string;
    await eventually(async () => ((await metric(url, 'mjl_aggregator_decisions_total')) > 10 ? true : undefined), 20_000);
    const before = await metric(url, 'mjl_aggregator_decode_errors_total');

    const attacker = await stack.client();
    const counts = { results: 500, gatewayResults: 200, devices: 50, states: 20 };
    for (let i = 0; i < counts.results; i++) await attacker.publish(topics.results('kitchen', 'pi-1', `Junk-${i % 7}`), garbage(), { qos: 1 });
    for (let i = 0; i < counts.gatewayResults; i++) await attacker.publish(topics.gatewayResults('kitchen', 'pi-1'), garbage(), { qos: 1 });
    for (let i = 0; i < counts.devices; i++) await attacker.publish(topics.device('junkyard', 'gw', `Junk-${i}`), garbage(), { qos: 1, retain: true });
    for (let i = 0; i < counts.states; i++) await attacker.publish(topics.gatewayState('junkyard', `gw-${i}`), garbage(), { qos: 1, retain: true });

    // Every garbage message the aggregator received is counted, and it goes on deciding.
    const expected = before + counts.results + counts.gatewayResults + counts.devices + counts.states;
    await eventually(async () => ((await metric(url, 'mjl_aggregator_decode_errors_total')) >= expected ? true : undefined), 20_000);
    expect(await metric(url, 'mjl_aggregator_decode_errors_total')).toBe(expected);
    const decided = await metric(url, 'mjl_aggregator_decisions_total');
    await eventually(async () => ((await metric(url, 'mjl_aggregator_decisions_total')) > decided + 10 ? true : undefined), 20_000);
    expect(aggregator.child.exitCode).toBeNull();

    // The CLI lists the real devices and skips the garbage announcements.
    const devices = await mjl(['devices', '-o', 'json'], { MJL_BROKER: stack.brokerUrl });
    expect(devices.code).toBe(0);
    expect((JSON.parse(devices.stdout) as { site: string }[]).map((device) => device.site)).toEqual(['kitchen', 'kitchen', 'kitchen', 'kitchen']);

    // `mjl sub` prints an error line for each malformed message instead of crashing.
    const run = await mjl(['sub', filters.devices, '-n', String(4 + counts.devices)], { MJL_BROKER: stack.brokerUrl });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { topic: string; error?: string });
    expect(lines.filter((line) => line.error !== undefined)).toHaveLength(counts.devices);
    expect(lines.filter((line) => line.error === undefined && parseTopic(line.topic)?.kind === 'device')).toHaveLength(4);
    await attacker.close();
  });
});
