import { Command } from 'commander';
import { BleDriver, GpioDriver, SerialDriver, SimDriver, SIM_DEFAULTS } from '@mjl/drivers';
import { join } from 'node:path';
import { ConfigError, createLogger, loadConfig, SOFTWARE_VERSION, startHealthServer, stopOnSignals } from '@mjl/runtime';
import { GatewayAgent, type DriverFactory } from './agent.js';
import { gatewayConfigSchema, gatewayEnv, type DriverConfig, type GatewayConfig } from './config.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The factory of one configured driver (the `drivers:` list of the config file). */
function driverFactory(driver: DriverConfig): DriverFactory {
  switch (driver.kind) {
    case 'sim':
      return (context) => new SimDriver(context, driver.options);
    case 'ble':
      return (context) => new BleDriver(context, driver.options);
    case 'gpio':
      return (context) => new GpioDriver(context, driver.options);
    case 'serial':
      return (context) => new SerialDriver(context, driver.options);
  }
}

const program = new Command('mjl-gateway')
  .description('The mjl gateway agent: finds local TinyML devices, announces them and streams their results to the broker.')
  .version(SOFTWARE_VERSION)
  .option('--site <name>', 'site this gateway is at (env MJL_SITE)')
  .option('--gateway <name>', 'name of this gateway within its site (env MJL_GATEWAY)')
  .option('--broker <url>', 'broker URL; several, comma-separated or repeated, for failover (env MJL_BROKER, comma-separated)', collect)
  .option('--simulate <spec>', 'simulate devices: service:count:accuracy, e.g. AudioClassifier:3:0.9; repeatable (env MJL_SIMULATE)', collect)
  .option('--seed <n>', 'simulator seed: gateways with the same seed hear the same sounds', String(SIM_DEFAULTS.seed))
  .option('--rate <n>', 'simulated results per second per device')
  .option('--jitter <duration>', 'simulated spread of when devices hear a sound')
  .option('--classes <n>', 'number of simulated classes')
  .option('--keepalive <seconds>', 'MQTT keepalive; the broker declares this gateway dead after 1.5x it')
  .option('--linger <duration>', 'how long results wait to be batched, e.g. 1ms')
  .option('--max-batch <n>', 'most results in one message (default 1000)')
  .option('--results-topic <per>', "'gateway': one message per linger for all devices on mjl/v1/<site>/<gateway>/results (default); 'device': one per device on its own results topic")
  .option('--data-dir <dir>', 'where results wait while the broker is unreachable (default .mjl-data/gateway/<site>-<gateway>; env MJL_GATEWAY_DATA_DIR)')
  .option('--buffer-messages <n>', 'result batches buffered in memory before going to disk (default 1000)')
  .option('--buffer-disk-mb <n>', 'most MiB of results buffered on disk; beyond, the oldest are dropped and counted (default 64)')
  .option('--health-port <port>', 'serve /healthz and Prometheus /metrics on this port (env MJL_GATEWAY_HEALTH_PORT)')
  .option('--health-host <address>', 'address of the health server (default 127.0.0.1)')
  .option('--username <name>', 'broker user (env MJL_USERNAME)')
  .option('--password <secret>', 'broker password (env MJL_PASSWORD)')
  .option('--ca <file>', 'CA certificate for mqtts/wss brokers')
  .option('--config <file>', 'YAML or JSON file with any of these options (env MJL_GATEWAY_CONFIG)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env MJL_LOG_LEVEL)')
  .addHelpText('after', '\nExample:\n  mjl-gateway --site kitchen --gateway pi-1 --broker mqtt://127.0.0.1:1883 --simulate AudioClassifier:3:0.9')
  .action(async (flags: Record<string, string | string[] | undefined>) => {
    let config: GatewayConfig;
    try {
      const { config: file, ...rest } = flags;
      config = loadConfig(gatewayConfigSchema, {
        file: (file as string | undefined) ?? process.env.MJL_GATEWAY_CONFIG,
        env: gatewayEnv,
        flags: rest,
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`mjl-gateway: ${error.message}\n`);
      process.exit(2);
    }
    const logger = createLogger('mjl-gateway', config.logLevel).child({ site: config.site, gateway: config.gateway });
    const drivers: DriverFactory[] = config.drivers.map(driverFactory);
    if (config.simulate.length > 0) {
      const sim = {
        ...SIM_DEFAULTS,
        services: config.simulate,
        seed: config.seed,
        periodUs: Math.round(1_000_000 / config.rate),
        jitterUs: config.jitter,
        classes: config.classes,
      };
      drivers.push((context) => new SimDriver(context, sim));
    }
    if (drivers.length === 0) {
      logger.warn('no drivers configured: nothing to announce (add a drivers: list to the config file, see docs/devices.md, or try --simulate AudioClassifier:3:0.9)');
    }
    const agent = new GatewayAgent(
      {
        site: config.site,
        gateway: config.gateway,
        brokers: config.broker,
        keepaliveS: config.keepalive,
        lingerMs: Math.max(1, Math.round(config.linger / 1000)),
        maxBatch: config.maxBatch,
        resultsTopic: config.resultsTopic,
        outboxDir: join(config.dataDir ?? join('.mjl-data', 'gateway', `${config.site}-${config.gateway}`), 'outbox'),
        outboxMemoryMessages: config.bufferMessages,
        outboxDiskBytes: Math.round(config.bufferDiskMb * 2 ** 20),
        username: config.username,
        password: config.password,
        caFile: config.ca,
      },
      drivers,
      logger,
    );
    await agent.start();
    const health =
      config.healthPort === undefined
        ? undefined
        : await startHealthServer({
            host: config.healthHost,
            port: config.healthPort,
            registry: {
              contentType: agent.metrics.registry.contentType,
              metrics: () => {
                agent.refreshMetrics();
                return agent.metrics.registry.metrics();
              },
            },
            check: () => agent.health(),
          });
    process.stdout.write(`mjl-gateway ${config.site}/${config.gateway} started\n`);
    if (health) process.stdout.write(`mjl-gateway health on ${health.url}\n`);
    stopOnSignals(logger, async () => {
      await agent.stop();
      await health?.close();
    });
  });

await program.parseAsync();
