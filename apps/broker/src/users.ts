import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { nameProblem } from '@mjl/protocol';
import { ConfigError, loadConfig } from '@mjl/runtime';
import { ROLES, type Principal } from './rights.js';

/**
 * scrypt cost of new passwords: N = 2^14, r = 8, p = 1 (16 MiB, ~50-200 ms). Each hash stores its
 * own parameters, so raising these later leaves existing users working. Machine passwords should be
 * generated (`user add` does when none is given), which makes a modest cost no weakness.
 */
export const SCRYPT_COST = { N: 2 ** 14, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

const base64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'expected base64');
const passwordSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    N: z.number().int().min(2).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(64),
    p: z.number().int().min(1).max(16),
    salt: base64,
    hash: base64,
  })
  .strict();
export type PasswordHash = z.output<typeof passwordSchema>;

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
const NAME_RULE = 'a user name is 1-64 letters, digits, _ . @ -, starting with a letter or digit';

const userSchema = z
  .object({
    role: z.enum(ROLES),
    site: z.string().optional(),
    gateway: z.string().optional(),
    password: passwordSchema,
  })
  .strict()
  .superRefine((user, context) => {
    if (user.role !== 'gateway') {
      if (user.site !== undefined || user.gateway !== undefined) {
        context.addIssue({ code: 'custom', message: `site and gateway apply to the gateway role only, not ${user.role}` });
      }
      return;
    }
    if (user.site === undefined) context.addIssue({ code: 'custom', path: ['site'], message: 'a gateway user needs a site' });
    for (const [kind, name] of [['site', user.site], ['gateway', user.gateway]] as const) {
      const problem = name === undefined ? undefined : nameProblem(kind, name);
      if (problem) context.addIssue({ code: 'custom', path: [kind], message: problem });
    }
  });
export type StoredUser = z.output<typeof userSchema>;

const usersFileSchema = z
  .object({
    users: z
      .record(z.string(), userSchema)
      .superRefine((users, context) => {
        for (const name of Object.keys(users)) {
          if (!USER_NAME.test(name)) context.addIssue({ code: 'custom', path: [name], message: NAME_RULE });
        }
      })
      .default({}),
  })
  .strict();
export type UsersFile = z.output<typeof usersFileSchema>;

/** Everything wrong with a user entry (its name included), each naming the field. */
export function userProblems(name: string, user: unknown): string[] {
  const problems: string[] = [];
  if (!USER_NAME.test(name)) problems.push(`${JSON.stringify(name)}: ${NAME_RULE}`);
  const result = userSchema.safeParse(user);
  if (!result.success) problems.push(...result.error.issues.map((issue) => `${issue.path.join('.') || name}: ${issue.message}`));
  return problems;
}

/** Reads and checks a users file (YAML, or JSON when it ends in .json), naming every bad field. */
export function readUsersFile(path: string): UsersFile {
  try {
    return loadConfig(usersFileSchema, { file: path });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`users file ${path}`, error.problems);
    throw error;
  }
}

/** Writes atomically (temporary file, then rename), readable by its owner only. */
export function writeUsersFile(path: string, file: UsersFile): void {
  const text = path.endsWith('.json')
    ? `${JSON.stringify(file, null, 2)}\n`
    : `# mjl-broker users: manage with mjl-broker user add|list|remove (docs/security.md)\n${toYaml(file)}`;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
}

function deriveKey(password: Buffer | string, salt: Buffer, cost: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; Node refuses above maxmem (32 MiB by default).
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, SCRYPT_COST, KEY_BYTES);
  return { algorithm: 'scrypt', ...SCRYPT_COST, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifyPassword(stored: PasswordHash, password: Buffer | string): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await deriveKey(password, Buffer.from(stored.salt, 'base64'), stored, expected.length);
  return timingSafeEqual(actual, expected);
}

/** A random password for a machine: 24 bytes, base64url. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Checks credentials against the users of a file. An unknown user costs as much time as a known
 * one, so that response times do not tell which user names exist.
 */
export class UserDirectory {
  private readonly decoy: Promise<PasswordHash>;

  constructor(readonly file: UsersFile) {
    this.decoy = hashPassword(generatePassword());
  }

  get size(): number {
    return Object.keys(this.file.users).length;
  }

  async authenticate(name: string | undefined, password: Buffer | undefined): Promise<Principal | undefined> {
    // hasOwn: a name such as "constructor" must not find something inherited.
    const user = name !== undefined && Object.hasOwn(this.file.users, name) ? this.file.users[name] : undefined;
    const offered = password ?? Buffer.alloc(0);
    if (!user || name === undefined) {
      await verifyPassword(await this.decoy, offered);
      return undefined;
    }
    if (!(await verifyPassword(user.password, offered))) return undefined;
    return { user: name, role: user.role, site: user.site, gateway: user.gateway };
  }
}
