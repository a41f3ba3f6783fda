import { clientIds, ClosedBy, codecs, filters, parseTopic, topics, type Outgoing, type ResultBatch } from '@mjl/protocol';
import { QuorumEngine, rendezvousOwner, type Decision, type QuorumOptions, type QuorumStats } from '@mjl/quorum';
import { nowUs, SOFTWARE_VERSION, type Logger } from '@mjl/runtime';
import { BrokerLink } from '@mjl/transport';
import { decodeText, encodeText, Journal, RecordType, type JournalRecord } from './journal.js';

export interface AggregatorConfig {
  brokers: string[];
  quorum: QuorumOptions;
  /** Names the persistent session and the journal: one instance name per running aggregator. */
  instance: string;
  /** Journal directory; undefined = no crash safety (in-memory only). */
  dataDir?: string | undefined;
  /** fsync every journal write (survives power loss, not only crashes). */
  fsync?: boolean;
  /** How long a joining instance waits before publishing, so the previous owner sees it first. Default 500. */
  handoverMs?: number;
  /** Rewrite the journal when it grows past this many bytes. Default 64 MiB. */
  journalMaxBytes?: number;
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
  republished: number;
}

/** Decisions kept per service for a takeover (and seen-decision keys remembered, ×4). */
const STANDBY_LIMIT = 10_000;
/** Seen decisions older than this (behind the newest) are forgotten. */
const STANDBY_HORIZON_US = 60_000_000;

/** While catching up: how long without any old result before what is still missing is taken as never coming. */
const CATCH_UP_STALL_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const key = (service: string, windowStartUs: number) => `${service}\u0000${windowStartUs}`;

/** A decision published before a restart, and whether the broker acknowledged it then. */
interface SentDecision {
  decision: Decision;
  confirmed: boolean;
}

/** Results messages kept at least before trimming recentResults to the horizon. */
const RECENT_RESULTS_MIN = 1024;

interface RecentResults {
  /** The journal record of the message (encodeMessage): a copy, so no socket buffer stays alive. */
  record: Buffer;
  newestUs: number;
}

/**
 * Subscribes to the fleet's gateway states, device announcements and results, feeds them to the
 * quorum engine and publishes its decisions on mjl/v1/quorum/<service>, each (service, window) once,
 * across crashes (journal.ts).
 */
export class AggregatorService {
  private readonly engine: QuorumEngine;
  private link: BrokerLink | undefined;
  private journal: Journal | undefined;
  /** Decisions recorded before publishing (the guard against publishing a window twice). */
  private readonly published = new Set<string>();
  /** Decisions the broker has acknowledged. */
  private readonly confirmed = new Set<string>();
  /** Publishes of decisions not acknowledged yet. */
  private readonly unacknowledged = new Set<Promise<void>>();
  /** While replaying the journal: decisions the engine makes again, in order. */
  private replayed: Decision[] | undefined;
  /** While finding out which recovered decisions reached the broker: new decisions wait here, since
   * publishing them first would hide which one the broker had last. */
  private held: Decision[] | undefined;
  /** What a rewritten journal must keep: the latest state/announcement per topic, recent results. */
  private readonly latestRetained = new Map<string, Buffer>();
  private recentResults: RecentResults[] = [];
  /** recentResults is trimmed to the horizon when it grows past this. */
  private recentLimit = RECENT_RESULTS_MIN;
  private catchUpTimer: NodeJS.Timeout | undefined;
  /** While catching up: when a result more than a second old last arrived. */
  private lastOldResultMs = 0;
  /** Live aggregator instances, this one included: services are split between them (ownerOf). */
  private readonly instances: Set<string>;
  /** Per service we do not own: our recent decisions, published if we take the service over. */
  private readonly standby = new Map<string, Decision[]>();
  /** Decisions seen on the bus, from any instance: key → window start. */
  private readonly seen = new Map<string, number>();
  /** While reading the retained decisions: the newest window published per service. */
  private retainedDecisions: Map<string, number> | undefined;
  /** The engine's allowed lateness now (differs from the configured one while catching up). */
  private latenessUs: number;
  readonly counters: AggregatorCounters = { messages: 0, results: 0, decodeErrors: 0, decisions: 0, republished: 0 };

