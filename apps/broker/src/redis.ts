import type { EventEmitter } from 'node:events';
import AsyncRedisPersistence from 'aedes-persistence-redis/asyncPersistence.js';
import { Redis } from 'ioredis';
import type mqemitter from 'mqemitter';
import mqemitterRedis from 'mqemitter-redis';
import type { Logger } from '@mjl/runtime';
import { withFixes, type BrokerEmitter, type Emitter } from './emitter.js';
import type { OpenPersistence } from './persistence.js';
import { markEndOfRetained } from './retained-marker.js';

/**
 * aedes' heartbeat in a cluster (its default is 60 s). A broker that misses 3 is taken for dead, and
 * the others publish the wills of its clients at their next will check (every 4 heartbeats): within
 * 35 s of a crash, not 7 minutes. Each heartbeat is one small message through Redis.
 */
export const CLUSTER_HEARTBEAT_MS = 5000;

/** How long the three connections may take to be ready at start before the broker gives up. */
const CONNECT_TIMEOUT_MS = 5000;
/** Waits between reconnect attempts, growing by this much to at most RETRY_MAX_MS. */
const RETRY_STEP_MS = 200;
const RETRY_MAX_MS = 2000;

/** The Redis given cannot be reached: names it (without credentials), why, and what to check. */
export class RedisUnreachableError extends Error {
  constructor(
    readonly redis: string,
    reason: string,
  ) {
    super(`cannot reach Redis at ${redis}: ${reason}. Is redis-server running there? Set the address with --redis URL or MJL_BROKER_REDIS.`);
    this.name = 'RedisUnreachableError';
  }
}

/** Checks a --redis value: redis://[user:password@]host[:port][/db], or rediss:// for TLS. */
export function parseRedisUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`invalid Redis URL ${JSON.stringify(text)}: expected e.g. redis://127.0.0.1:6379`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`unsupported Redis URL scheme ${JSON.stringify(url.protocol)} in ${redactRedisUrl(text)}: use redis:// or rediss:// (TLS)`);
  }
  if (!url.hostname) throw new Error(`no host in the Redis URL ${redactRedisUrl(text)}: expected e.g. redis://127.0.0.1:6379`);
  return text;
}

/** The URL without user and password, for logs, errors and /healthz. */
export function redactRedisUrl(text: string): string {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(invalid Redis URL)';
  }
}

export interface RedisState {
  /** Routing between the brokers (mqemitter-redis), with the fixes of emitter.ts. Closed by aedes. */
  emitter: BrokerEmitter;
  /** Retained messages, sessions and wills (aedes-persistence-redis); healthy() covers all connections. */
  store: OpenPersistence;
}

export interface RedisStateOptions {
  url: string;
  /** Messages in flight through the emitter at once. */
  concurrency: number;
  /** aedes' heartbeatInterval. */
  heartbeatMs: number;
  logger: Logger;
  /** A failing read of retained messages (see markEndOfRetained). */
  onReadError: (error: Error) => void;
}

const ROLES = ['state', 'publish', 'subscribe'] as const;
type Role = (typeof ROLES)[number];

/** The part of an aedes client (or aedes' own will bookkeeping) that delWill reads. */
interface WillOwner {
  id: string;
  brokerId?: string;
}

/**
 * Connects to Redis for one broker of a cluster: three connections (persistence, publishing, and
 * pattern subscriptions, which Redis puts in a mode of their own), each ready before this resolves,
 * or a RedisUnreachableError within seconds.
 *
 * While running, a lost connection is retried every RETRY_MAX_MS at most, logged when lost and when
 * back, and makes healthy() false. A command waits for a reconnect attempt or two, then fails: a
 * publish that fails makes aedes drop its client, which reconnects (to another broker of its list,
 * or here once Redis is back) and sends its unacknowledged QoS 1 messages again.
 */
