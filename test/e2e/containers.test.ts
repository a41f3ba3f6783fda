// The mjl image (Dockerfile) in containers: a broker, three simulated sites and the aggregator on one
// Docker network, seen through the image's own `mjl`, from the host through the broker's mapped
// port, and by a subscriber on the host that decodes the quorum decisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { codecs, filters, parseTopic, type QuorumDecision } from '@mjl/protocol';
import { simulatedTruth } from '@mjl/drivers';
import { BrokerLink } from '@mjl/transport';
import { eventually, mjl } from '../src/harness.js';
import { buildImage, dockerEngine, MJL_IMAGE, startAggregator, startBroker, startCliHost, startGateway, type CliHost } from '../src/containers.js';

interface DeviceRow {
  name: string;
  service: string;
  type: string;
  site: string;
  gateway: string;
  status: 'online' | 'offline';
  parent: string | null;
}

const SITES = [
  ['kitchen', 'pi-1'],
  ['garage', 'pi-2'],
  ['attic', 'pi-3'],
] as const;
const SEED = 7;
const PERIOD_US = 10_000; // --rate 100
const KEEPALIVE_S = 2;

const engine = await dockerEngine();
if (!engine.available) {
  console.warn(
    `SKIPPED test/e2e/containers.test.ts: no Docker engine answers (${engine.reason}). ` +
      'These tests need a running dockerd; .ci/run installs docker.io and starts it.',
  );
}

describe.skipIf(!engine.available)(`the ${MJL_IMAGE} image: broker, 3 simulated sites and the aggregator in containers`, () => {
  let network: StartedNetwork;
  const containers: StartedTestContainer[] = [];
  let hostUrl = '';
  let cli: CliHost;
  let garage: StartedTestContainer;

  beforeAll(async () => {
    const image = await buildImage();
    console.info(`docker build ${MJL_IMAGE} (FROM ${image.base}): ${(image.ms / 1000).toFixed(1)} s`);
    const started = Date.now();
    network = await new Network().start();
    const broker = await startBroker(network);
    containers.push(broker.container);
    hostUrl = broker.hostUrl;
    const gatewayArgs = ['--simulate', 'AudioClassifier:3:0.9', '--seed', String(SEED), '--rate', '100', '--keepalive', String(KEEPALIVE_S)];
    const gateways = await Promise.all(SITES.map(([site, gateway]) => startGateway(network, broker.networkUrl, site, gateway, gatewayArgs)));
    containers.push(...gateways);
    garage = gateways[1] as StartedTestContainer;
    containers.push(await startAggregator(network, broker.networkUrl, ['--window', '3ms']));
    cli = await startCliHost(network, broker.networkUrl);
    containers.push(cli.container);
    console.info(`containers up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled(containers.map((container) => container.stop()));
    await network?.stop();
  }, 60_000);

  const devicesInContainer = async (): Promise<DeviceRow[]> => {
    const run = await cli.mjl(['devices', '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as DeviceRow[];
  };

  it("lists the 12 devices of the 3 sites with the image's mjl, on the containers' network", async () => {
    const rows = await eventually(async () => {
      const rows = await devicesInContainer();
      return rows.filter((row) => row.status === 'online').length === 12 ? rows : undefined;
    }, 20_000);
    for (const [site, gateway] of SITES) {
      const here = rows.filter((row) => row.site === site);
      expect(here).toHaveLength(4);
      const parent = here.find((row) => row.service === 'MjlDriver');
      expect(parent).toMatchObject({ type: 'ArduinoBLE33', gateway, parent: null });
      for (const row of here.filter((row) => row.service === 'AudioClassifier')) {
        expect(row).toMatchObject({ type: 'TinyFPGA', gateway, parent: parent?.name });
      }
    }
  });

  it("lists the same devices with the host's mjl through the broker's mapped port", async () => {
    const run = await mjl(['devices', '-o', 'json'], { MJL_BROKER: hostUrl });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const names = (rows: DeviceRow[]) => rows.map((row) => row.name).sort();
    expect(names(JSON.parse(run.stdout) as DeviceRow[])).toEqual(names(await devicesInContainer()));
  });

  it('publishes quorum decisions of all 9 classifiers that a subscriber on the host decodes', async () => {
    const client = await BrokerLink.connect({ brokers: [hostUrl], clientId: `containers-test-${process.pid}` });
    const decisions: QuorumDecision[] = [];
    let undecodable = 0;
    client.onMessage((topic, payload, packet) => {
      // The retained decision can also arrive live around the SUBSCRIBE: count live ones only.
      if (parseTopic(topic)?.kind !== 'quorum' || packet.retain) return;
      const decoded = codecs.quorumDecision.decode(payload);
      if (decoded.ok) decisions.push(decoded.value);
      else undecodable++;
    });
    await client.subscribe([filters.quorum], 1);
    await eventually(async () => (decisions.length >= 200 ? true : undefined), 30_000);
    await client.close();

    expect(undecodable).toBe(0);
    const live = decisions.filter((decision) => decision.service === 'AudioClassifier');
    const starts = live.map((decision) => decision.windowStartUs);
    expect(new Set(starts).size).toBe(starts.length); // never two decisions for one window
    const decided = live.filter((decision) => decision.decided);
    expect(decided.length).toBeGreaterThan(live.length * 0.8);
    // A 3 ms window holds the votes of the one 10 ms slot whose sound starts inside it.
    const slotOf = (decision: QuorumDecision) => Math.floor((decision.windowStartUs + decision.windowUs - 1) / PERIOD_US);
    const correct = decided.filter((decision) => decision.value === simulatedTruth(SEED, slotOf(decision), 2));
    // 9 devices right 90% of the time: a majority (≥ 5) is right in 99.9% of windows.
    expect(correct.length / decided.length).toBeGreaterThan(0.95);
    expect(decided.filter((decision) => decision.voters === 9).length).toBeGreaterThan(decided.length * 0.9);
  });

  it("turns the devices of a killed gateway container offline (its last will) and leaves the others' online", async () => {
    const killedAt = Date.now();
    await garage.stop(); // docker stop -t 0: SIGKILL
    const rows = await eventually(async () => {
      const rows = await devicesInContainer();
      return rows.filter((row) => row.site === 'garage').every((row) => row.status === 'offline') ? rows : undefined;
    }, KEEPALIVE_S * 1500 + 5000, 200);
    console.info(`garage offline ${Date.now() - killedAt} ms after the kill`);
    expect(rows).toHaveLength(12);
    expect(rows.filter((row) => row.site !== 'garage').every((row) => row.status === 'online')).toBe(true);
  });
});
