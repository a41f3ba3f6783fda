/**
 * A whole site for the end-to-end benches: mjl-broker (on-disk persistence unless asked), mjl-aggregator
 * (default journal, 3 ms windows, early close), simulating gateways, and an observer of ours that
 * subscribes to the decisions (and, when asked, to the results) with a raw MQTT client.
 *
 * Simulated devices vote once per period (`--rate 250`: every 4 ms, within 0.5 ms of the slot), so
 * each 3 ms window holds at most one result per device and every device votes in it: a window is
 * complete once every device's result is in, and closes early. That makes the counting exact: over
 * an event-time interval [from, to) whose ends are multiples of 12 ms, the devices produced
 * (to − from) / 4 ms × devices results, and a decision's `voters` is how many of them it counted.
 */
import { ClosedBy, codecs } from '../../libs/protocol/src/index.js';
import { sampleProcess, startAggregator, startBroker, startGateway, type Broker, type Persistence, type ServiceProcess } from '../lib/processes.js';
import { encodePublish, RawClient, type PublishView } from '../lib/wire.js';

export const WINDOW_US = 3000;
/** Results per second per device: one vote per 4 ms period. */
export const DEVICE_RATE = 250;
export const PERIOD_US = 1_000_000 / DEVICE_RATE;
/** Interval ends are multiples of this (windows and periods both line up). */
export const ALIGN_US = 12_000;

export const wallUs = () => (performance.timeOrigin + performance.now()) * 1000;

export interface ObservedDecision {
  windowStartUs: number;
  voters: number;
  closedEarly: boolean;
  /** When the observer received it, and when the aggregator says it decided (µs since the epoch). */
  receivedUs: number;
  decidedAtUs: number;
}

/**
 * Receives decisions, late results and (optionally) the results themselves. For results it keeps,
 * per window, when the last one arrived here: the broker delivers each result to the aggregator and
 * to us in the same dispatch, so that is when the aggregator got its last vote, give or take.
 */
export class Observer {
  readonly decisions = new Map<number, ObservedDecision>();
  readonly lateByWindow = new Map<number, number>();
  readonly lastResultUs = new Map<number, number>();
  /** Per result observed: received here − its timestamp (gateway linger, publish, broker hop), µs. */
  readonly resultDelaysUs: number[] = [];
  /** Round trips of the probe (observer → broker → observer), µs. */
  readonly probeRoundTripsUs: number[] = [];
  results = 0;
  decodeErrors = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private readonly probeTopic = `bench/probe/${process.pid}-${Date.now()}`;

  private constructor(readonly client: RawClient) {}

  /**
   * Every `intervalMs`, a QoS 0 message to ourselves through the broker: the round trip of one hop
   * with no mjl code in it, the floor that the machine's load puts under every latency measured here.
   */
  async startProbe(intervalMs: number): Promise<void> {
    await this.client.subscribe([this.probeTopic], 0);
    const payload = Buffer.alloc(8);
    this.probeTimer = setInterval(() => {
      payload.writeDoubleBE(wallUs());
      this.client.socket.write(encodePublish(this.probeTopic, payload, 0).frame);
    }, intervalMs);
  }

  static async start(port: number, observeResults: boolean): Promise<Observer> {
    let observer: Observer | undefined;
    const client = await RawClient.connect({ port, clientId: `bench-observer-${process.pid}-${Date.now()}`, onPublish: (view) => observer?.onPublish(view) });
    observer = new Observer(client);
    await client.subscribe(['mjl/v1/quorum/+', 'mjl/v1/quorum/+/late'], 1);
    if (observeResults) await client.subscribe(['mjl/v1/+/+/results', 'mjl/v1/+/+/devices/+/results'], 0);
    return observer;
  }

  private onPublish(view: PublishView): void {
    const now = wallUs();
    const topic = view.buffer.toString('latin1', view.topicStart, view.topicEnd);
    const payload = view.buffer.subarray(view.payloadStart, view.payloadEnd);
    if (topic === this.probeTopic) {
      this.probeRoundTripsUs.push(now - payload.readDoubleBE(0));
    } else if (topic.endsWith('/results')) {
      // A gateway's results (the default), or one device's.
      const decoded = topic.includes('/devices/') ? codecs.resultBatch.decode(payload) : codecs.gatewayResults.decode(payload);
      if (!decoded.ok) return void this.decodeErrors++;
      for (const batch of 'batches' in decoded.value ? decoded.value.batches : [decoded.value]) {
        for (const timestampUs of batch.timestampsUs) {
          this.lastResultUs.set(windowOf(timestampUs), now);
          this.resultDelaysUs.push(now - timestampUs);
          this.results++;
        }
      }
    } else if (topic.endsWith('/late')) {
      const decoded = codecs.lateResults.decode(payload);
      if (!decoded.ok) return void this.decodeErrors++;
      for (const timestampUs of decoded.value.timestampsUs) {
        const window = windowOf(timestampUs);
        this.lateByWindow.set(window, (this.lateByWindow.get(window) ?? 0) + 1);
      }
    } else if (view.payloadEnd > view.payloadStart) {
      const decoded = codecs.quorumDecision.decode(payload);
      if (!decoded.ok) return void this.decodeErrors++;
      const decision = decoded.value;
      // The retained decision of an earlier run is not news.
      if (this.decisions.has(decision.windowStartUs)) return;
      this.decisions.set(decision.windowStartUs, {
        windowStartUs: decision.windowStartUs,
        voters: decision.voters,
        closedEarly: decision.closedBy === ClosedBy.ALL_VOTED,
        receivedUs: now,
        decidedAtUs: decision.decidedAtUs,
      });
    }
  }

