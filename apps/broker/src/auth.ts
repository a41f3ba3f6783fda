import type { AedesOptions, AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import type { Logger } from '@mjl/runtime';
import { publishProblem, topicProblem, type Limits } from './limits.js';
import type { BrokerMetrics, DenialAction } from './metrics.js';
import { mayPublish, maySubscribe, mayUseClientId, rightsOf, type Principal, type TopicRights } from './rights.js';
import type { UserDirectory } from './users.js';

type Hooks = Required<Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>>;
type Will = NonNullable<Parameters<Hooks['preConnect']>[1]['will']>;

interface Session {
  principal: Principal;
  rights: TopicRights;
}

/** Denials logged per connection before the rest are only counted. */
const LOGGED_DENIALS_PER_CLIENT = 20;
const SYS_PREFIX = '$SYS/';

function connectError(returnCode: 2 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/**
 * The broker's admission control, as aedes hooks: logins against the users file, topic rights by
 * role (rights.ts), and the size limits (limits.ts). Without a users file the broker is open: every
 * client may do anything, but the limits still hold.
 */
export class AccessControl {
  private readonly sessions = new WeakMap<Client, Session>();
  private readonly wills = new WeakMap<Client, Will>();
  private readonly loggedDenials = new WeakMap<Client, number>();

  constructor(
    private users: UserDirectory | undefined,
    private readonly limits: Limits,
    private readonly metrics: BrokerMetrics,
    private readonly logger: Logger,
  ) {}

  /** Takes a re-read users file; clients already connected keep the rights they logged in with. */
  replaceUsers(users: UserDirectory): void {
    this.users = users;
  }

  hooks(): Hooks {
    return {
      preConnect: (client, packet, callback) => {
        if (packet.will) this.wills.set(client, packet.will);
        callback(null, true);
      },
      authenticate: (client, username, password, callback) => {
        this.authenticate(client, username, password).then(
          (error) => callback(error ?? null, error === undefined),
          (error: Error) => {
            this.logger.error({ client: client.id, user: username, err: error.message }, 'authentication failed with an error');
            callback(connectError(5, 'not authorized'), false);
          },
        );
      },
      authorizePublish: (client, packet, callback) => callback(this.publishError(client, packet)),
      authorizeSubscribe: (client, subscription, callback) => callback(null, this.allowedSubscription(client, subscription)),
      authorizeForward: (_client, packet) => {
        this.metrics.sent(packet.qos, packet.payload.length);
        return packet;
      },
    };
  }

  private async authenticate(client: Client, username: string | undefined, password: Buffer | undefined): Promise<AuthenticateError | undefined> {
    const will = this.wills.get(client);
    this.wills.delete(client);
    if (will) {
      const limit = publishProblem(this.limits, will.topic, will.payload);
      if (limit) {
        this.metrics.overLimit(limit);
        return this.refuse(client, username, `last will over the ${limit} limit`, connectError(5, 'not authorized'), will.topic);
      }
    }
    const users = this.users;
    if (!users) return undefined;
    const principal = await users.authenticate(username, password);
    if (!principal) {
      this.metrics.denied('connect');
      return this.refuse(client, username, 'bad user name or password', connectError(4, 'bad user name or password'));
    }
    if (!mayUseClientId(principal, client.id)) {
      this.metrics.denied('connect');
      return this.refuse(client, username, "client id of another gateway or role (docs/security.md, client ids)", connectError(2, 'identifier rejected'));
    }
    const session = { principal, rights: rightsOf(principal) };
    if (will && !mayPublish(session.rights, client.id, will.topic)) {
      this.metrics.denied('connect');
      return this.refuse(client, username, 'last will on a topic the user may not publish to', connectError(5, 'not authorized'), will.topic);
    }
    this.sessions.set(client, session);
    this.logger.debug({ client: client.id, user: principal.user, role: principal.role }, 'client authenticated');
    return undefined;
  }

  private refuse(client: Client, user: string | undefined, reason: string, error: AuthenticateError, topic?: string): AuthenticateError {
    this.logger.warn({ client: client.id, user, topic, reason, remote: remoteAddress(client) }, 'connection refused');
    return error;
  }

  /** Called for client publishes and for wills (client null: a will left by an earlier broker run,
   * checked when its client connected). */
  private publishError(client: Client | null, packet: PublishPacket): Error | null {
    if (packet.topic.startsWith(SYS_PREFIX)) return new Error(`${SYS_PREFIX} topics are reserved for the broker`);
    if (!client) return null;
    const payload = packet.payload as Buffer | string;
    const limit = publishProblem(this.limits, packet.topic, payload);
    if (limit) {
      this.metrics.overLimit(limit);
      this.warnLimited(client, { topic: packet.topic.slice(0, 200), limit, bytes: payload.length }, 'publish over a limit: disconnecting the client');
      return new Error(`publish over the ${limit} limit`);
    }
    if (!this.permitted(client, 'publish', packet.topic)) return new Error(`not authorised to publish to ${packet.topic}`);
    this.metrics.received(packet.qos, payload.length);
    return null;
  }

  private allowedSubscription(client: Client, subscription: Subscription): Subscription | null {
    const limit = topicProblem(this.limits, subscription.topic);
    if (limit) {
      this.metrics.overLimit(limit);
      this.warnLimited(client, { topic: subscription.topic.slice(0, 200), limit }, 'subscription over a limit refused');
      return null;
    }
    return this.permitted(client, 'subscribe', subscription.topic) ? subscription : null;
  }

  /** Open broker: anything. With users: what the client's role allows (and nothing without a login). */
  private permitted(client: Client, action: Exclude<DenialAction, 'connect'>, topic: string): boolean {
    if (!this.users) return true;
    const session = this.sessions.get(client);
    const rights = session?.rights;
    const allowed = rights !== undefined && (action === 'publish' ? mayPublish(rights, client.id, topic) : maySubscribe(rights, client.id, topic));
    if (!allowed) {
      this.metrics.denied(action);
      const details = { user: session?.principal.user, role: session?.principal.role, action, topic: topic.slice(0, 200) };
      this.warnLimited(client, details, action === 'publish' ? 'publish denied: disconnecting the client' : 'subscription denied');
    }
    return allowed;
  }

  /** Logs a refusal, up to LOGGED_DENIALS_PER_CLIENT per connection. */
  private warnLimited(client: Client, details: Record<string, unknown>, message: string): void {
    const logged = this.loggedDenials.get(client) ?? 0;
    this.loggedDenials.set(client, logged + 1);
    if (logged < LOGGED_DENIALS_PER_CLIENT) this.logger.warn({ client: client.id, ...details }, message);
    else if (logged === LOGGED_DENIALS_PER_CLIENT) this.logger.warn({ client: client.id }, 'further denials of this connection are only counted');
  }
}

function remoteAddress(client: Client): string | undefined {
  return (client.conn as { remoteAddress?: string }).remoteAddress;
}
