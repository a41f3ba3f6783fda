import { CommanderError } from 'commander';
import { CliError, EXIT } from './context.js';
import { buildProgram } from './program.js';

// `mjl devices | head`: the reader went away; nothing left to say, and no stack trace either.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

const args = process.argv.slice(2);
const program = await buildProgram(args);
try {
  await program.parseAsync(args, { from: 'user' });
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof CliError) {
    process.stderr.write(`mjl: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write('mjl: unexpected error (a bug; please report it with this output):\n');
  throw error;
}
process.exitCode ??= EXIT.ok;
