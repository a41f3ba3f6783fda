import { randomBytes } from 'node:crypto';
import { ClosedBy, codecs, filters, parseTopic, topics } from '@mjl/protocol';
import { QuorumEngine, type Decision, type QuorumOptions } from '@mjl/quorum';
import { nowUs, SOFTWARE_VERSION, type Logger } from '@mjl/runtime';
import { BrokerLink } from '@mjl/transport';

export interface AggregatorConfig {
  brokers: string[];
  quorum: QuorumOptions;
  instance?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  caFile?: string | undefined;
}

const closedByWire = { watermark: ClosedBy.WATERMARK, 'all-voted': ClosedBy.ALL_VOTED, shutdown: ClosedBy.SHUTDOWN } as const;

export interface AggregatorCounters {
  messages: number;
  results: number;
  decodeErrors: number;
  decisions: number;
}

/**
 * Subscribes to the fleet's gateway states, device announcements and results, feeds them to the
 * quorum engine and publishes its decisions on mjl/v1/quorum/<service>.
 */
export class AggregatorService {
  private readonly engine: QuorumEngine;
  private readonly instance: string;
  private link: BrokerLink | undefined;
  private readonly gatewaysOnline = new Set<string>();
  readonly counters: AggregatorCounters = { messages: 0, results: 0, decodeErrors: 0, decisions: 0 };

  constructor(
    private readonly config: AggregatorConfig,
    private readonly logger: Logger,
  ) {
    this.engine = new QuorumEngine(config.quorum);
    this.instance = config.instance ?? `agg-${randomBytes(4).toString('hex')}`;
  }

  private state(online: boolean): Uint8Array {
    return codecs.aggregatorState.encode({ online, instance: this.instance, softwareVersion: SOFTWARE_VERSION, timestampUs: nowUs() });
  }

  async start(): Promise<void> {
    this.link = BrokerLink.start({
      brokers: this.config.brokers,
      clientId: `mjl-agg-${this.instance}`,
      will: { topic: topics.aggregatorState(), payload: this.state(false), qos: 1, retain: true },
      username: this.config.username,
      password: this.config.password,
      caFile: this.config.caFile,
      logger: this.logger,
    });
    this.link.onMessage((topic, payload) => this.onMessage(topic, payload));
    const link = this.link;
    link.on('connect', () => {
      this.logger.info({ brokers: this.config.brokers }, 'connected to broker');
      (async () => {
        await link.subscribeWithSnapshot([filters.gatewayStates, filters.devices], 0);
        await link.subscribe([filters.results], 1);
        await link.publish(topics.aggregatorState(), this.state(true), { qos: 1, retain: true });
        this.logger.info('aggregating');
      })().catch((error: Error) => this.logger.error({ err: error.message }, 'cannot subscribe'));
    });
  }

  async stop(): Promise<void> {
    this.publishDecisions(this.engine.closeAll());
    if (this.link?.connected) await this.link.publish(topics.aggregatorState(), this.state(false), { qos: 1, retain: true });
    await this.link?.close();
  }

  private onMessage(topic: string, payload: Buffer): void {
    this.counters.messages += 1;
    const parsed = parseTopic(topic);
    if (!parsed) return;
    switch (parsed.kind) {
      case 'gatewayState': {
        const key = `${parsed.site}/${parsed.gateway}`;
        if (payload.length === 0) return this.gatewayDown(key);
        const decoded = codecs.gatewayState.decode(payload);
        if (!decoded.ok) return this.dropped(topic, decoded.error.message);
        if (decoded.value.online) {
          this.gatewaysOnline.add(key);
          this.engine.gatewayOnline(key);
        } else this.gatewayDown(key);
        break;
      }
      case 'device': {
        if (payload.length === 0) this.engine.deviceOffline(parsed.device);
        else {
          const decoded = codecs.deviceAnnouncement.decode(payload);
          if (!decoded.ok) return this.dropped(topic, decoded.error.message);
          const device = decoded.value;
          if (device.online) this.engine.deviceOnline(device.service, device.name, `${parsed.site}/${parsed.gateway}`);
          else this.engine.deviceOffline(device.name);
        }
        // A device leaving can complete a window (everyone left has voted).
        this.publishDecisions(this.engine.closeReady());
        break;
      }
      case 'results': {
        const decoded = codecs.resultBatch.decode(payload);
        if (!decoded.ok) return this.dropped(topic, decoded.error.message);
        try {
          // addBatch checks the whole batch before applying any of it.
          this.engine.addBatch(`${parsed.site}/${parsed.gateway}`, decoded.value);
        } catch (error) {
          return this.dropped(topic, (error as Error).message);
        }
        this.counters.results += decoded.value.values.length;
        this.publishDecisions(this.engine.closeReady());
        break;
      }
      default:
        break;
    }
  }

  private gatewayDown(key: string): void {
    this.gatewaysOnline.delete(key);
    this.engine.gatewayOffline(key);
    // A dead gateway no longer holds the watermark back: windows may close now.
    this.publishDecisions(this.engine.closeReady());
  }

  private dropped(topic: string, reason: string): void {
    this.counters.decodeErrors += 1;
    this.logger.warn({ topic, reason }, 'dropped malformed message');
  }

  private publishDecisions(decisions: Decision[]): void {
    const link = this.link;
    if (!link) return;
    const decidedAtUs = nowUs();
    for (const decision of decisions) {
      this.counters.decisions += 1;
      const payload = codecs.quorumDecision.encode({ ...decision, closedBy: closedByWire[decision.closedBy], decidedAtUs });
      link.publish(topics.quorum(decision.service), payload, { qos: 1, retain: true }).catch((error: Error) => {
        this.logger.warn({ service: decision.service, err: error.message }, 'cannot publish decision');
      });
    }
    for (const late of this.engine.takeLate()) {
      const payload = codecs.lateResults.encode(late);
      link.publish(topics.quorumLate(late.service), payload, { qos: 1 }).catch(() => undefined);
    }
  }
}
