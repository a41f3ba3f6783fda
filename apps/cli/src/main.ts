import { Command, CommanderError } from 'commander';
import { ConfigError, SOFTWARE_VERSION } from '@mjl/runtime';
import { CliError, EXIT, type GlobalOptions } from './context.js';
import { registerDevices } from './commands/devices.js';
import { registerServices } from './commands/services.js';

const program = new Command('mjl')
  .description('mjl: see and debug a fleet of TinyML devices across sites, from any machine on the network.')
  .version(SOFTWARE_VERSION)
  .option('--broker <url>', 'broker URL(s), comma-separated: mqtt://, mqtts://, ws://, wss:// (env MJL_BROKER; default mqtt://127.0.0.1:1883)')
  .option('--username <name>', 'broker user (env MJL_USERNAME)')
  .option('--password <secret>', 'broker password (env MJL_PASSWORD)')
  .option('--ca <file>', 'CA certificate for mqtts/wss brokers (env MJL_CA)')
  .showHelpAfterError()
  .exitOverride()
  .addHelpText(
    'after',
    `
Settings: flags, then environment (MJL_BROKER, MJL_USERNAME, MJL_PASSWORD, MJL_CA), then
$XDG_CONFIG_HOME/mjl/config.yaml (keys: broker, username, password, ca).

Exit codes: 0 success, 1 the request failed (bad usage, unknown device, ...), 2 the broker is unreachable.`,
  );

const globals = () => program.opts<GlobalOptions>();
registerServices(program, globals);
registerDevices(program, globals);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof CliError || error instanceof ConfigError) {
    process.stderr.write(`mjl: ${error.message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : EXIT.failed);
  }
  throw error;
}
