import { z } from 'zod';
import { ConfigError, loadConfig } from '@mjl/runtime';
import { CliError, DEFAULT_BROKER, SETTINGS_ENV, type CliSettings } from './context.js';

const settingsSchema = z
  .object({
    broker: z.string().min(1).default(DEFAULT_BROKER),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional(),
  })
  .strict();

/** Settings when a config file exists: flags over environment over the file, through the one config loader. */
export function settingsFromFile(file: string, flags: Record<string, string | undefined>): CliSettings {
  try {
    return loadConfig(settingsSchema, { file, env: { ...SETTINGS_ENV }, flags });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}
