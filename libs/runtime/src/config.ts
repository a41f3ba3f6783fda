import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Every problem of a configuration at once, each naming its field and where it came from. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  /** A JSON or YAML file; its keys are the schema's. */
  file?: string | undefined;
  /** Environment variables mapped to keys, e.g. { MJL_BROKER: 'broker' }. */
  env?: Record<string, string>;
  /** Values given on the command line (undefined entries are ignored). */
  flags?: Record<string, unknown>;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(path, [`cannot read the config file: ${(cause as Error).message}`]);
  }
  try {
    const parsed: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be a mapping of keys to values');
    return parsed as Record<string, unknown>;
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw new ConfigError(path, [`cannot parse the config file: ${(cause as Error).message}`]);
  }
}

const defined = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));

/**
 * The one config loader: schema defaults < config file < environment < flags, validated by a
 * zod schema with every bad field reported at once.
 */
export function loadConfig<S extends z.ZodType>(schema: S, sources: ConfigSources): z.output<S> {
  const fromFile = sources.file ? readConfigFile(sources.file) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [variable, key] of Object.entries(sources.env ?? {})) {
    const value = process.env[variable];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const merged = { ...fromFile, ...fromEnv, ...defined(sources.flags ?? {}) };
  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  const where = [sources.file && `file ${sources.file}`, 'environment', 'flags'].filter(Boolean).join(', ');
  throw new ConfigError(
    where,
    result.error.issues.map((issue) => {
      const field = issue.path.join('.') || '(top level)';
      return `${field}: ${issue.message}`;
    }),
  );
}

/** A text field read by `parse` (a duration, a spec): what `parse` throws becomes the field's problem. */
export function parsedText<T>(parse: (text: string) => T) {
  return z.string().transform((value, context) => {
    try {
      return parse(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
}

/** A list given as an array or as comma-separated text, or both (a repeated flag, each comma-separated). */
export const textList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== ''));