export async function openRedisState(options: RedisStateOptions): Promise<RedisState> {
  const { logger } = options;
  const redis = redactRedisUrl(options.url);
  let stopping = false;
  const lastError = new Map<Role, string>();
  /** When each connection became ready; absent while it is down. */
  const readySince = new Map<Role, number>();
  /** Connections lost since they were ready (logged when back). */
  const lost = new Set<Role>();

  const connect = (role: Role) => {
    const connection = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      // Many clients' commands in one round trip; not for the subscriber, whose replies are messages.
      enableAutoPipelining: role !== 'subscribe',
      // null ends the connection: how a stop ends one that is waiting to reconnect (see endConnection).
      retryStrategy: (attempt) => (stopping ? null : Math.min(attempt * RETRY_STEP_MS, RETRY_MAX_MS)),
    });
    connection.on('error', (error: Error) => {
      if (lastError.get(role) !== error.message) logger.debug({ redis, connection: role, err: error.message }, 'Redis connection error');
      lastError.set(role, error.message);
    });
    connection.on('ready', () => {
      if (lost.delete(role)) logger.info({ redis, connection: role }, 'Redis connection back');
      readySince.set(role, Date.now());
      lastError.delete(role);
    });
    connection.on('close', () => {
      if (readySince.delete(role) && !stopping) {
        lost.add(role);
        logger.error({ redis, connection: role, err: lastError.get(role) }, 'Redis connection lost: retrying; meanwhile messages and state wait or fail, /healthz says unavailable');
      }
    });
    return connection;
  };
  const connections = { state: connect('state'), publish: connect('publish'), subscribe: connect('subscribe') };
  const all = Object.values(connections);

  /**
   * Ends a connection without waiting for Redis. ioredis cannot: quit() and disconnect() on a
   * connection waiting to reconnect cancel the attempt but never end it ('end' is not emitted, its
   * queued commands never settle), and mqemitter-redis' close() waits for that 'end'. With `stopping`
   * set the pending attempt is the last one: it ends the connection whether it succeeds or not.
   */
  const endConnection = (connection: Redis) =>
    new Promise<void>((resolve) => {
      stopping = true;
      if (connection.status === 'end') return resolve();
      connection.once('end', () => resolve());
      if (connection.status === 'ready') connection.quit().catch(() => connection.disconnect());
      else if (connection.status !== 'reconnecting') connection.disconnect();
    });

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(all.map((connection) => connection.connect())),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    const reason = [...lastError.values()][0] ?? (error as Error).message;
    await Promise.all(all.map(endConnection));
    throw new RedisUnreachableError(redis, reason);
  } finally {
    clearTimeout(timer);
  }

  const emitter = mqemitterRedis({
    concurrency: options.concurrency,
    matchEmptyLevels: true,
    pubConn: connections.publish,
    subConn: connections.subscribe,
  });
  // mqemitter-redis re-emits connection errors on `state`, where an unhandled 'error' would throw;
  // they are logged above.
  (emitter as unknown as { state: EventEmitter }).state.on('error', () => undefined);
  // mqemitter-redis' close() waits for an 'end' that does not come while Redis is away: end the
  // connections here, then close the emitter itself (`_close`, mqemitter's close). `closing` mutes
  // its error reports meanwhile.
  const closable = emitter as unknown as { closing: boolean; _close(callback: () => void): void };
  emitter.close = (callback: () => void) => {
    closable.closing = true;
    void Promise.all([connections.publish, connections.subscribe].map(endConnection)).then(() => closable._close(callback));
  };

  limitBacklog(emitter as unknown as Backlogged, connections.subscribe);

  const persistence = new AsyncRedisPersistence({
    conn: connections.state,
    // Queued messages a persistent session gets when it reconnects: all of them (the default, 1001,
    // left the rest until its next reconnect).
    maxSessionDelivery: -1,
  });
  shareConcurrentSubscribes(persistence);
  fixWills(persistence, connections.state, () => {
    const since = ROLES.map((role) => readySince.get(role));
    return since.every((time) => time !== undefined && Date.now() - time >= 3 * options.heartbeatMs);
  });

  return {
    emitter: withFixes(emitter as unknown as Emitter),
    store: {
      persistence: markEndOfRetained(persistence, options.onReadError),
      location: redis,
      healthy: () => all.every((connection) => connection.status === 'ready'),
      close: async () => {
        await endConnection(connections.state);
        await persistence.destroy();
      },
    },
  };
}

