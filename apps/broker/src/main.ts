import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { ConfigError, createLogger, loadConfig, parsedText, SOFTWARE_VERSION, stopOnSignals, type Logger } from '@mjl/runtime';
import { startBroker, type RunningBroker } from './broker.js';
import { DEFAULT_LIMITS } from './limits.js';
import { PERSISTENCE_KINDS } from './persistence.js';
import { parseRedisUrl } from './redis.js';
import { userCommand } from './user-command.js';
import { readUsersFile, UserDirectory } from './users.js';

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().min(1);
const schema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(1883),
    wsPort: port.optional(),
    persistence: z.enum(PERSISTENCE_KINDS).default('level'),
    dataDir: z.string().min(1).default('.mjl-data/broker'),
    redis: parsedText(parseRedisUrl).optional(),
    users: z.string().min(1).optional(),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    tlsPort: port.default(8883),
    tlsHost: z.string().min(1).optional(),
    maxPayload: positive.default(DEFAULT_LIMITS.maxPayloadBytes),
    maxTopicLength: positive.default(DEFAULT_LIMITS.maxTopicBytes),
    maxTopicLevels: positive.max(100, 'at most 100 (aedes cannot route deeper topics)').default(DEFAULT_LIMITS.maxTopicLevels),
    healthPort: port.optional(),
    healthHost: z.string().min(1).optional(),
    logLevel: z.string().optional(),
  })
  .strict()
  .superRefine((config, context) => {
    if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
      context.addIssue({ code: 'custom', path: [config.tlsCert === undefined ? 'tlsCert' : 'tlsKey'], message: 'TLS needs both --tls-cert and --tls-key' });
    }
  });
type BrokerSettings = z.output<typeof schema>;

const integer = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

function settings(flags: Record<string, unknown>): BrokerSettings {
  const { config: file, ...rest } = flags;
  return loadConfig(schema, {
    file: (file as string | undefined) ?? process.env.MJL_BROKER_CONFIG,
    env: {
      MJL_BROKER_HOST: 'host',
      MJL_BROKER_PORT: 'port',
      MJL_BROKER_WS_PORT: 'wsPort',
      MJL_BROKER_PERSISTENCE: 'persistence',
      MJL_BROKER_DATA_DIR: 'dataDir',
      MJL_BROKER_REDIS: 'redis',
      MJL_BROKER_USERS: 'users',
      MJL_BROKER_TLS_CERT: 'tlsCert',
      MJL_BROKER_TLS_KEY: 'tlsKey',
      MJL_BROKER_TLS_PORT: 'tlsPort',
      MJL_BROKER_TLS_HOST: 'tlsHost',
      MJL_BROKER_MAX_PAYLOAD: 'maxPayload',
      MJL_BROKER_HEALTH_PORT: 'healthPort',
      MJL_BROKER_HEALTH_HOST: 'healthHost',
      MJL_LOG_LEVEL: 'logLevel',
    },
    flags: rest,
  });
}

/** SIGHUP re-reads the users file; a bad file keeps the users the broker has. */
function reloadUsersOnHangup(path: string, broker: RunningBroker, logger: Logger): void {
  process.on('SIGHUP', () => {
    try {
      const users = new UserDirectory(readUsersFile(path));
      broker.replaceUsers(users);
      logger.info({ users: users.size, file: path }, 'users file reloaded');
    } catch (error) {
      logger.error({ file: path, err: (error as Error).message }, 'cannot reload the users file: keeping the users loaded before');
    }
  });
}