  constructor(
    private readonly config: AggregatorConfig,
    private readonly logger: Logger,
  ) {
    this.engine = new QuorumEngine(config.quorum);
    this.latenessUs = config.quorum.allowedLatenessUs ?? 0;
    this.instances = new Set([config.instance]);
  }

  private markReady!: () => void;
  /** Resolves once subscribed to everything and publishing (after the hand-over). */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  /** The engine's counts (accepted, duplicates, late, windows open, …). */
  quorumStats(): QuorumStats {
    return this.engine.stats();
  }

  /** Devices with a result known to be missing (see QuorumEngine.devicesWithSequenceGaps). */
  devicesWithSequenceGaps(): number {
    return this.engine.devicesWithSequenceGaps();
  }

  /** Healthy while connected to the broker. */
  health(): { ok: boolean; broker: string; instances: string[] } {
    return { ok: this.link?.connected === true, broker: this.link?.connected ? 'connected' : 'unreachable', instances: [...this.instances] };
  }

  private state(online: boolean): Uint8Array {
    return codecs.aggregatorState.encode({ online, instance: this.config.instance, softwareVersion: SOFTWARE_VERSION, timestampUs: nowUs() });
  }

  async start(): Promise<void> {
    // Until we know the other instances (and which of our old decisions reached the broker), decisions wait.
    this.held = [];
    const sent = this.config.dataDir ? this.recover(this.config.dataDir) : [];
    this.link = BrokerLink.start({
      brokers: this.config.brokers,
      clientId: clientIds.aggregator(this.config.instance),
      // A persistent session: results published while we are down wait for us at the broker.
      clean: this.config.dataDir === undefined,
      will: { topic: topics.aggregatorState(this.config.instance), payload: this.state(false), qos: 1, retain: true },
      username: this.config.username,
      password: this.config.password,
      caFile: this.config.caFile,
      logger: this.logger,
    });
    const link = this.link;
    // Until one connection has gone through the whole start (a connection can drop half-way).
    let joined = false;
    link.on('connect', () => {
      this.logger.info({ brokers: this.config.brokers }, 'connected to broker');
      const joining = !joined;
      // Back after a broken connection: what gateways buffered meanwhile comes behind live results.
      if (!joining && this.catchUpTimer === undefined) this.catchUp();
      (async () => {
        // Other instances and the decisions they publish; the retained ones tell what reached the broker.
        const retained = new Map<string, number>();
        this.retainedDecisions = retained;
        await link.subscribeWithSnapshot([filters.aggregatorStates, filters.quorum], 1);
        this.retainedDecisions = undefined;
        await link.publish(topics.aggregatorState(this.config.instance), this.state(true), { qos: 1, retain: true });
        if (joining && this.held) {
          const republish = this.notYetPublished(retained, sent);
          // Give the instance that owned our services until now the time to see us and stop.
          await sleep(this.config.handoverMs ?? 500);
          if (!link.connected) throw new Error('the connection dropped during the hand-over');
          const held = this.held;
          this.held = undefined;
          this.publishDecisions([...republish, ...held]);
        }
        await link.subscribeWithSnapshot([filters.gatewayStates, filters.devices], 0);
        await link.subscribe([filters.gatewayResults, filters.results], 1);
        joined = true;
        this.markReady();
        this.logger.info({ instances: [...this.instances] }, 'aggregating');
      })().catch((error: Error) => this.logger.error({ err: error.message }, 'cannot subscribe'));
    });
    link.onMessage((topic, payload) => {
      const parsed = parseTopic(topic);
      if (parsed?.kind === 'quorum') return this.onDecisionSeen(parsed.service, payload);
      if (parsed?.kind === 'aggregatorState') return this.onInstanceState(parsed.instance, payload);
      // Journal first: the broker's acknowledgement goes out when this handler returns.
      const record = this.journal ? encodeMessage(topic, payload) : undefined;
      if (record) this.journal?.append(RecordType.message, record);
      this.apply(topic, payload, record);
      this.compactIfLarge();
    });
  }

