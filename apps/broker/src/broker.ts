import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { startHealthServer, type Logger, type RunningHealthServer } from '@mjl/runtime';
import { AccessControl } from './auth.js';
import { createEmitter, type BrokerEmitter } from './emitter.js';
import { DEFAULT_LIMITS, guardFrameSize, maxFrameBytes, type Limits } from './limits.js';
import { BrokerMetrics } from './metrics.js';
import { openPersistence, skipCleanSessionAcks, type OpenPersistence, type PersistenceKind } from './persistence.js';
import { CLUSTER_HEARTBEAT_MS, dropWillsOfMovedClients, openRedisState, type ClientsById } from './redis.js';
import type { UserDirectory } from './users.js';

export interface BrokerConfig {
  host: string;
  port: number;
  /** MQTT over WebSocket; undefined = off. */
  wsPort?: number | undefined;
  /** MQTT over TLS; undefined = off. */
  tls?: { host: string; port: number; certFile: string; keyFile: string } | undefined;
  persistence: PersistenceKind;
  /** Where "level" persistence keeps its files. */
  dataDir: string;
  /**
   * Redis URL: routing, retained messages, sessions and wills shared with the other brokers on the
   * same Redis (a cluster), instead of `persistence`; undefined = this broker alone.
   */
  redis?: string | undefined;
  /** With `redis`: how often brokers tell each other they live. Default CLUSTER_HEARTBEAT_MS (tests shorten it). */
  heartbeatMs?: number | undefined;
  /** Who may connect and what they may do; undefined = an open broker. */
  users?: UserDirectory | undefined;
  /** Default DEFAULT_LIMITS. */
  limits?: Limits | undefined;
  /** HTTP /healthz and /metrics; undefined = off. */
  health?: { host: string; port: number } | undefined;
}

export interface RunningBroker {
  /** Where the listeners ended up (port 0 picks a free port). */
  port: number;
  wsPort: number | undefined;
  tlsPort: number | undefined;
  healthPort: number | undefined;
  metrics: BrokerMetrics;
  /** A re-read users file, for clients that connect from now on. */
  replaceUsers(users: UserDirectory): void;
  stop(): Promise<void>;
}

/** Messages in flight through the emitter at once (aedes' default). */
const CONCURRENCY = 100;

/**
 * A new id each start, as aedes wants (wills left by an earlier run are published because their
 * broker id is gone), but sorting by start time: LevelDB keeps a session's queued messages under
 * (broker id, counter), so messages queued before and after a restart come out in that order.
 */
function brokerId(): string {
  return `mjl-${String(Date.now()).padStart(16, '0')}-${randomBytes(4).toString('hex')}`;
}