const program = new Command('mjl-broker')
  .description('The mjl MQTT broker (aedes): routes announcements, results and commands of the fleet.')
  .version(SOFTWARE_VERSION)
  // `user add … --users FILE`: the subcommand's own --users, not the broker's.
  .enablePositionalOptions()
  .option('--host <address>', 'address to listen on (default 127.0.0.1; env MJL_BROKER_HOST)')
  .option('--port <port>', 'MQTT port; 0 picks a free one (default 1883; env MJL_BROKER_PORT)', integer)
  .option('--ws-port <port>', 'also serve MQTT over WebSocket on this port (env MJL_BROKER_WS_PORT)', integer)
  .option('--persistence <kind>', 'where retained messages and sessions live: level (on disk) or memory (default level; env MJL_BROKER_PERSISTENCE)')
  .option('--data-dir <dir>', 'directory of the level persistence (default .mjl-data/broker; env MJL_BROKER_DATA_DIR)')
  .option(
    '--redis <url>',
    'share routing, retained messages, sessions and wills with the other brokers on this Redis (redis:// or rediss://), ' +
      'instead of --persistence and --data-dir; see docs/cluster.md (env MJL_BROKER_REDIS)',
  )
  .option('--users <file>', 'users file (YAML or JSON): require logins and enforce roles (env MJL_BROKER_USERS); see `user add`')
  .option('--tls-cert <file>', 'PEM certificate (chain) for the TLS listener (env MJL_BROKER_TLS_CERT)')
  .option('--tls-key <file>', 'PEM private key for the TLS listener (env MJL_BROKER_TLS_KEY)')
  .option('--tls-port <port>', 'MQTT over TLS port, with --tls-cert and --tls-key (default 8883; env MJL_BROKER_TLS_PORT)', integer)
  .option('--tls-host <address>', 'address of the TLS listener, e.g. 0.0.0.0 while plain MQTT stays on 127.0.0.1 (default: --host; env MJL_BROKER_TLS_HOST)')
  .option('--max-payload <bytes>', `largest PUBLISH payload; bigger ones disconnect the client (default ${DEFAULT_LIMITS.maxPayloadBytes}; env MJL_BROKER_MAX_PAYLOAD)`, integer)
  .option('--max-topic-length <bytes>', `longest topic or filter (default ${DEFAULT_LIMITS.maxTopicBytes})`, integer)
  .option('--max-topic-levels <n>', `most levels in a topic or filter, at most 100 (default ${DEFAULT_LIMITS.maxTopicLevels})`, integer)
  .option('--health-port <port>', 'serve /healthz and Prometheus /metrics over HTTP on this port (default off; env MJL_BROKER_HEALTH_PORT)', integer)
  .option('--health-host <address>', 'address of the health listener (default: --host; env MJL_BROKER_HEALTH_HOST)')
  .option('--config <file>', 'YAML or JSON file with any of these options, camelCase (env MJL_BROKER_CONFIG)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env MJL_LOG_LEVEL)')
  .addHelpText(
    'after',
    '\nExamples:\n  mjl-broker --port 1883 --ws-port 8080\n' +
      '  mjl-broker --host 0.0.0.0 --redis redis://10.0.0.5:6379      # one of several brokers sharing one Redis\n' +
      '  mjl-broker --host 0.0.0.0 --users users.yaml --tls-cert broker.crt --tls-key broker.key --health-port 9464\n' +
      '  mjl-broker user add pi-1 --role gateway --site kitchen --gateway pi-1 --users users.yaml',
  )
  .action(async (flags: Record<string, unknown>) => {
    let config: BrokerSettings;
    let users: UserDirectory | undefined;
    try {
      config = settings(flags);
      if (config.users) users = new UserDirectory(readUsersFile(config.users));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`mjl-broker: ${error.message}\n`);
      process.exit(2);
    }
    const logger = createLogger('mjl-broker', config.logLevel);
    if (users?.size === 0) logger.warn({ file: config.users }, 'the users file has no users: every login will be refused');
    const broker = await startBroker(
      {
        host: config.host,
        port: config.port,
        wsPort: config.wsPort,
        tls:
          config.tlsCert && config.tlsKey
            ? { host: config.tlsHost ?? config.host, port: config.tlsPort, certFile: config.tlsCert, keyFile: config.tlsKey }
            : undefined,
        persistence: config.persistence,
        dataDir: config.dataDir,
        redis: config.redis,
        users,
        limits: { maxPayloadBytes: config.maxPayload, maxTopicBytes: config.maxTopicLength, maxTopicLevels: config.maxTopicLevels },
        health: config.healthPort === undefined ? undefined : { host: config.healthHost ?? config.host, port: config.healthPort },
      },
      logger,
    ).catch((error: Error) => {
      process.stderr.write(`mjl-broker: cannot start: ${error.message}\n`);
      process.exit(1);
    });
    // Lines on stdout that scripts and tests can wait for; the plain MQTT one first.
    process.stdout.write(`mjl-broker listening on mqtt://${config.host}:${broker.port}\n`);
    if (broker.tlsPort !== undefined) process.stdout.write(`mjl-broker listening on mqtts://${config.tlsHost ?? config.host}:${broker.tlsPort}\n`);
    if (broker.wsPort !== undefined) process.stdout.write(`mjl-broker listening on ws://${config.host}:${broker.wsPort}\n`);
    if (broker.healthPort !== undefined) process.stdout.write(`mjl-broker health on http://${config.healthHost ?? config.host}:${broker.healthPort}\n`);
    if (config.users) reloadUsersOnHangup(config.users, broker, logger);
    stopOnSignals(logger, () => broker.stop());
  });

program.addCommand(userCommand());

await program.parseAsync();