/** The part of aedes (internal: not in its types) dropWillsOfMovedClients reads. */
export interface ClientsById {
  clients: Record<string, { will: unknown } | undefined>;
}

/**
 * A client that connects to another broker of the cluster while its connection here is still open
 * (a gateway whose link to this broker broke, failing over before this broker noticed) is alive.
 * aedes closes the connection here as soon as it hears of the new one, and published that
 * connection's last will then: it raced the client's birth at the other broker, and when it came
 * second the gateway's retained state said offline while it was online. Here that will is dropped.
 * Call before Aedes.createBroker: aedes' own listener, which closes the connection, must come after.
 */
export function dropWillsOfMovedClients(mq: mqemitter.MQEmitter, brokerId: string, aedes: () => ClientsById | undefined): void {
  mq.on('$SYS/+/new/clients', (message, done) => {
    const connectedAt = message.topic.split('/')[1];
    const client = aedes()?.clients[String(message.payload as Buffer)];
    if (client && connectedAt !== brokerId) client.will = null;
    done();
  });
}

/** Messages waiting in the emitter for a delivery slot above which the broker takes no more, … */
export const BACKLOG_HIGH = 5000;
/** … until they are down to this many. */
export const BACKLOG_LOW = 1000;

/** What limitBacklog uses of mqemitter-redis: `_emit` hands a message from Redis to the local subscribers. */
export interface Backlogged {
  readonly length: number;
  emit(message: object, callback?: (error?: Error) => void): unknown;
  _emit(message: object, callback?: (error?: Error) => void): unknown;
}

/**
 * Back-pressure, which a cluster loses. Alone, aedes acknowledges a publish (takes the client's next
 * packet) once the emitter has delivered it; with mqemitter-redis, once Redis has it. Publishers are
 * then held back by nothing, messages from Redis pile up in the emitter's queue faster than the
 * deliveries (100 at a time) take them, and the pile starves the deliveries further: flooded with
 * QoS 0 messages, one broker passed 300 messages/s on (40,000 without Redis) with a growing heap,
 * and now passes several thousand (docs/cluster.md). Here, while more than
 * BACKLOG_HIGH wait, this broker stops reading messages from Redis (which buffers them for it, up to
 * its `client-output-buffer-limit pubsub`, beyond which it drops the connection: messages lost, the
 * connection is made again) and holds back the acknowledgements of its own clients' publishes, until
 * BACKLOG_LOW are left.
 */
export function limitBacklog(emitter: Backlogged, subscriber: { readonly stream: { pause(): unknown; resume(): unknown } }): void {
  let held: Array<() => void> | undefined;
  // Unreferenced: a broker that stops with a backlog left must not be kept alive by the check.
  const later = () => setTimeout(relieve, 1).unref();
  const relieve = () => {
    if (emitter.length > BACKLOG_LOW) return void later();
    subscriber.stream.resume();
    const waiting = held ?? [];
    held = undefined;
    for (const release of waiting) release();
  };
  const fromRedis = emitter._emit.bind(emitter);
  emitter._emit = (message, callback) => {
    fromRedis(message, callback);
    if (held === undefined && emitter.length > BACKLOG_HIGH) {
      held = [];
      subscriber.stream.pause();
      later();
    }
    return emitter;
  };
  const toRedis = emitter.emit.bind(emitter);
  emitter.emit = (message, callback) =>
    toRedis(message, (error) => {
      if (held) held.push(() => callback?.(error));
      else callback?.(error);
    });
}

/**
 * aedes 1.2 stores the filters of a persistent session's SUBSCRIBE once per filter, each time all
 * of them (moscajs/aedes#458). aedes-persistence-redis tells the other brokers of each store and
 * waits for its own message to come back, filed under (client, first filter): with two filters or
 * more the waits overwrote each other, all but one never ended, and the SUBACK never went out (the
 * aggregator hung at its first SUBSCRIBE). Here stores of the same filters for the same client while
 * one is in flight share it.
 */
