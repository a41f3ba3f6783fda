import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError } from '@mjl/runtime';
import { ROLES } from './rights.js';
import { generatePassword, hashPassword, readUsersFile, userProblems, writeUsersFile, type StoredUser, type UsersFile } from './users.js';

/** Exit codes of `mjl-broker user …`: 0 done, 1 the change could not be made, 2 bad usage or users file. */
class UserCommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

function usersPath(flag: string | undefined): string {
  const path = flag ?? process.env.MJL_BROKER_USERS;
  if (!path) throw new UserCommandError('which users file? Give --users FILE or set MJL_BROKER_USERS', 2);
  return path;
}

function load(path: string, mustExist: boolean): UsersFile {
  if (!existsSync(path)) {
    if (mustExist) throw new UserCommandError(`the users file ${path} does not exist: create it with \`mjl-broker user add\``, 1);
    return { users: {} };
  }
  return readUsersFile(path);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Runs a subcommand, turning its errors into a message on stderr and an exit code. */
function run<A extends unknown[]>(action: (...args: A) => Promise<void> | void) {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof UserCommandError || error instanceof ConfigError) {
        process.stderr.write(`mjl-broker user: ${error.message}\n`);
        process.exitCode = error instanceof ConfigError ? 2 : error.exitCode;
        return;
      }
      throw error;
    }
  };
}

const reloadHint = 'a running mjl-broker loads the change on SIGHUP (kill -HUP <pid>) or restart';

interface AddFlags {
  role: StoredUser['role'];
  site?: string;
  gateway?: string;
  password?: string;
  passwordStdin?: boolean;
  replace?: boolean;
  users?: string;
}

async function addUser(name: string, flags: AddFlags): Promise<void> {
  const path = usersPath(flags.users);
  const file = load(path, false);
  if (Object.hasOwn(file.users, name) && !flags.replace) {
    throw new UserCommandError(`user ${name} already exists in ${path}: add --replace to change it, or remove it first`, 1);
  }
  if (flags.password !== undefined && flags.passwordStdin) throw new UserCommandError('give --password or --password-stdin, not both', 2);
  let password = flags.passwordStdin ? await readStdin() : flags.password;
  const generated = password === undefined;
  password ??= generatePassword();
  if (password.length === 0) throw new UserCommandError('the password is empty', 2);
  const user: StoredUser = { role: flags.role, password: await hashPassword(password) };
  if (flags.site !== undefined) user.site = flags.site;
  if (flags.gateway !== undefined) user.gateway = flags.gateway;
  const problems = userProblems(name, user);
  if (problems.length > 0) throw new UserCommandError(`cannot add ${name}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 2);
  writeUsersFile(path, { users: { ...file.users, [name]: user } });
  const scope = user.role === 'gateway' ? ` at site ${user.site}${user.gateway ? `, gateway ${user.gateway}` : ', any gateway'}` : '';
  process.stderr.write(`${flags.replace ? 'set' : 'added'} user ${name} (${user.role}${scope}) in ${path}; ${reloadHint}\n`);
  if (generated) {
    process.stderr.write('generated password (shown only now):\n');
    process.stdout.write(`${password}\n`);
  }
}

function listUsers(flags: { users?: string; output: string }): void {
  const path = usersPath(flags.users);
  const rows = Object.entries(load(path, true).users).map(([name, user]) => ({
    name,
    role: user.role,
    site: user.site ?? '',
    gateway: user.role === 'gateway' ? (user.gateway ?? '*') : '',
  }));
  if (flags.output === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const header = { name: 'NAME', role: 'ROLE', site: 'SITE', gateway: 'GATEWAY' };
  const columns = ['name', 'role', 'site', 'gateway'] as const;
  const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  for (const row of [header, ...rows]) {
    process.stdout.write(`${columns.map((column, i) => row[column].padEnd((widths[i] ?? 0) + 3)).join('').trimEnd()}\n`);
  }
}

function removeUser(name: string, flags: { users?: string }): void {
  const path = usersPath(flags.users);
  const file = load(path, true);
  if (!Object.hasOwn(file.users, name)) throw new UserCommandError(`there is no user ${name} in ${path}`, 1);
  const { [name]: _removed, ...rest } = file.users;
  writeUsersFile(path, { users: rest });
  process.stderr.write(`removed user ${name} from ${path}; ${reloadHint} (connected clients stay connected until they reconnect)\n`);
}

const usersOption = () => new Option('--users <file>', 'the users file, YAML or JSON by its extension (env MJL_BROKER_USERS)');

/** `mjl-broker user add|list|remove`: manages the users file (docs/security.md). */
export function userCommand(): Command {
  const user = new Command('user').description('manage the users file: who may connect, with which role');
  user
    .command('add <name>')
    .description('add a user (a random password is generated and printed when none is given)')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLES).makeOptionMandatory())
    .option('--site <site>', 'gateway role: the site it belongs to (required)')
    .option('--gateway <gateway>', 'gateway role: its gateway name (default: any gateway of the site)')
    .option('--password <secret>', 'the password (visible in the process list and shell history: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--replace', 'change the user if it exists')
    .addOption(usersOption())
    .addHelpText('after', '\nExamples:\n  mjl-broker user add pi-1 --role gateway --site kitchen --gateway pi-1 --users users.yaml\n  printf %s "$SECRET" | mjl-broker user add grafana --role viewer --password-stdin --users users.yaml')
    .action(run(addUser));
  user
    .command('list')
    .description('list the users and their roles')
    .addOption(new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addOption(usersOption())
    .action(run(listUsers));
  user
    .command('remove <name>')
    .description('remove a user')
    .addOption(usersOption())
    .action(run(removeUser));
  return user;
}
