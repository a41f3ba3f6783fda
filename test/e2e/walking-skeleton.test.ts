import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, filters, parseTopic, type QuorumDecision } from '@mjl/protocol';
import { simulatedTruth } from '@mjl/drivers';
import { eventually, mjl, Stack } from '../src/harness.js';

interface DeviceRow {
  name: string;
  service: string;
  type: string;
  protocols: string[];
  site: string;
  gateway: string;
  status: 'online' | 'offline';
  parent: string | null;
}

const SEED = 7;
const PERIOD_US = 10_000; // --rate 100
const KEEPALIVE_S = 2;

describe('broker → simulated gateways → aggregator → mjl', () => {
  const stack = new Stack();
  let kitchen: Awaited<ReturnType<Stack['startGateway']>>;

  let wsUrl = '';

  beforeAll(async () => {
    const broker = await stack.startBroker(['--ws-port', '0']);
    wsUrl = (await broker.waitFor(/listening on (ws:\/\/\S+)/))[1] as string;
    const gatewayArgs = ['--simulate', 'AudioClassifier:3:0.9', '--seed', String(SEED), '--rate', '100', '--keepalive', String(KEEPALIVE_S)];
    kitchen = await stack.startGateway('kitchen', 'pi-1', gatewayArgs);
    // The garage publishes each device's results on its own topic, the kitchen all on the gateway's
    // (the default): decisions with 6 voters take both.
    await stack.startGateway('garage', 'pi-2', [...gatewayArgs, '--results-topic', 'device']);
    await stack.startAggregator(['--window', '3ms']);
  });

  afterAll(() => stack.stopAll());

  const devices = async (): Promise<DeviceRow[]> => {
    const run = await mjl(['devices', '-o', 'json'], { MJL_BROKER: stack.brokerUrl });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as DeviceRow[];
  };

  it('lists every device of both sites with its site, type, protocols and parent', async () => {
    const rows = await devices();
    expect(rows).toHaveLength(8);
    for (const site of ['kitchen', 'garage']) {
      const here = rows.filter((row) => row.site === site);
      const parent = here.find((row) => row.service === 'MjlDriver');
      expect(parent).toMatchObject({ type: 'ArduinoBLE33', protocols: ['BLE'], parent: null, status: 'online' });
      const classifiers = here.filter((row) => row.service === 'AudioClassifier');
      expect(classifiers).toHaveLength(3);
      for (const row of classifiers) {
        expect(row).toMatchObject({ type: 'TinyFPGA', protocols: ['GPIO'], parent: parent?.name, status: 'online' });
        expect(row.name).toMatch(/^AudioClassifier-[0-9a-f]{8}$/);
      }
    }
  });

  it('serves the same fleet over MQTT over WebSocket', async () => {
    const run = await mjl(['devices', '-o', 'json', '--broker', wsUrl]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as DeviceRow[]).map((row) => row.name).sort()).toEqual((await devices()).map((row) => row.name).sort());
  });

  it('publishes quorum decisions that match the simulated ground truth most of the time', async () => {
    const client = await stack.client();
    const decisions: QuorumDecision[] = [];
    client.onMessage((topic, payload, packet) => {
      // The retained decision can also arrive live around the SUBSCRIBE: count live ones only.
      if (parseTopic(topic)?.kind !== 'quorum' || packet.retain) return;
      const decoded = codecs.quorumDecision.decode(payload);
      expect(decoded.ok).toBe(true);
      if (decoded.ok) decisions.push(decoded.value);
    });
    await client.subscribe([filters.quorum], 1);
    await eventually(async () => (decisions.length >= 300 ? true : undefined), 20_000);
    await client.close();

    const live = decisions.filter((decision) => decision.service === 'AudioClassifier');
    const starts = live.map((decision) => decision.windowStartUs);
    expect(new Set(starts).size).toBe(starts.length); // never two decisions for one window
    const decided = live.filter((decision) => decision.decided);
    // A 3 ms window holds the votes of the one 10 ms slot whose sound starts inside it.
    const slotOf = (decision: QuorumDecision) => Math.floor((decision.windowStartUs + decision.windowUs - 1) / PERIOD_US);
    const correct = decided.filter((decision) => decision.value === simulatedTruth(SEED, slotOf(decision), 2));
    // 6 devices right 90% of the time: a majority (≥ 4) is right in 98.4% of windows; 3-3 ties are no decision.
    expect(decided.length).toBeGreaterThan(live.length * 0.8);
    expect(correct.length / decided.length).toBeGreaterThan(0.95);
    // Every device votes in (nearly) every window; a vote later than the allowed lateness on a loaded
    // machine is counted late, by design.
    expect(decided.filter((decision) => decision.voters === 6).length).toBeGreaterThan(decided.length * 0.95);
    for (const decision of decided) expect(decision.voters).toBeLessThanOrEqual(6);
  });

  it('turns the devices of a killed gateway offline through its last will within 1.5x the keepalive', async () => {
    const killedAt = Date.now();
    kitchen.kill('SIGKILL');
    const offline = await eventually(async () => {
      const rows = await devices();
      const kitchenRows = rows.filter((row) => row.site === 'kitchen');
      return kitchenRows.every((row) => row.status === 'offline') ? rows : undefined;
    }, KEEPALIVE_S * 1500 + 2000, 50);
    const elapsedMs = Date.now() - killedAt;
    expect(elapsedMs).toBeLessThan(KEEPALIVE_S * 1500 + 1000); // + one mjl run of slack
    expect(offline.filter((row) => row.site === 'garage').every((row) => row.status === 'online')).toBe(true);
    expect(offline).toHaveLength(8);
  });
});

describe('mjl against a broker that is down', () => {
  it('exits 2 within 3 seconds naming the URL', async () => {
    const run = await mjl(['devices'], { MJL_BROKER: 'mqtt://127.0.0.1:9' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach the MQTT broker at mqtt:\/\/127\.0\.0\.1:9/);
    expect(run.stdout).toBe('');
    expect(run.ms).toBeLessThan(3000 + 1500); // connect timeout plus process start
  });
});
