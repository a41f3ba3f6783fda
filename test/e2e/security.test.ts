import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIds } from '@mjl/protocol';
import { BrokerLink, type LinkOptions } from '@mjl/transport';
import { BIN, eventually, sleep, Stack, type AppProcess } from '../src/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'mjl-security-'));

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { cwd: dir, input, encoding: 'utf8' });
  if (result.error) throw new Error(`${command} failed to run (${result.error.message}); apt-get install openssl?`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** A throwaway CA and a broker certificate it signed, for 127.0.0.1 and localhost. */
function makeCertificates(): { ca: string; cert: string; key: string } {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('openssl', ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=mjl test CA']);
  run('openssl', ['req', ...ec, '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('openssl', ['x509', '-req', '-in', 'broker.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'broker.crt', '-days', '1', '-extfile', 'san.ext']);
  return { ca: join(dir, 'ca.crt'), cert: join(dir, 'broker.crt'), key: join(dir, 'broker.key') };
}

const users = join(dir, 'users.yaml');
const PASSWORDS = { 'pi-1': 'kitchen-secret', 'garage-any': 'garage-secret', agg: 'agg-secret', eve: 'viewer-secret', root: 'admin-secret', late: 'late-secret' } as const;

/** Users made the way an operator makes them: with `mjl-broker user add`. */
function addUsers(): void {
  const add = (name: keyof typeof PASSWORDS, ...args: string[]) =>
    run(process.execPath, [BIN.broker, 'user', 'add', name, ...args, '--password-stdin', '--users', users], `${PASSWORDS[name]}\n`);
  add('pi-1', '--role', 'gateway', '--site', 'kitchen', '--gateway', 'pi-1');
  add('garage-any', '--role', 'gateway', '--site', 'garage');
  add('agg', '--role', 'aggregator');
  add('eve', '--role', 'viewer');
  add('root', '--role', 'admin');
}

describe('broker security', () => {
  const stack = new Stack();
  let broker: AppProcess;
  let certificates: ReturnType<typeof makeCertificates>;
  let tlsUrl = '';
  let healthUrl = '';

  beforeAll(async () => {
    certificates = makeCertificates();
    addUsers();
    broker = await stack.startBroker([
      '--persistence', 'memory',
      '--users', users,
      '--tls-cert', certificates.cert, '--tls-key', certificates.key, '--tls-port', '0',
      '--health-port', '0',
      '--max-payload', '65536',
    ]);
    tlsUrl = (await broker.waitFor(/listening on (mqtts:\/\/\S+)/))[1] as string;
    healthUrl = (await broker.waitFor(/health on (http:\/\/\S+)/))[1] as string;
  }, 30_000);

  afterAll(() => stack.stopAll());

  /**
   * Logs in and resolves once connected, or fails with the broker's refusal. BrokerLink.start, not
   * connect: these tests watch `connected` turn false when the broker cuts a client off, and a link
   * made by connect() does not notice that (it drops mqtt.js' own 'close' listener).
   */
  const login = async (user: keyof typeof PASSWORDS | undefined, extra: Partial<LinkOptions> = {}): Promise<BrokerLink> => {
    const link = BrokerLink.start({
      brokers: [stack.brokerUrl],
      clientId: `${user ?? 'anonymous'}-${Math.random().toString(16).slice(2, 8)}`,
      username: user,
      password: user && PASSWORDS[user],
      reconnectPeriodMs: 0,
      ...extra,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        link.once('connect', resolve);
        link.once('error', reject);
        setTimeout(() => reject(new Error('no CONNACK within 3 s')), 3000);
      });
    } catch (error) {
      await link.abort();
      throw error;
    }
    link.on('error', () => undefined);
    return link;
  };

  const metric = async (line: string): Promise<number> => {
    const text = await (await fetch(`${healthUrl}/metrics`)).text();
    const found = text.split('\n').find((row) => row.startsWith(`${line} `));
    return found ? Number(found.split(' ')[1]) : 0;
  };

  /** Publishes and reports whether the broker kept the connection (a denied publish closes it). */
  const publishKeepsConnection = async (link: BrokerLink, topic: string): Promise<boolean> => {
    link.publish(topic, Buffer.from('x'), { qos: 1 }).catch(() => undefined);
    const deadline = Date.now() + 1500;
    while (Date.now() < deadline) {
      if (!link.connected) return false;
      await sleep(50);
    }
    return true;
  };

  it('refuses a wrong password, an unknown user and a missing login', async () => {
    await expect(login('pi-1', { password: 'wrong' })).rejects.toThrow(/bad username or password/i);
    await expect(login(undefined, { username: 'mallory', password: 'x' })).rejects.toThrow(/bad username or password/i);
    await expect(login(undefined)).rejects.toThrow(/bad username or password/i);
    expect(await metric('mjl_broker_auth_denials_total{action="connect"}')).toBeGreaterThanOrEqual(3);
    expect(broker.stderr).toMatch(/"user":"mallory".*connection refused|connection refused.*"user":"mallory"/);
  });

  it('lets a gateway publish under its own prefix only: a cross-site publish is denied, logged and cut off', async () => {
    const watcher = await login('root');
    const seen: string[] = [];
    watcher.onMessage((topic) => seen.push(topic));
    await watcher.subscribe(['mjl/v1/#'], 1);

    const gateway = await login('pi-1', { clientId: clientIds.gateway('kitchen', 'pi-1') });
    await gateway.publish('mjl/v1/kitchen/pi-1/devices/D-1/results', Buffer.from('ok'), { qos: 1 });
    await gateway.publish('mjl/v1/replies/mjl-cli-abc', Buffer.from('reply'), { qos: 1 });
    await gateway.subscribe(['mjl/v1/kitchen/pi-1/cmd'], 1);
    // mqtt.js 5 rejects a refused subscription (granted 128) itself, as "Unspecified error".
    await expect(gateway.subscribe(['mjl/v1/#'], 1)).rejects.toThrow(/refused|unspecified error/i);
    expect(await publishKeepsConnection(gateway, 'mjl/v1/garage/pi-2/devices/D-9/results')).toBe(false);

    await eventually(async () => (broker.stderr.includes('mjl/v1/garage/pi-2/devices/D-9/results') ? true : undefined), 3000);
    const denial = broker.stderr.split('\n').find((line) => line.includes('publish denied'));
    expect(JSON.parse(denial ?? '{}')).toMatchObject({ client: clientIds.gateway('kitchen', 'pi-1'), user: 'pi-1', role: 'gateway', topic: 'mjl/v1/garage/pi-2/devices/D-9/results' });
    await sleep(200);
    expect(seen).toContain('mjl/v1/kitchen/pi-1/devices/D-1/results');
    expect(seen).not.toContain('mjl/v1/garage/pi-2/devices/D-9/results');

    // A site-wide gateway user speaks for any gateway of its site, and no other site.
    const garage = await login('garage-any');
    await garage.publish('mjl/v1/garage/pi-7/state', Buffer.from('up'), { qos: 1 });
    expect(await publishKeepsConnection(garage, 'mjl/v1/kitchen/pi-7/state')).toBe(false);
    expect(await metric('mjl_broker_auth_denials_total{action="publish"}')).toBeGreaterThanOrEqual(2);
    expect(await metric('mjl_broker_auth_denials_total{action="subscribe"}')).toBeGreaterThanOrEqual(1);
    await watcher.close();
  });

  it("refuses the client id of another gateway or of an aggregator, so no login takes over their sessions", async () => {
    const aggregator = await login('agg', { clientId: clientIds.aggregator('main') });
    // A gateway or viewer login with the aggregator's id would replace its connection: refused, and
    // the aggregator stays connected.
    await expect(login('pi-1', { clientId: clientIds.aggregator('main') })).rejects.toThrow(/identifier rejected/i);
    await expect(login('eve', { clientId: clientIds.aggregator('main') })).rejects.toThrow(/identifier rejected/i);
    await expect(login('pi-1', { clientId: clientIds.gateway('kitchen', 'pi-2') })).rejects.toThrow(/identifier rejected/i);
    await expect(login('garage-any', { clientId: clientIds.gateway('kitchen', 'pi-1') })).rejects.toThrow(/identifier rejected/i);
    expect(aggregator.connected).toBe(true);
    const garage = await login('garage-any', { clientId: clientIds.gateway('garage', 'pi-9') });
    expect(garage.connected).toBe(true);
    expect(broker.stderr).toContain('client id of another gateway or role');
    await Promise.all([aggregator.close(), garage.close()]);
  });

  it('refuses a gateway whose last will would land outside its prefix', async () => {
    const will = { topic: 'mjl/v1/garage/pi-2/state', payload: Buffer.from('dead'), qos: 1 as const, retain: true };
    await expect(login('pi-1', { will })).rejects.toThrow(/not authorized/i);
  });

  it('lets a viewer read everything and send commands, but not publish results', async () => {
    const viewer = await login('eve');
    await viewer.subscribeWithSnapshot(['mjl/v1/+/+/devices/+', 'mjl/v1/+/+/state'], 0);
    await viewer.subscribe([`mjl/v1/replies/${viewer.options.clientId}`], 1);
    expect(await publishKeepsConnection(viewer, 'mjl/v1/kitchen/pi-1/cmd')).toBe(true);
    expect(await publishKeepsConnection(viewer, 'mjl/v1/kitchen/pi-1/devices/D-1/results')).toBe(false);
    expect(broker.stderr).toMatch(/"user":"eve","role":"viewer","action":"publish","topic":"mjl\/v1\/kitchen\/pi-1\/devices\/D-1\/results"/);
  });

  it('lets the aggregator read results and write decisions only', async () => {
    const aggregator = await login('agg');
    await aggregator.subscribe(['mjl/v1/+/+/devices/+/results'], 1);
    await aggregator.publish('mjl/v1/quorum/AudioClassifier', Buffer.from('decision'), { qos: 1, retain: true });
    await aggregator.publish('mjl/v1/aggregator/state', Buffer.from('up'), { qos: 1, retain: true });
    expect(await publishKeepsConnection(aggregator, 'mjl/v1/kitchen/pi-1/state')).toBe(false);
  });

  it('serves TLS: a client that trusts the CA connects, one that does not is refused', async () => {
    const trusted = await login('pi-1', { brokers: [tlsUrl], caFile: certificates.ca });
    await trusted.publish('mjl/v1/kitchen/pi-1/state', Buffer.from('up over TLS'), { qos: 1 });
    await trusted.close();
    await expect(login('pi-1', { brokers: [tlsUrl] })).rejects.toThrow(/certificate/i);
  });

  it('disconnects and counts clients over the payload, topic and packet limits, and stays up', async () => {
    const admin = await login('root');
    expect(await publishKeepsConnection(admin, 'mjl/v1/kitchen/pi-1/state')).toBe(true);
    const big = await login('root');
    big.publish('big/payload', Buffer.alloc(65_537), { qos: 0 }).catch(() => undefined);
    await eventually(async () => (big.connected ? undefined : true), 3000);
    const deep = await login('root');
    expect(await publishKeepsConnection(deep, `deep/${'x/'.repeat(20)}end`)).toBe(false);
    await expect(admin.subscribe([`long/${'y'.repeat(2000)}`], 0)).rejects.toThrow(/refused|unspecified error/i);

    // A raw client announcing a 200 MB PUBLISH is cut off from the header, before any body.
    const closedAfterMs = await new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const socket = connectTcp(Number(new URL(stack.brokerUrl).port), '127.0.0.1', () => {
        // CONNECT (MQTT 3.1.1, client id "raw", user root), then a PUBLISH header of 200_000_000 bytes.
        const user = Buffer.from('root');
        const password = Buffer.from(PASSWORDS.root);
        const body = Buffer.concat([
          Buffer.from([0, 4, 77, 81, 84, 84, 4, 0xc2, 0, 30, 0, 3, 114, 97, 119]),
          Buffer.from([0, user.length]), user,
          Buffer.from([0, password.length]), password,
        ]);
        socket.write(Buffer.concat([Buffer.from([0x10, body.length]), body]));
        setTimeout(() => socket.write(Buffer.from([0x30, 0x80, 0x84, 0xaf, 0x5f, 0, 1, 97])), 300);
      });
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(Date.now() - started));
      setTimeout(() => reject(new Error('the broker kept the connection')), 5000);
    });
    expect(closedAfterMs).toBeLessThan(5000);

    expect(await metric('mjl_broker_limit_violations_total{limit="payload"}')).toBe(1);
    expect(await metric('mjl_broker_limit_violations_total{limit="topic_levels"}')).toBe(1);
    expect(await metric('mjl_broker_limit_violations_total{limit="topic_length"}')).toBe(1);
    expect(await metric('mjl_broker_limit_violations_total{limit="frame"}')).toBe(1);
    expect(broker.child.exitCode).toBeNull();
    expect(admin.connected).toBe(true);
    await admin.close();
  });

  it('loads users added while it runs on SIGHUP', async () => {
    await expect(login('late')).rejects.toThrow(/bad username or password/i);
    run(process.execPath, [BIN.broker, 'user', 'add', 'late', '--role', 'viewer', '--password-stdin', '--users', users], `${PASSWORDS.late}\n`);
    broker.kill('SIGHUP');
    const late = await eventually(async () => login('late').catch(() => undefined), 5000, 200);
    await late.close();
    expect(broker.child.exitCode).toBeNull();
  });

  it('reports health and traffic on /healthz and /metrics', async () => {
    const health = await fetch(`${healthUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', persistence: 'memory' });
    expect(await metric('mjl_broker_messages_received_total{qos="1"}')).toBeGreaterThan(0);
    expect(await metric('mjl_broker_messages_sent_total{qos="1"}')).toBeGreaterThan(0);
    expect(await metric('mjl_broker_payload_bytes_received_total')).toBeGreaterThan(0);
    expect(await metric('mjl_broker_clients_connected')).toBeGreaterThanOrEqual(0);
  });
});

describe('an open broker', () => {
  const stack = new Stack();
  afterAll(() => stack.stopAll());

  it('says once that anyone may do anything', async () => {
    const broker = await stack.startBroker(['--persistence', 'memory']);
    const client = await stack.client();
    await client.publish('anything/goes', Buffer.from('x'), { qos: 1 });
    await client.close();
    await sleep(100);
    expect(broker.stderr.match(/the broker is open/g)).toHaveLength(1);
  });
});