function shareConcurrentSubscribes(persistence: AsyncRedisPersistence): void {
  const addSubscriptions = persistence.addSubscriptions.bind(persistence);
  const inFlight = new Map<string, Promise<unknown>>();
  persistence.addSubscriptions = (client: { id: string }, subscriptions: Array<{ topic: string; qos: number }>) => {
    const key = JSON.stringify([client.id, subscriptions.map(({ topic, qos }) => [topic, qos])]);
    let adding = inFlight.get(key);
    if (!adding) {
      adding = addSubscriptions(client, subscriptions).finally(() => inFlight.delete(key));
      inFlight.set(key, adding);
    }
    return adding;
  };
}

const WILL_LIST = 'will';
/** The brokerId of a will this broker claimed: empty, so that aedes numbers it as its own message. */
const CLAIMED = '';

/**
 * Three faults of aedes 1.2 with aedes-persistence-redis around last wills, which the other brokers
 * of a cluster publish for a broker that died:
 *
 * - A client that connects again left its earlier will behind. aedes' connect calls delWill(client)
 *   to delete it, but the persistence keys wills by (broker id, client id) and finds the broker id on
 *   `client.brokerId`, which a connecting client does not have: nothing was deleted. When the earlier
 *   connection was to a broker that died (a gateway failing over to another broker), a surviving
 *   broker published that stale will seconds to minutes later, after the client's new birth: the
 *   gateway's retained state said offline while it was online. Here a connecting client's wills are
 *   deleted under every broker id; its connection is back, so its earlier will no longer applies.
 * - After Redis was away for more than 3 heartbeats, aedes took every other broker for dead (their
 *   heartbeats did not arrive) and published the wills of all their clients, connected as they were.
 *   Here wills are checked only once this broker's connections have been up for 3 heartbeats
 *   (`heardEveryBroker`): every live broker has beaten since.
 * - Every surviving broker published the wills of a dead one, each once. Here a broker publishes a
 *   will only if it is the one that took it off the list of wills (and deletes it in the same step).
 * - A will kept the dead broker's id, and each broker publishing it numbered it from its own counter:
 *   two deaths from two brokers could carry the same (broker id, counter), which subscribers take
 *   for one message (the second was dropped, cluster.test.ts). Here a will goes out as a message of
 *   the broker that publishes it: aedes numbers a packet whose brokerId and brokerCounter are empty.
 */
function fixWills(persistence: AsyncRedisPersistence, db: Redis, heardEveryBroker: () => boolean): void {
  const delWill = persistence.delWill.bind(persistence);
  persistence.delWill = async (client: WillOwner) => {
    // A will claimed below, already deleted: aedes deletes it once published.
    if (client.brokerId === CLAIMED) return null;
    if (client.brokerId !== undefined) return delWill(client);
    const suffix = `:${encodeURIComponent(client.id)}`;
    const keys = (await db.lrange(WILL_LIST, 0, -1)).filter((key) => key.endsWith(suffix));
    if (keys.length === 0) return null;
    const transaction = db.multi();
    for (const key of keys) transaction.lrem(WILL_LIST, 0, key).del(key);
    await transaction.exec();
    return null;
  };
  const streamWill = persistence.streamWill.bind(persistence);
  async function* claimed(wills: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<unknown> {
    for await (const will of wills) {
      const { brokerId, clientId } = will as { brokerId: string; clientId: string };
      const key = `${WILL_LIST}:${brokerId}:${encodeURIComponent(clientId)}`;
      const [removed] = (await db.multi().lrem(WILL_LIST, 0, key).del(key).exec()) ?? [];
      if (!removed?.[0] && Number(removed?.[1]) > 0) yield { ...(will as object), brokerId: CLAIMED, brokerCounter: 0 };
    }
  }
  persistence.streamWill = (brokers: Record<string, number>) => claimed(heardEveryBroker() ? streamWill(brokers) : []);
}