  /** The instance that publishes a service's decisions (rendezvous hashing over live instances). */
  ownerOf(service: string): string {
    return rendezvousOwner(service, this.instances) ?? this.config.instance;
  }

  private onInstanceState(instance: string, payload: Buffer): void {
    if (instance === this.config.instance) return;
    const decoded = codecs.aggregatorState.decode(payload);
    if (payload.length > 0 && !decoded.ok) return this.dropped(`aggregator/${instance}`, decoded.error.message);
    const online = decoded.ok && decoded.value.online;
    if (online === this.instances.has(instance)) return;
    const owned = new Set([...this.standby.keys()].filter((service) => this.ownerOf(service) === this.config.instance));
    if (online) this.instances.add(instance);
    else this.instances.delete(instance);
    this.logger.info({ instance, online, instances: [...this.instances] }, 'aggregator instances changed');
    // Services we own now and did not before: publish what their old owner had not published.
    const takenOver = [...this.standby.keys()].filter((service) => !owned.has(service) && this.ownerOf(service) === this.config.instance);
    for (const service of takenOver) {
      const decisions = this.standby.get(service) ?? [];
      this.standby.delete(service);
      this.publishDecisions(decisions);
    }
  }

  /** A decision on the bus (ours or another instance's): never publish that window again. */
  private onDecisionSeen(service: string, payload: Buffer): void {
    const decoded = codecs.quorumDecision.decode(payload);
    if (!decoded.ok) return this.dropped(`quorum/${service}`, decoded.error.message);
    this.retainedDecisions?.set(service, decoded.value.windowStartUs);
    this.seen.set(key(service, decoded.value.windowStartUs), decoded.value.windowStartUs);
    if (this.seen.size > 4 * STANDBY_LIMIT) {
      const horizonUs = decoded.value.windowStartUs - STANDBY_HORIZON_US;
      for (const [id, windowStartUs] of this.seen) if (windowStartUs < horizonUs) this.seen.delete(id);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.catchUpTimer);
    this.publishDecisions(this.engine.closeAll());
    if (this.link?.connected) await this.link.publishWithin(2000, topics.aggregatorState(this.config.instance), this.state(false), { qos: 1, retain: true });
    // The last decisions (also those that results arriving meanwhile complete) reach the broker
    // before the connection closes, within 2 s.
    const deadline = Date.now() + 2000;
    while (this.link?.connected && this.unacknowledged.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.unacknowledged]), sleep(deadline - Date.now())]);
    }
    await this.link?.close();
    this.journal?.close();
  }

  /**
   * Replays the journal into the engine. Returns the decisions it made again that were published
   * before (recorded as such), in publishing order, each with whether the broker acknowledged it.
   */
  private recover(dataDir: string): SentDecision[] {
    const journal = Journal.open(dataDir, { fsync: this.config.fsync ?? false });
    if (journal.tornBytes > 0) this.logger.warn({ bytes: journal.tornBytes }, 'journal ended in a torn record (crash mid-write): cut off');
    this.replayed = [];
    for (const record of journal.records) {
      if (record.type === RecordType.message) {
        const [topic, payload] = decodeMessage(record.body);
        this.apply(topic, payload, record.body);
      } else if (record.type === RecordType.lateness) {
        this.latenessUs = Number(record.body.toString());
        this.engine.setAllowedLatenessUs(this.latenessUs);
        this.publishDecisions(this.engine.closeReady());
      } else {
        const [service = '', start = '0'] = decodeText(record.body);
        (record.type === RecordType.decisionIntent ? this.published : this.confirmed).add(key(service, Number(start)));
      }
    }
    const replayed = this.replayed;
    this.replayed = undefined;
    this.journal = journal;
    const sent: SentDecision[] = [];
    for (const decision of replayed) {
      const id = key(decision.service, decision.windowStartUs);
      if (this.published.has(id)) sent.push({ decision, confirmed: this.confirmed.has(id) });
      else this.keepOnStandby(decision); // another instance's service, or made the instant before a crash
    }
    const unconfirmed = sent.filter((entry) => !entry.confirmed).length;
    this.logger.info({ records: journal.records.length, decisions: replayed.length, unconfirmed }, 'journal replayed');
    this.compact();
    this.catchUp();
    return sent;
  }

  /**
   * After a restart (or a lost connection) the broker delivers the results queued in our session, and
   * gateways the results they buffered, interleaved with live ones,
   * so a gateway's newest result can run far ahead of its older ones. Until the queue is drained the
   * allowed lateness covers the time we were away; complete windows still close at once (early close).
   * The queue is drained when, for a second since we connected, no result older than a second came,
   * no device has a sequence gap (a result that overtook an earlier one still on its way), and every
   * live gateway has sent a result from after the catch-up began (it is back and has sent what it
   * buffered, oldest first). When no old result came for CATCH_UP_STALL_MS, the rest is taken as never
   * coming (a gateway that does not come back, results it dropped), as after 10 minutes.
   */
  private catchUp(): void {
    const awayUs = nowUs() - this.engine.watermarkUs();
    if (!Number.isFinite(awayUs) || awayUs <= 0) return;
    const normalUs = this.config.quorum.allowedLatenessUs ?? 0;
    const startedMs = Date.now();
    // Event time every live gateway must reach (a second of clock skew allowed).
    const presentUs = nowUs() - 1_000_000;
    this.lastOldResultMs = startedMs;
    this.setLateness(normalUs + Math.round(awayUs + 10_000_000));
    this.catchUpTimer = setInterval(() => {
      const now = Date.now();
      // Nothing can arrive before the connection: the quiet period starts with it.
      if (!this.link?.connected) this.lastOldResultMs = now;
      const quietMs = now - this.lastOldResultMs;
      const gaps = this.engine.devicesWithSequenceGaps();
      const behind = this.engine.gatewaysBehind(presentUs);
      const drained = quietMs >= 1000 && gaps === 0 && behind === 0;
      const stalled = quietMs >= CATCH_UP_STALL_MS;
      if (!drained && !stalled && now - startedMs < 600_000) return;
      clearInterval(this.catchUpTimer);
      this.catchUpTimer = undefined;
      this.setLateness(normalUs);
      const seconds = Math.round((now - startedMs) / 1000);
      if (drained) this.logger.info({ seconds }, 'caught up on queued results');
      else {
        this.logger.warn(
          { seconds, devices_with_gaps: gaps, gateways_behind: behind },
          'stopped waiting for queued results: some never came (gateways not back, or results dropped at a gateway)',
        );
      }
    }, 250);
    this.logger.info({ away_ms: Math.round(awayUs / 1000) }, 'catching up on queued results');
  }

  private setLateness(allowedLatenessUs: number): void {
    this.latenessUs = allowedLatenessUs;
    this.journal?.append(RecordType.lateness, Buffer.from(String(allowedLatenessUs)));
    this.engine.setAllowedLatenessUs(allowedLatenessUs);
    this.publishDecisions(this.engine.closeReady());
  }

  /**
   * Of the decisions that may not have reached the broker, those that did not. `sent` holds every
   * decision we published before the crash, in publishing order (the replay makes them again in that
   * order). The broker keeps the newest decision of a service retained, so every decision sent no
   * later than the retained one arrived, acknowledged or not (acknowledgements can come out of order),
   * and those sent after it did not. Without the retained one among ours, only acknowledged ones count.
   */
  private notYetPublished(retained: Map<string, number>, sent: SentDecision[]): Decision[] {
    const republish: Decision[] = [];
    for (const service of new Set(sent.map(({ decision }) => decision.service))) {
      const ofService = sent.filter(({ decision }) => decision.service === service);
      const lastArrived = ofService.findLastIndex(({ decision }) => decision.windowStartUs === retained.get(service));
      for (const [index, { decision, confirmed }] of ofService.entries()) {
        if (confirmed) continue;
        const id = key(service, decision.windowStartUs);
        if (index <= lastArrived) {
          this.confirmed.add(id);
          this.journal?.append(RecordType.decisionAcked, encodeText(service, String(decision.windowStartUs)));
          continue;
        }
        this.counters.republished += 1;
        this.published.delete(id);
        republish.push(decision);
      }
    }
    return republish;
  }

  /** One message, live or replayed; `record` is its journal record, kept while its results may count. */
  private apply(topic: string, payload: Buffer, record?: Buffer): void {
    this.counters.messages += 1;
    const parsed = parseTopic(topic);
    if (!parsed) return;
    switch (parsed.kind) {
      case 'gatewayState': {
        this.latestRetained.set(topic, payload);
        const gateway = `${parsed.site}/${parsed.gateway}`;
        if (payload.length === 0) return this.gatewayDown(gateway);
        const decoded = codecs.gatewayState.decode(payload);
        if (!decoded.ok) return this.dropped(topic, decoded.error.message);
        if (decoded.value.online) this.engine.gatewayOnline(gateway);
        else this.gatewayDown(gateway);
        break;
      }
      case 'device': {
        this.latestRetained.set(topic, payload);
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
        this.onResults(record, `${parsed.site}/${parsed.gateway}`, [decoded.value]);
        break;
      }
      case 'gatewayResults': {
        const decoded = codecs.gatewayResults.decode(payload);
        if (!decoded.ok) return this.dropped(topic, decoded.error.message);
        this.onResults(record, `${parsed.site}/${parsed.gateway}`, decoded.value.batches);
        break;
      }
      default:
        break;
    }
  }

  /** The result batches of one message (of one device, or of several of the gateway). */
  private onResults(record: Buffer | undefined, gateway: string, batches: Outgoing<ResultBatch>[]): void {
    let newestUs = -Infinity;
    let oldestUs = Infinity;
    for (const batch of batches) {
      try {
        // addBatch checks the whole batch before applying any of it.
        this.engine.addBatch(gateway, batch);
      } catch (error) {
        this.dropped(`${gateway}: ${batch.device}`, (error as Error).message);
        continue;
      }
      for (const timestampUs of batch.timestampsUs) {
        if (timestampUs > newestUs) newestUs = timestampUs;
        if (timestampUs < oldestUs) oldestUs = timestampUs;
      }
      this.counters.results += batch.values.length;
    }
    if (newestUs === -Infinity) return;
    if (record) this.recentResults.push({ record, newestUs });
    if (this.catchUpTimer && !this.replayed && oldestUs < nowUs() - 1_000_000) this.lastOldResultMs = Date.now();
    this.publishDecisions(this.engine.closeReady());
  }

  private gatewayDown(gateway: string): void {
    this.engine.gatewayOffline(gateway);
    // A dead gateway no longer holds the watermark back: windows may close now.
    this.publishDecisions(this.engine.closeReady());
  }

  private dropped(topic: string, reason: string): void {
    this.counters.decodeErrors += 1;
    if (!this.replayed) this.logger.warn({ topic, reason }, 'dropped malformed message');
  }

  private publishDecisions(decisions: Decision[]): void {
    if (this.replayed) {
      this.replayed.push(...decisions);
      this.engine.takeLate();
      return;
    }
    if (this.held) {
      this.held.push(...decisions);
      return;
    }
    const link = this.link;
    const decidedAtUs = nowUs();
    for (const decision of decisions) {
      const id = key(decision.service, decision.windowStartUs);
      // After a journal rewrite the engine may decide a window again; another instance may have published it.
      if (this.published.has(id) || this.seen.has(id)) continue;
      if (this.ownerOf(decision.service) !== this.config.instance) {
        this.keepOnStandby(decision);
        continue;
      }
      this.published.add(id);
      this.journal?.append(RecordType.decisionIntent, encodeText(decision.service, String(decision.windowStartUs)));
      this.counters.decisions += 1;
      const payload = codecs.quorumDecision.encode({ ...decision, closedBy: closedByWire[decision.closedBy], decidedAtUs });
      const published = link?.publish(topics.quorum(decision.service), payload, { qos: 1, retain: true }).then(
        () => {
          this.confirmed.add(id);
          this.journal?.append(RecordType.decisionAcked, encodeText(decision.service, String(decision.windowStartUs)));
        },
        (error: Error) => this.logger.warn({ service: decision.service, err: error.message }, 'cannot publish decision'),
      );
      if (published) {
        this.unacknowledged.add(published);
        void published.finally(() => this.unacknowledged.delete(published));
      }
    }
    for (const late of this.engine.takeLate()) {
      link?.publish(topics.quorumLate(late.service), codecs.lateResults.encode(late), { qos: 1 }).catch(() => undefined);
    }
  }

  /** Decisions of services another instance publishes, kept for a while in case we take over. */
  private keepOnStandby(decision: Decision): void {
    let decisions = this.standby.get(decision.service);
    if (!decisions) this.standby.set(decision.service, (decisions = []));
    decisions.push(decision);
    if (decisions.length > 2 * STANDBY_LIMIT) decisions.splice(0, decisions.length - STANDBY_LIMIT);
  }

  private compactIfLarge(): void {
    if (this.journal && this.journal.bytes > (this.config.journalMaxBytes ?? 64 * 2 ** 20)) this.compact();
    else if (this.recentResults.length > this.recentLimit) {
      // Trimmed as soon as it doubled: each record is a whole message, and a few seconds of them
      // (the old fixed limit of 20,000) kept tens of MiB alive for the garbage collector to move.
      const horizonUs = this.horizonUs();
      this.recentResults = this.recentResults.filter((results) => results.newestUs >= horizonUs);
      this.recentLimit = Math.max(RECENT_RESULTS_MIN, 2 * this.recentResults.length);
    }
  }

  /** Results older than this are in windows that can no longer be decided. */
  private horizonUs(): number {
    const { windowUs, allowedLatenessUs = 0 } = this.config.quorum;
    return this.engine.watermarkUs() - windowUs - allowedLatenessUs;
  }

  /**
   * Rewrites the journal with only what a replay needs: the latest state and announcement per topic,
   * results that can still be in open windows, and the decisions of those windows.
   */
  private compact(): void {
    const journal = this.journal;
    if (!journal) return;
    const { windowUs } = this.config.quorum;
    const horizonUs = this.horizonUs();
    this.recentResults = this.recentResults.filter((results) => results.newestUs >= horizonUs);
    const records: JournalRecord[] = [{ type: RecordType.lateness, body: Buffer.from(String(this.latenessUs)) }];
    for (const [topic, payload] of this.latestRetained) records.push({ type: RecordType.message, body: encodeMessage(topic, payload) });
    for (const id of this.published) {
      const [service = '', start = '0'] = id.split('\u0000');
      if (Number(start) + windowUs < horizonUs) {
        this.published.delete(id);
        this.confirmed.delete(id);
        continue;
      }
      records.push({ type: RecordType.decisionIntent, body: encodeText(service, start) });
      if (this.confirmed.has(id)) records.push({ type: RecordType.decisionAcked, body: encodeText(service, start) });
    }
    for (const { record } of this.recentResults) records.push({ type: RecordType.message, body: record });
    const before = journal.bytes;
    journal.rewrite(records);
    this.logger.info({ before, after: journal.bytes }, 'journal rewritten');
  }
}

function encodeMessage(topic: string, payload: Uint8Array): Buffer {
  const name = Buffer.from(topic);
  // Not from Buffer's shared pool: a record kept for a while would keep its whole slab alive.
  const body = Buffer.allocUnsafeSlow(2 + name.length + payload.length);
  body.writeUInt16LE(name.length, 0);
  body.set(name, 2);
  body.set(payload, 2 + name.length);
  return body;
}

function decodeMessage(body: Buffer): [string, Buffer] {
  const length = body.readUInt16LE(0);
  return [body.subarray(2, 2 + length).toString(), body.subarray(2 + length)];
}
