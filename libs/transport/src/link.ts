import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { topics } from '@mjl/protocol';
import type { Logger } from '@mjl/runtime';

export type QoS = 0 | 1;

export interface Will {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
}

/** How to reach the broker. Each default is the one stated here. */
export interface LinkOptions {
  /** Broker URLs (mqtt://, mqtts://, ws://, wss://). More than one: failover, tried in turn. */
  brokers: string[];
  clientId: string;
  /** Persistent session when false. Default true. */
  clean?: boolean;
  /** Seconds. Default 5: a silent client is declared dead by the broker after 1.5× this. */
  keepaliveS?: number;
  will?: Will;
  username?: string;
  password?: string;
  /** PEM file of the CA that signed the broker's certificate (mqtts, wss). */
  caFile?: string;
  /** Milliseconds to wait for CONNACK. Default 3000. */
  connectTimeoutMs?: number;
  /** Milliseconds between reconnect attempts; 0 = never reconnect. Default 1000. */
  reconnectPeriodMs?: number;
  logger?: Logger;
}

/** The broker could not be reached: names the URL(s) and why, and what to try. */
export class BrokerUnreachableError extends Error {
  constructor(
    readonly brokers: string[],
    reason: string,
  ) {
    super(
      `cannot reach the MQTT broker at ${brokers.join(', ')}: ${reason}. ` +
        'Is the broker running? Set the address with --broker URL or MJL_BROKER.',
    );
    this.name = 'BrokerUnreachableError';
  }
}

const SUPPORTED_PROTOCOLS = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:']);

/** Checks broker URLs up front so that a typo is an error naming the URL, not a hang. */
export function parseBrokerUrls(brokers: string[]): URL[] {
  if (brokers.length === 0) throw new TypeError('no broker URL given');
  return brokers.map((text) => {
    let url: URL;
    try {
      url = new URL(text.includes('://') ? text : `mqtt://${text}`);
    } catch {
      throw new TypeError(`invalid broker URL ${JSON.stringify(text)}: expected e.g. mqtt://127.0.0.1:1883`);
    }
    if (!SUPPORTED_PROTOCOLS.has(url.protocol)) {
      throw new TypeError(`unsupported broker URL scheme ${JSON.stringify(url.protocol)} in ${text}: use mqtt, mqtts, ws or wss`);
    }
    return url;
  });
}

const defaultPort: Record<string, number> = { 'mqtt:': 1883, 'tcp:': 1883, 'mqtts:': 8883, 'ssl:': 8883, 'ws:': 80, 'wss:': 443 };

function clientOptions(options: LinkOptions): { url: string; mqtt: IClientOptions } {
  const urls = parseBrokerUrls(options.brokers);
  const [first] = urls as [URL, ...URL[]];
  const mqttOptions: IClientOptions = {
    protocolVersion: 4,
    clientId: options.clientId,
    clean: options.clean ?? true,
    keepalive: options.keepaliveS ?? 5,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    queueQoSZero: false,
    resubscribe: true,
  };
  if (options.will) mqttOptions.will = { ...options.will, payload: Buffer.from(options.will.payload) };
  if (options.username !== undefined) mqttOptions.username = options.username;
  if (options.password !== undefined) mqttOptions.password = options.password;
  if (options.caFile) mqttOptions.ca = readFileSync(options.caFile);
  if (urls.length > 1) {
    mqttOptions.servers = urls.map((url) => ({
      host: url.hostname,
      port: Number(url.port) || (defaultPort[url.protocol] ?? 1883),
      protocol: url.protocol.slice(0, -1) as 'mqtt',
    }));
  }
  return { url: first.toString(), mqtt: mqttOptions };
}

/** Payload of the marker mjl's broker appends to the retained messages of a sync subscription. */
export const BROKER_MARKER = 'broker';

export type MessageHandler = (topic: string, payload: Buffer, packet: IPublishPacket) => void;

interface LinkEvents {
  connect: [];
  offline: [];
  error: [Error];
}

/**
 * The only module that speaks MQTT. A link owns one client: publish, subscribe, messages, and
 * retained snapshots that know when they are complete.
 */
