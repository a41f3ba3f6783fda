import { Command } from 'commander';
import { BleDriver, GpioDriver, SerialDriver, SimDriver, SIM_DEFAULTS } from '@mjl/drivers';
import { ConfigError, createLogger, loadConfig, SOFTWARE_VERSION, stopOnSignals } from '@mjl/runtime';
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
  .option('--broker <url>', 'broker URL; repeat for failover (env MJL_BROKER, comma-separated)', collect)
  .option('--simulate <spec>', 'simulate devices: service:count:accuracy, e.g. AudioClassifier:3:0.9; repeatable (env MJL_SIMULATE)', collect)
  .option('--seed <n>', 'simulator seed: gateways with the same seed hear the same sounds', String(SIM_DEFAULTS.seed))
  .option('--rate <n>', 'simulated results per second per device')
  .option('--jitter <duration>', 'simulated spread of when devices hear a sound')
  .option('--classes <n>', 'number of simulated classes')
  .option('--keepalive <seconds>', 'MQTT keepalive; the broker declares this gateway dead after 1.5x it')
  .option('--linger <duration>', 'how long results wait to be batched, e.g. 1ms')
  .option('--max-batch <n>', 'most results in one message')
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
        username: config.username,
        password: config.password,
        caFile: config.ca,
      },
      drivers,
      logger,
    );
    await agent.start();
    process.stdout.write(`mjl-gateway ${config.site}/${config.gateway} started\n`);
    stopOnSignals(logger, () => agent.stop());
  });

await program.parseAsync();
