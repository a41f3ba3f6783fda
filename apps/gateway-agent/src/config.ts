import { z } from 'zod';
import { nameProblem } from '@mjl/protocol';
import { parseDuration } from '@mjl/quorum';
import { parseSimulateSpec, SIM_DEFAULTS } from '@mjl/drivers';

const name = (kind: string) =>
  z.string().superRefine((value, context) => {
    const problem = nameProblem(kind, value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** A duration text ("1ms", "5s") as microseconds. */
const duration = z.union([z.string(), z.number()]).transform((value, context) => {
  try {
    return typeof value === 'number' ? value : parseDuration(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const list = z.union([z.string(), z.array(z.string())]).transform((value) =>
  (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter((item) => item !== ''),
);

const simulateSpec = z.string().transform((value, context) => {
  try {
    return parseSimulateSpec(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export const gatewayConfigSchema = z
  .object({
    site: name('site'),
    gateway: name('gateway'),
    broker: list.default(['mqtt://127.0.0.1:1883']).refine((brokers) => brokers.length > 0, 'at least one broker URL'),
    simulate: list.pipe(z.array(simulateSpec)).default([]),
    seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(SIM_DEFAULTS.seed),
    rate: z.coerce.number().positive().max(100_000).default(1_000_000 / SIM_DEFAULTS.periodUs),
    jitter: duration.default(SIM_DEFAULTS.jitterUs),
    classes: z.coerce.number().int().min(1).max(1000).default(SIM_DEFAULTS.classes),
    keepalive: z.coerce.number().int().min(1).max(3600).default(5),
    linger: duration.default(1000),
    maxBatch: z.coerce.number().int().min(1).max(100_000).default(1000),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional(),
    logLevel: z.string().optional(),
  })
  .strict();

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export const gatewayEnv = {
  MJL_SITE: 'site',
  MJL_GATEWAY: 'gateway',
  MJL_BROKER: 'broker',
  MJL_SIMULATE: 'simulate',
  MJL_USERNAME: 'username',
  MJL_PASSWORD: 'password',
  MJL_LOG_LEVEL: 'logLevel',
} as const;