export class BrokerLink extends EventEmitter<LinkEvents> {
  private readonly handlers = new Set<MessageHandler>();
  /** Sync topics are this prefix + "-<round>": each snapshot subscribes a new one (brokers send
   * retained messages only for new subscriptions). */
  private readonly syncPrefix: string;
  private readonly syncWaiters = new Map<string, { payload: string | undefined; resolve: (payload: string) => void }>();
  private markerProbe: Promise<boolean> | undefined;
  /** Publishes waiting for an acknowledgement over the current connection (publishConnected). */
  private readonly closeWaiters = new Set<() => void>();
  /** Messages whose handler threw (logged and skipped). */
  handlerErrors = 0;
  private syncRound = 0;

  private constructor(
    private readonly client: MqttClient,
    readonly options: LinkOptions,
  ) {
    super();
    this.syncPrefix = topics.sync(options.clientId);
    client.on('message', (topic, payload, packet) => {
      if (topic.startsWith(this.syncPrefix)) return this.onSyncMessage(topic, payload.toString());
      for (const handler of this.handlers) {
        // A handler that throws would break MQTT.js's packet loop: the connection drops, the broker
        // redelivers the same message, and the client loops. Log it and go on with the next message.
        try {
          handler(topic, payload, packet);
        } catch (error) {
          this.handlerErrors += 1;
          options.logger?.error({ err: error as Error, topic }, 'message handler failed; message skipped');
        }
      }
    });
    client.on('connect', () => this.emit('connect'));
    client.on('offline', () => this.emit('offline'));
    client.on('close', () => {
      for (const reject of [...this.closeWaiters]) reject();
    });
    client.on('error', (error) => {
      options.logger?.warn({ err: error, brokers: options.brokers }, 'broker connection error');
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    client.on('reconnect', () => options.logger?.debug({ brokers: options.brokers }, 'reconnecting to broker'));
  }

  /** Starts connecting and returns at once; the link reconnects in the background. */
  static start(options: LinkOptions): BrokerLink {
    const { url, mqtt } = clientOptions(options);
    return new BrokerLink(connect(url, mqtt), options);
  }

  /** Connects once, failing with BrokerUnreachableError within connectTimeoutMs (no retries). */
  static async connect(options: LinkOptions): Promise<BrokerLink> {
    const { url, mqtt } = clientOptions({ ...options, reconnectPeriodMs: 0 });
    const client = connect(url, mqtt);
    const timeoutMs = options.connectTimeoutMs ?? 3000;
    await new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        client.off('connect', onConnect);
        client.off('error', onError);
        client.off('close', onClose);
      };
      const fail = (reason: string) => {
        settle();
        client.end(true);
        reject(new BrokerUnreachableError(options.brokers, reason));
      };
      const onConnect = () => {
        settle();
        resolve();
      };
      const onError = (error: Error) => fail(error.message);
      const onClose = () => fail('connection closed');
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      client.on('connect', onConnect);
      client.on('error', onError);
      client.on('close', onClose);
    });
    const link = new BrokerLink(client, options);
    client.options.reconnectPeriod = options.reconnectPeriodMs ?? 1000;
    return link;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  onMessage(handler: MessageHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async publish(topic: string, payload: Uint8Array, options: { qos: QoS; retain?: boolean }): Promise<void> {
    await this.client.publishAsync(topic, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), {
      qos: options.qos,
      retain: options.retain ?? false,
    });
  }

  /**
   * Publishes only over the current connection: rejects at once when disconnected, and as soon as the
   * connection drops before the broker acknowledged (the message may or may not have arrived: the
   * caller keeps it and sends it again, receivers count duplicates once). For outboxes, which must
   * not wait on MQTT.js's own unbounded offline queue.
   */
  async publishConnected(topic: string, payload: Uint8Array, options: { qos: QoS; retain?: boolean }): Promise<void> {
    if (!this.client.connected) throw new Error('not connected to the broker');
    let onClose!: () => void;
    const dropped = new Promise<never>((_resolve, reject) => {
      onClose = () => reject(new Error('the connection to the broker dropped before it acknowledged'));
      this.closeWaiters.add(onClose);
    });
    try {
      await Promise.race([this.publish(topic, payload, options), dropped]);
    } finally {
      this.closeWaiters.delete(onClose);
    }
  }

