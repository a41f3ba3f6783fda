import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BrokerLink } from '@mjl/transport';

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

export interface CliSettings {
  broker: string;
  username?: string | undefined;
  password?: string | undefined;
  ca?: string | undefined;
}

export const DEFAULT_BROKER = 'mqtt://127.0.0.1:1883';

/** Environment variables and the setting each one gives. */
export const SETTINGS_ENV = { MJL_BROKER: 'broker', MJL_USERNAME: 'username', MJL_PASSWORD: 'password', MJL_CA: 'ca' } as const;

/** $XDG_CONFIG_HOME/mjl/config.yaml (or .yml, .json), when it exists. */
export function configFilePath(): string | undefined {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return ['config.yaml', 'config.yml', 'config.json'].map((file) => join(base, 'mjl', file)).find((path) => existsSync(path));
}

const flagSettings = (options: GlobalOptions) => ({ broker: options.broker, username: options.username, password: options.password, ca: options.ca });

/**
 * Flags over environment (MJL_BROKER, …) over the config file over defaults. A config file is read and
 * checked by the one config loader (libs/runtime: YAML and a schema naming every bad key); without a
 * file, flags and environment are plain strings that need neither, and `mjl devices` starts without
 * loading yaml and zod (about 100 ms).
 */
export async function settings(options: GlobalOptions): Promise<CliSettings> {
  const file = configFilePath();
  if (file !== undefined) {
    const { settingsFromFile } = await import('./config-file.js');
    return settingsFromFile(file, flagSettings(options));
  }
  const merged: CliSettings = { broker: DEFAULT_BROKER };
  for (const [variable, key] of Object.entries(SETTINGS_ENV)) {
    const value = process.env[variable];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  for (const [key, value] of Object.entries(flagSettings(options))) {
    if (value !== undefined) merged[key as keyof CliSettings] = value;
  }
  return merged;
}

/** The broker URLs of the settings (comma-separated: failover). */
export function brokerUrls(config: CliSettings): string[] {
  return config.broker
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}

/** Connects to the broker or fails with exit code 2 within the connect timeout (3 s). */
export async function connect(options: GlobalOptions): Promise<BrokerLink> {
  const config = await settings(options);
  const { BrokerLink, BrokerUnreachableError } = await import('@mjl/transport');
  try {
    return await BrokerLink.connect({
      brokers: brokerUrls(config),
      clientId: `mjl-cli-${randomBytes(6).toString('hex')}`,
      username: config.username,
      password: config.password,
      caFile: config.ca,
      connectTimeoutMs: 3000,
    });
  } catch (error) {
    if (error instanceof BrokerUnreachableError) throw new CliError(error.message, EXIT.brokerUnreachable);
    if (error instanceof TypeError) throw new CliError(error.message, EXIT.failed);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && config.ca) throw new CliError(`cannot read the CA file ${config.ca}: no such file`);
    throw error;
  }
}