function listen(server: Server | HttpServer | TlsServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server | HttpServer | TlsServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startBroker(config: BrokerConfig, logger: Logger): Promise<RunningBroker> {
  const limits = config.limits ?? DEFAULT_LIMITS;
  const tlsOptions = config.tls && { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) };
  const onReadError = (error: Error) =>
    logger.warn({ err: error.message }, 'reading retained messages failed: that subscriber gets them incomplete, without end marker');
  let store: OpenPersistence;
  let emitter: BrokerEmitter;
  const heartbeatMs = config.heartbeatMs ?? CLUSTER_HEARTBEAT_MS;
  if (config.redis) {
    ({ store, emitter } = await openRedisState({ url: config.redis, concurrency: CONCURRENCY, heartbeatMs, logger, onReadError }));
  } else {
    store = await openPersistence(config.persistence, config.dataDir, onReadError);
    emitter = createEmitter({ concurrency: CONCURRENCY });
  }
  let aedes: Aedes | undefined;
  const id = brokerId();
  // Before aedes subscribes its own listener of other brokers' new clients (see the function).
  if (config.redis) dropWillsOfMovedClients(emitter.mq, id, () => aedes as unknown as ClientsById | undefined);
  const metrics = new BrokerMetrics(() => aedes?.connectedClients ?? 0);
  const access = new AccessControl(config.users, limits, metrics, logger);
  try {
    aedes = await Aedes.createBroker({
      id,
      persistence: skipCleanSessionAcks(store.persistence),
      mq: emitter.mq,
      concurrency: CONCURRENCY,
      maxTopicLevels: limits.maxTopicLevels,
      ...(config.redis ? { heartbeatInterval: heartbeatMs } : {}),
      ...(store.published ? { published: store.published } : {}),
      ...access.hooks(),
    });
  } catch (error) {
    await new Promise<void>((resolve) => emitter.mq.close(() => resolve()));
    await store.close().catch(() => undefined);
    throw error;
  }
  const broker = aedes;
  // Read by the PUBACK of a QoS 1 publish (scripts/patch-aedes.mjs): sent once the message is safe (persistence.ts).
  if (store.durable) (broker as unknown as { mjlDurable: () => Promise<void> }).mjlDurable = store.durable;
  logger.info({ persistence: store.location, cluster: config.redis !== undefined }, 'broker state');
  if (!config.users) logger.warn('no users file (--users): the broker is open, every client may publish and subscribe to anything');

  // aedes emits 'error' for failures of its own (persistence, clearing stale wills): log, not crash.
  (broker as EventEmitter).on('error', (error: Error) => logger.error({ err: error.message }, 'broker error'));
  broker.on('client', (client) => logger.debug({ client: client.id }, 'client connected'));
  broker.on('clientDisconnect', (client) => logger.debug({ client: client.id }, 'client disconnected'));
  broker.on('clientError', (client, error) => {
    if (error.message === 'topic has too many levels') {
      metrics.overLimit('topic_levels');
      logger.warn({ client: client.id, limit: limits.maxTopicLevels }, 'topic with too many levels: disconnecting the client');
    } else logger.debug({ client: client.id, err: error.message }, 'client error');
  });
  broker.on('connectionError', (_client, error) => logger.debug({ err: error.message }, 'connection error'));

  const frameLimit = maxFrameBytes(limits);
  const accept = (connection: Duplex & { remoteAddress?: string | undefined }, request?: IncomingMessage) => {
    const client = broker.handle(connection, request) as unknown as { duplicates: Record<string, number> };
    client.duplicates = emitter.duplicateFilter();
    guardFrameSize(connection, frameLimit, (bytes) => {
      metrics.overLimit('frame');
      logger.warn({ remote: connection.remoteAddress, bytes, limit: frameLimit }, 'packet over the size limit: disconnecting the client');
    });
  };

  const servers: Array<Server | HttpServer | TlsServer> = [];
  let wss: WebSocketServer | undefined;
  let health: RunningHealthServer | undefined;
  const closeAll = async () => {
    await health?.close();
    const closing = servers.filter((server) => server.listening).map(close);
    for (const client of wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await Promise.all(closing);
    await store.close();
  };

  let port: number;
  let tlsPort: number | undefined;
  let wsPort: number | undefined;
  try {
    // Small MQTT frames must not wait for the peer's delayed ACK (Nagle): up to 40 ms per write otherwise.
    const tcp = createServer({ noDelay: true }, (socket) => accept(socket));
    servers.push(tcp);
    port = await listen(tcp, config.port, config.host);
    logger.info({ host: config.host, port }, 'MQTT listening');

    if (config.tls && tlsOptions) {
      const tls = createTlsServer(tlsOptions, (socket) => accept(socket));
      tls.on('tlsClientError', (error, socket) => logger.debug({ remote: socket.remoteAddress, err: error.message }, 'TLS handshake failed'));
      servers.push(tls);
      tlsPort = await listen(tls, config.tls.port, config.tls.host);
      logger.info({ host: config.tls.host, port: tlsPort }, 'MQTT over TLS listening');
    }

    if (config.wsPort !== undefined) {
      const http = createHttpServer();
      wss = new WebSocketServer({ server: http, maxPayload: frameLimit + 8 });
      wss.on('connection', (socket, request) => {
        accept(Object.assign(createWebSocketStream(socket), { remoteAddress: request.socket.remoteAddress }), request);
      });
      servers.push(http);
      wsPort = await listen(http, config.wsPort, config.host);
      logger.info({ host: config.host, port: wsPort }, 'MQTT over WebSocket listening');
    }

    if (config.health) {
      const started = Date.now();
      health = await startHealthServer({
        host: config.health.host,
        port: config.health.port,
        registry: metrics.registry,
        check: () => ({
          ok: !broker.closed && servers.every((server) => server.listening) && store.healthy(),
          clients: broker.connectedClients,
          persistence: store.location,
          uptimeS: Math.round((Date.now() - started) / 1000),
        }),
      });
      logger.info({ url: health.url }, 'health and metrics listening');
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  return {
    port,
    wsPort,
    tlsPort,
    healthPort: health?.port,
    metrics,
    replaceUsers: (users) => access.replaceUsers(users),
    stop: closeAll,
  };
}
