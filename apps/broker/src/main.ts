import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { ConfigError, createLogger, loadConfig, SOFTWARE_VERSION, stopOnSignals } from '@mjl/runtime';
import { startBroker } from './broker.js';

const port = z.coerce.number().int().min(0).max(65535);
const schema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: port.default(1883),
  wsPort: port.optional(),
  logLevel: z.string().optional(),
});

const integer = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

const program = new Command('mjl-broker')
  .description('The mjl MQTT broker (aedes): routes announcements, results and commands of the fleet.')
  .version(SOFTWARE_VERSION)
  .option('--host <address>', 'address to listen on (env MJL_BROKER_HOST)', undefined)
  .option('--port <port>', 'MQTT port; 0 picks a free one (env MJL_BROKER_PORT)', integer)
  .option('--ws-port <port>', 'also serve MQTT over WebSocket on this port (env MJL_BROKER_WS_PORT)', integer)
  .option('--config <file>', 'YAML or JSON file with host, port, wsPort (env MJL_BROKER_CONFIG)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env MJL_LOG_LEVEL)')
  .addHelpText('after', '\nExample:\n  mjl-broker --port 1883 --ws-port 8080')
  .action(async (flags: { host?: string; port?: number; wsPort?: number; config?: string; logLevel?: string }) => {
    let config;
    try {
      config = loadConfig(schema, {
        file: flags.config ?? process.env.MJL_BROKER_CONFIG,
        env: { MJL_BROKER_HOST: 'host', MJL_BROKER_PORT: 'port', MJL_BROKER_WS_PORT: 'wsPort', MJL_LOG_LEVEL: 'logLevel' },
        flags: { host: flags.host, port: flags.port, wsPort: flags.wsPort, logLevel: flags.logLevel },
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`mjl-broker: ${error.message}\n`);
      process.exit(2);
    }
    const logger = createLogger('mjl-broker', config.logLevel);
    const broker = await startBroker(config, logger).catch((error: Error) => {
      process.stderr.write(`mjl-broker: cannot start: ${error.message}\n`);
      process.exit(1);
    });
    // One line on stdout that scripts and tests can wait for.
    process.stdout.write(`mjl-broker listening on mqtt://${config.host}:${broker.port}\n`);
    if (broker.wsPort !== undefined) process.stdout.write(`mjl-broker listening on ws://${config.host}:${broker.wsPort}\n`);
    stopOnSignals(logger, () => broker.stop());
  });

await program.parseAsync();
