import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '@mjl/runtime';
import { BrokerLink, BrokerUnreachableError } from '@mjl/transport';

/** Exit codes of `mjl` (documented in `mjl --help`). */
export const EXIT = { ok: 0, failed: 1, brokerUnreachable: 2 } as const;

/** An error the user can act on: printed without a stack trace, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface GlobalOptions {
  broker?: string;
  username?: string;
  password?: string;
  ca?: string;
  timeout?: string;
}

const settingsSchema = z
  .object({
    broker: z.string().default('mqtt://127.0.0.1:1883'),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional(),
  })
  .strict();

export type CliSettings = z.output<typeof settingsSchema>;

/** $XDG_CONFIG_HOME/mjl/config.yaml (or .json), when it exists. */
export function configFilePath(): string | undefined {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return ['config.yaml', 'config.yml', 'config.json'].map((file) => join(base, 'mjl', file)).find((path) => existsSync(path));
}

/** Flags over environment (MJL_BROKER, …) over the config file over defaults. */
export function settings(options: GlobalOptions): CliSettings {
  return loadConfig(settingsSchema, {
    file: configFilePath(),
    env: { MJL_BROKER: 'broker', MJL_USERNAME: 'username', MJL_PASSWORD: 'password', MJL_CA: 'ca' },
    flags: { broker: options.broker, username: options.username, password: options.password, ca: options.ca },
  });
}

/** Connects to the broker or fails with exit code 2 within the connect timeout (3 s). */
export async function connect(options: GlobalOptions): Promise<BrokerLink> {
  const config = settings(options);
  const brokers = config.broker.split(',').map((url) => url.trim()).filter(Boolean);
  try {
    return await BrokerLink.connect({
      brokers,
      clientId: `mjl-cli-${randomBytes(6).toString('hex')}`,
      username: config.username,
      password: config.password,
      caFile: config.ca,
      connectTimeoutMs: 3000,
    });
  } catch (error) {
    if (error instanceof BrokerUnreachableError) throw new CliError(error.message, EXIT.brokerUnreachable);
    if (error instanceof TypeError) throw new CliError(error.message, EXIT.failed);
    throw error;
  }
}
