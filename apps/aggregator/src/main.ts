import { Command } from 'commander';
import { z } from 'zod';
import { parseDuration } from '@mjl/quorum';
import { ConfigError, createLogger, loadConfig, parsedText, SOFTWARE_VERSION, startHealthServer, stopOnSignals, textList } from '@mjl/runtime';
import { aggregatorRegistry } from './metrics.js';
import { AggregatorService } from './aggregator.js';

const duration = parsedText(parseDuration);

const schema = z
  .object({
    broker: textList.default(['mqtt://127.0.0.1:1883']),
    window: duration.default(3000),
    // A gateway publishes one batch per device: a batch holding a newer result can arrive before its
    // neighbours' older ones. Early close decides complete windows at once; lateness only delays the rest.
    allowedLateness: duration.default(100_000),
    denominator: z.enum(['voters', 'live']).default('voters'),
    minVoters: z.coerce.number().int().min(1).default(1),
    instance: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - (at most 40)').default('main'),
    dataDir: z.string().min(1).optional(),
    journal: z.boolean().default(true),
    fsync: z.boolean().default(false),
    healthPort: z.coerce.number().int().min(0).max(65535).optional(),
    healthHost: z.string().min(1).default('127.0.0.1'),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional(),
    logLevel: z.string().optional(),
  })
  .strict();

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command('mjl-aggregator')
  .description('The mjl aggregator: majority quorum of results across sites over event-time windows.')
  .version(SOFTWARE_VERSION)
  .option('--broker <url>', 'broker URL; several, comma-separated or repeated, for failover (env MJL_BROKER, comma-separated)', collect)
  .option('--window <duration>', 'tumbling window length, e.g. 3ms, 250us (default 3ms)')
  .option('--allowed-lateness <duration>', 'how long after a gateway\'s newest result its older windows stay open (default 100ms)')
  .option('--denominator <kind>', 'majority of the voters, or of all live devices: voters|live (default voters)')
  .option('--min-voters <n>', 'fewer voters than this: no decision (default 1)')
  .option('--instance <name>', 'name of this aggregator instance: its persistent session and journal (default main)')
  .option('--data-dir <dir>', 'where the journal lives (default .mjl-data/aggregator/<instance>; env MJL_AGGREGATOR_DATA_DIR)')
  .option('--no-journal', 'keep state in memory only: a crash loses open windows')
  .option('--health-port <port>', 'serve /healthz and Prometheus /metrics on this port (env MJL_AGGREGATOR_HEALTH_PORT)')
  .option('--health-host <address>', 'address of the health server (default 127.0.0.1)')
  .option('--fsync', 'fsync every journal write: survive power loss, not only crashes (slower)')
  .option('--username <name>', 'broker user (env MJL_USERNAME)')
  .option('--password <secret>', 'broker password (env MJL_PASSWORD)')
  .option('--ca <file>', 'CA certificate for mqtts/wss brokers')
  .option('--config <file>', 'YAML or JSON file with any of these options (env MJL_AGGREGATOR_CONFIG)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env MJL_LOG_LEVEL)')
  .addHelpText('after', '\nExample:\n  mjl-aggregator --broker mqtt://127.0.0.1:1883 --window 3ms')
  .action(async (flags: Record<string, string | string[] | undefined>) => {
    let config: z.output<typeof schema>;
    try {
      const { config: file, ...rest } = flags;
      config = loadConfig(schema, {
        file: (file as string | undefined) ?? process.env.MJL_AGGREGATOR_CONFIG,
        env: { MJL_AGGREGATOR_HEALTH_PORT: 'healthPort', MJL_AGGREGATOR_DATA_DIR: 'dataDir', MJL_BROKER: 'broker', MJL_USERNAME: 'username', MJL_PASSWORD: 'password', MJL_LOG_LEVEL: 'logLevel' },
        flags: rest,
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`mjl-aggregator: ${error.message}\n`);
      process.exit(2);
    }
    const logger = createLogger('mjl-aggregator', config.logLevel);
    const service = new AggregatorService(
      {
        brokers: config.broker,
        quorum: {
          windowUs: config.window,
          allowedLatenessUs: config.allowedLateness,
          denominator: config.denominator,
          minVoters: config.minVoters,
        },
        instance: config.instance,
        dataDir: config.journal ? (config.dataDir ?? `.mjl-data/aggregator/${config.instance}`) : undefined,
        fsync: config.fsync,
        username: config.username,
        password: config.password,
        caFile: config.ca,
      },
      logger,
    );
    await service.start();
    const health =
      config.healthPort === undefined
        ? undefined
        : await startHealthServer({
            host: config.healthHost,
            port: config.healthPort,
            registry: aggregatorRegistry(() => ({ counters: service.counters, quorum: service.quorumStats(), devicesWithSequenceGaps: service.devicesWithSequenceGaps() })),
            check: () => service.health(),
          });
    process.stdout.write('mjl-aggregator started\n');
    if (health) process.stdout.write(`mjl-aggregator health on ${health.url}\n`);
    // Subscribed to results (after the hand-over): from here on no result is missed.
    void service.ready.then(() => process.stdout.write('mjl-aggregator aggregating\n'));
    stopOnSignals(logger, async () => {
      await service.stop();
      await health?.close();
    });
  });

await program.parseAsync();
