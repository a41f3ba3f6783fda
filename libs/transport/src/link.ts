import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { createConnection, type Socket } from 'node:net';
import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import { topics } from '@mjl/protocol';
import type { Logger } from '@mjl/runtime';

// MQTT.js is CommonJS: required, not imported. Under an ES import Node loads its ~130 modules ~100 ms
// slower (nodejs/node#59913), a fifth of `mjl devices` at 1,000 devices (docs/benchmarks.md).
const mqtt = createRequire(import.meta.url)('mqtt') as typeof import('mqtt');

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

const portOf = (url: URL) => Number(url.port) || (defaultPort[url.protocol] ?? 1883);
/** The host as sockets take it: an IPv6 address without the URL's brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

function clientOptions(options: LinkOptions, urls: URL[]): IClientOptions {
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
    // MQTT.js's default builds a cache of 65,536 two-byte buffers on the first write (~30 ms, 5 MB).
    writeCache: false,
  };
  // MQTT.js calls debug() at every step of every packet, even when DEBUG is off (2-4% of a busy process).
  if (!process.env.DEBUG) mqttOptions.log = () => undefined;
  if (options.will) mqttOptions.will = { ...options.will, payload: Buffer.from(options.will.payload) };
  // Credentials in the URL (mqtt://user:secret@host) count when the options give none.
  const username = options.username ?? (first.username ? decodeURIComponent(first.username) : undefined);
  const password = options.password ?? (first.password ? decodeURIComponent(first.password) : undefined);
  if (username !== undefined) mqttOptions.username = username;
  if (password !== undefined) mqttOptions.password = password;
  if (options.caFile) mqttOptions.ca = readFileSync(options.caFile);
  return mqttOptions;
}

const isPlainTcp = (url: URL) => url.protocol === 'mqtt:' || url.protocol === 'tcp:';

/**
 * Writes made while a burst of incoming data is handled leave in one system call: MQTT.js handles
 * each packet in its own tick and writes each acknowledgement at once, one syscall per PUBACK (a
 * fifth of `mjl devices`' time at 10,000 retained messages from a broker that sends them at QoS 1,
 * and the same per message for the aggregator's QoS 1 results). They wait for the end of the current
 * turn of the event loop at most.
 */
function coalesceWrites(socket: Socket): Socket {
  let corked = false;
  socket.on('data', () => {
    if (corked) return;
    corked = true;
    socket.cork();
    setImmediate(() => {
      corked = false;
      socket.uncork();
    });
  });
  return socket;
}

/**
 * The MQTT.js client for these brokers, connecting. Plain TCP (mqtt://) gets its socket here, tried in
 * turn on each reconnect: MQTT.js's connect() loads its WebSocket, SOCKS and TLS modules whatever the
 * scheme (~40 ms of every `mjl` command's start). TLS, WebSocket and a SOCKS proxy (MQTTJS_SOCKS_PROXY)
 * go through connect().
 */
function createClient(urls: URL[], mqttOptions: IClientOptions): MqttClient {
  if (urls.every(isPlainTcp) && !process.env.MQTTJS_SOCKS_PROXY) {
    let attempt = 0;
    return new mqtt.MqttClient(() => {
      const url = urls[attempt++ % urls.length] as URL;
      return coalesceWrites(createConnection({ host: hostOf(url), port: portOf(url), noDelay: true }));
    }, mqttOptions);
  }
  const withoutCredentials = urls.map((url) => Object.assign(new URL(url), { username: '', password: '' }));
  const [first] = withoutCredentials as [URL, ...URL[]];
  if (urls.length > 1) {
    mqttOptions.servers = withoutCredentials.map((url) => ({ host: url.hostname, port: portOf(url), protocol: url.protocol.slice(0, -1) as 'mqtt' }));
  }
  return mqtt.connect(first.toString(), mqttOptions);
}

/** Payload of the marker mjl's broker appends to the retained messages of a sync subscription. */
export const BROKER_MARKER = 'broker';

/** Messages kept for the first onMessage handler, at most (a persistent session's queue is sent at once). */
const MAX_EARLY_MESSAGES = 100_000;

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
  /** Messages received before the first onMessage, for it; undefined once it came. */
  private early: Array<[string, Buffer, IPublishPacket]> | undefined = [];
  /** Messages before the first handler beyond MAX_EARLY_MESSAGES, dropped. */
  droppedEarly = 0;
  private syncRound = 0;

  private constructor(
    private readonly client: MqttClient,
    readonly options: LinkOptions,
  ) {
    super();
    this.syncPrefix = topics.sync(options.clientId);
    client.on('message', (topic, payload, packet) => {
      if (topic.startsWith(this.syncPrefix)) return this.onSyncMessage(topic, payload.toString());
      if (this.early) return this.holdEarly(topic, payload, packet);
      this.dispatch(topic, payload, packet);
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
    const urls = parseBrokerUrls(options.brokers);
    return new BrokerLink(createClient(urls, clientOptions(options, urls)), options);
  }

  /** Connects once, failing with BrokerUnreachableError within connectTimeoutMs (no retries). */
  static async connect(options: LinkOptions): Promise<BrokerLink> {
    const urls = parseBrokerUrls(options.brokers);
    const client = createClient(urls, clientOptions({ ...options, reconnectPeriodMs: 0 }, urls));
    const timeoutMs = options.connectTimeoutMs ?? 3000;
    // Listening before CONNACK: messages can follow it in the same read.
    const link = new BrokerLink(client, options);
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
    client.options.reconnectPeriod = options.reconnectPeriodMs ?? 1000;
    return link;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /**
   * Every message from now on. Messages that came before the first handler (a persistent session's
   * queue arrives right after CONNACK, and MQTT.js acknowledges each as it hands it out) are kept
   * and handed to the first handler, in order, in a later microtask.
   */
  onMessage(handler: MessageHandler): () => void {
    this.handlers.add(handler);
    const early = this.early;
    if (early) {
      this.early = undefined;
      if (early.length > 0) queueMicrotask(() => {
        for (const [topic, payload, packet] of early) this.dispatch(topic, payload, packet);
      });
    }
    return () => this.handlers.delete(handler);
  }

  private holdEarly(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const early = this.early!;
    if (early.length < MAX_EARLY_MESSAGES) early.push([topic, payload, packet]);
    else {
      this.droppedEarly += 1;
      if (this.droppedEarly === 1) this.options.logger?.error({ limit: MAX_EARLY_MESSAGES, topic }, 'messages before any handler: over the limit, dropped');
    }
  }

  private dispatch(topic: string, payload: Buffer, packet: IPublishPacket): void {
    for (const handler of this.handlers) {
      // A handler that throws would break MQTT.js's packet loop: the connection drops, the broker
      // redelivers the same message, and the client loops. Log it and go on with the next message.
      try {
        handler(topic, payload, packet);
      } catch (error) {
        this.handlerErrors += 1;
        this.options.logger?.error({ err: error as Error, topic }, 'message handler failed; message skipped');
      }
    }
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