  /** Subscribes; rejects when the broker refuses a filter (granted QoS 128). */
  async subscribe(filters: string[], qos: QoS = 1): Promise<void> {
    let granted;
    try {
      granted = await this.client.subscribeAsync(Object.fromEntries(filters.map((f) => [f, { qos }])));
    } catch (error) {
      throw new Error(`the broker refused the subscription to ${filters.join(', ')}: ${(error as Error).message} (not authorised?)`);
    }
    const refused = granted.filter((grant) => grant.qos === 128).map((grant) => grant.topic);
    if (refused.length > 0) throw new Error(`the broker refused the subscription to ${refused.join(', ')} (not authorised?)`);
  }

  async unsubscribe(filters: string[]): Promise<void> {
    await this.client.unsubscribeAsync(filters);
  }

  /**
   * Subscribes to `filters` and resolves once every retained message they match has been handed to
   * the message handlers (which go on receiving live messages). Completeness does not depend on
   * timing: the end of the retained messages is marked on a fresh sync topic subscribed together with
   * the filters. mjl's broker appends a marker after the retained messages; other brokers (Mosquitto)
   * send retained messages right after SUBACK, before our own message on the sync topic. Which case
   * holds is probed once per link. Read snapshots with QoS 0: Mosquitto drops QoS 1 deliveries
   * beyond its per-client queue (max_queued_messages, 1000 by default).
   */
  async subscribeWithSnapshot(filters: string[], qos: QoS = 1): Promise<void> {
    const brokerMarks = await this.probeRetainedMarker();
    const syncTopic = this.nextSyncTopic();
    const expected = brokerMarks ? BROKER_MARKER : 'client';
    const marked = this.syncMessage(syncTopic, expected);
    await this.subscribe([...filters, syncTopic], qos);
    if (!brokerMarks) await this.publish(syncTopic, Buffer.from(expected), { qos: 0 });
    await marked;
    await this.unsubscribe([syncTopic]);
  }

  /** Whether the broker marks the end of retained messages: on a subscription that matches none,
   * its marker arrives before our own message on the same topic can make the round trip. */
  private probeRetainedMarker(): Promise<boolean> {
    this.markerProbe ??= (async () => {
      const syncTopic = this.nextSyncTopic();
      const first = this.syncMessage(syncTopic, undefined);
      await this.subscribe([syncTopic], 1);
      await this.publish(syncTopic, Buffer.from('client'), { qos: 0 });
      const marksRetained = (await first) === BROKER_MARKER;
      await this.unsubscribe([syncTopic]);
      return marksRetained;
    })();
    return this.markerProbe;
  }

  private nextSyncTopic(): string {
    return `${this.syncPrefix}-${++this.syncRound}`;
  }

  /** Resolves with the first message on `topic` whose payload is `payload` (any, when undefined). */
  private syncMessage(topic: string, payload: string | undefined): Promise<string> {
    return new Promise((resolve) => this.syncWaiters.set(topic, { payload, resolve }));
  }

  private onSyncMessage(topic: string, payload: string): void {
    const waiter = this.syncWaiters.get(topic);
    if (waiter && (waiter.payload === undefined || waiter.payload === payload)) {
      this.syncWaiters.delete(topic);
      waiter.resolve(payload);
    }
  }

  /**
   * Disconnects cleanly (no last will), waiting up to `timeoutMs` for messages in flight; after that
   * the connection is dropped, so that a dead broker cannot hold a process that is stopping.
   */
  async close(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([this.client.endAsync().then(() => 'closed' as const), gaveUp]);
    clearTimeout(timer);
    if (outcome === 'timeout') await this.client.endAsync(true);
  }

  /** Publishes, giving up after `timeoutMs` (e.g. a last message while stopping); false if it did not complete. */
  async publishWithin(timeoutMs: number, topic: string, payload: Uint8Array, options: { qos: QoS; retain?: boolean }): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const published = this.publish(topic, payload, options).then(
      () => true,
      () => false,
    );
    const outcome = await Promise.race([published, gaveUp]);
    clearTimeout(timer);
    return outcome;
  }

  /** Closes the socket without DISCONNECT, so that the broker publishes our last will. */
  async abort(): Promise<void> {
    await this.client.endAsync(true);
  }
}