  /** Decisions, voters and late results of windows starting in [fromUs, toUs). */
  tally(fromUs: number, toUs: number): { decisions: ObservedDecision[]; voters: number; late: number } {
    const decisions = [...this.decisions.values()].filter((decision) => decision.windowStartUs >= fromUs && decision.windowStartUs < toUs);
    let late = 0;
    for (const [window, count] of this.lateByWindow) if (window >= fromUs && window < toUs) late += count;
    return { decisions, voters: decisions.reduce((sum, decision) => sum + decision.voters, 0), late };
  }

  close(): void {
    clearInterval(this.probeTimer);
    this.client.close();
  }
}

export const windowOf = (timestampUs: number) => Math.floor(timestampUs / WINDOW_US) * WINDOW_US;

export interface FleetOptions {
  gateways: number;
  devicesPerGateway: number;
  rate?: number;
  observeResults?: boolean;
  profile?: boolean;
}

/** Broker, aggregator and observer; gateways come and go with `startGateways`. */
export class Fleet {
  gateways: ServiceProcess[] = [];

  private constructor(
    readonly broker: Broker,
    readonly aggregator: ServiceProcess,
    readonly observer: Observer,
    private readonly profile: boolean,
  ) {}

  static async start(options: { persistence?: Persistence; observeResults?: boolean; profile?: boolean } = {}): Promise<Fleet> {
    const profile = options.profile === true;
    const broker = await startBroker(options.persistence ?? 'level', { profile });
    try {
      const aggregator = await startAggregator(broker.url, ['--window', '3ms'], { profile });
      const observer = await Observer.start(broker.port, options.observeResults === true);
      return new Fleet(broker, aggregator, observer, profile);
    } catch (error) {
      await broker.stop();
      throw error;
    }
  }

  /** Replaces the running gateways by `count` gateways (pi-0 …) of `devices` devices each. */
  async startGateways(count: number, devices: number, rate = DEVICE_RATE): Promise<void> {
    await this.stopGateways();
    this.gateways = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        startGateway(this.broker.url, { site: 'bench', gateway: `pi-${index}`, devices, rate }, { profile: this.profile }),
      ),
    );
  }

  async stopGateways(): Promise<void> {
    await Promise.all(this.gateways.map((gateway) => gateway.stop()));
    this.gateways = [];
  }

  /** CPU milliseconds so far of broker, aggregator and all gateways together. */
  cpuMs(): { broker: number; aggregator: number; gateways: number } {
    return {
      broker: sampleProcess(this.broker.process.pid).cpuMs,
      aggregator: sampleProcess(this.aggregator.process.pid).cpuMs,
      gateways: this.gateways.reduce((sum, gateway) => sum + sampleProcess(gateway.process.pid).cpuMs, 0),
    };
  }

  /**
   * Where results wait now: result batches in the gateways' outboxes (not yet acknowledged by the
   * broker) and windows the aggregator holds open. From their /metrics.
   */
  async backlog(): Promise<{ outboxBatches: number; windowsOpen: number }> {
    const gateways = await Promise.all(this.gateways.map((gateway) => gateway.metrics()));
    const aggregator = await this.aggregator.metrics();
    return {
      outboxBatches: gateways.reduce((sum, metrics) => sum + (metrics.get('mjl_gateway_outbox_messages') ?? 0), 0),
      windowsOpen: aggregator.get('mjl_aggregator_windows_open') ?? NaN,
    };
  }

  async stop(): Promise<void> {
    this.observer.close();
    await this.stopGateways();
    await this.aggregator.stop();
    await this.broker.stop();
  }
}

/** The next multiple of ALIGN_US at or after `us`. */
export const alignUp = (us: number) => Math.ceil(us / ALIGN_US) * ALIGN_US;
