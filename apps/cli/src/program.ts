import { createRequire } from 'node:module';
import { Command } from 'commander';
import type { GlobalOptions } from './context.js';

type Register = (program: Command, globals: () => GlobalOptions) => void;

/** One module per command, in the order of `mjl --help`. */
const COMMANDS: Record<string, () => Promise<{ register: Register }>> = {
  services: () => import('./commands/services.js'),
  devices: () => import('./commands/devices.js'),
  inspect: () => import('./commands/inspect.js'),
  inspection: () => import('./commands/inspection.js'),
  logs: () => import('./commands/logs.js'),
  sub: () => import('./commands/sub.js'),
  aggregate: () => import('./commands/aggregate.js'),
  completion: () => import('./commands/completion.js'),
};

// The package's own version: @mjl/runtime's SOFTWARE_VERSION would load pino and yaml (~100 ms) on every start.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

function globalProgram(): Command {
  return new Command('mjl')
    .description('mjl: see and debug a fleet of TinyML devices across sites, from any machine on the network.')
    .version(version)
    .option('--broker <url>', 'broker URL(s), comma-separated: mqtt://, mqtts://, ws://, wss:// (env MJL_BROKER; default mqtt://127.0.0.1:1883)')
    .option('--username <name>', 'broker user (env MJL_USERNAME)')
    .option('--password <secret>', 'broker password (env MJL_PASSWORD)')
    .option('--ca <file>', 'CA certificate for mqtts/wss brokers (env MJL_CA)')
    .option('--timeout <duration>', "how long to wait for a gateway's reply to a command (default 5s)")
    .showHelpAfterError('(mjl --help shows usage and examples)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  mjl services                                         # what the fleet runs
  mjl devices --site kitchen -o wide                   # where each device is, and how it is reached
  mjl inspect --device AudioClassifier-a2a3fb01 --proto GPIO --format pickle
  mjl inspection --service AudioClassifier --duration 10s --quorum --window 3ms
  mjl logs --device MjlDriver-12e21b3c --since 5m -f
  mjl sub 'mjl/v1/+/+/results' -n 5
  mjl aggregate inspections/AudioClassifier/out-9c0db0f2.pickle --quorum --window 3ms
  source <(mjl completion bash)

Settings: flags, then environment (MJL_BROKER, MJL_USERNAME, MJL_PASSWORD, MJL_CA), then
$XDG_CONFIG_HOME/mjl/config.yaml (keys: broker, username, password, ca; default ~/.config/mjl/).

Exit codes: 0 success, 1 the request failed (bad usage, unknown device, device went offline, ...),
2 the broker is unreachable.`,
    );
}

/** The first word of `args` that is neither an option nor a global option's value: the command. */
export function commandWord(program: Command, args: string[]): string | undefined {
  const valued = new Set(program.options.filter((option) => option.required || option.optional).flatMap((option) => [option.short, option.long]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return undefined;
    if (!arg.startsWith('-')) return arg;
    if (valued.has(arg)) i++;
  }
  return undefined;
}

/** `mjl --version` without a command or help: commander prints the version before it looks at any command. */
const asksVersionOnly = (args: string[]) =>
  args.some((arg) => arg === '-V' || arg === '--version') && !args.some((arg) => arg === '-h' || arg === '--help');

/**
 * The program for these command-line arguments. Only the named command's module is loaded (the
 * others' libraries cost startup time), none for `--version`; help, completion and unknown words load
 * them all, so that commander sees (and lists, and suggests from) the whole program.
 */
export async function buildProgram(args?: string[]): Promise<Command> {
  const program = globalProgram();
  const word = args === undefined ? undefined : commandWord(program, args);
  const needed =
    word !== undefined && word !== 'completion' && word in COMMANDS
      ? [word]
      : word === undefined && args !== undefined && asksVersionOnly(args)
        ? []
        : Object.keys(COMMANDS);
  const globals = () => program.opts<GlobalOptions>();
  const modules = await Promise.all(needed.map((name) => (COMMANDS[name] as () => Promise<{ register: Register }>)()));
  for (const module of modules) module.register(program, globals);
  for (const command of program.commands) command.showHelpAfterError(`(mjl ${command.name()} --help shows usage and examples)`);
  return program;
}
