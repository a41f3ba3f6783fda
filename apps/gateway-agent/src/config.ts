import { z } from 'zod';
import { nameProblem } from '@mjl/protocol';
import { parseDuration } from '@mjl/quorum';
import { parsedText, textList } from '@mjl/runtime';
import {
  BLE_DEFAULTS,
  GPIO_DEFAULTS,
  MAX_DATA_PINS,
  parseSimulateSpec,
  SERIAL_DEFAULTS,
  SIM_DEFAULTS,
  type BackoffOptions,
  type BleDriverOptions,
  type GpioDriverOptions,
  type SerialDriverOptions,
  type SimOptions,
} from '@mjl/drivers';

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

const simulateSpec = parsedText(parseSimulateSpec);

/** A duration text as milliseconds (defaults are given in ms: zod 4 defaults skip the transform). */
const durationMs = duration.transform((us) => us / 1000);

const reconnect = (defaults: BackoffOptions) =>
  z
    .object({
      initial: durationMs.default(defaults.initialMs),
      max: durationMs.default(defaults.maxMs),
    })
    .strict()
    .refine((value) => value.max >= value.initial, { message: 'max must not be shorter than initial', path: ['max'] })
    .default({ initial: defaults.initialMs, max: defaults.maxMs })
    .transform((value): BackoffOptions => ({ ...defaults, initialMs: value.initial, maxMs: value.max }));

/** A service or device type: it starts the device's name (`<Service>-<8 hex>`, at most 63 characters). */
const serviceName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,53}$/, 'a service or type is 1-54 letters, digits and _, starting with a letter');

/** A BCM GPIO number (the numbers on Raspberry Pi pinout diagrams, not physical pin positions). */
const bcmPin = z.number().int().min(0).max(53, 'a BCM GPIO number is 0 to 53 (the header has 2 to 27)');

const simDriver = z
  .object({
    kind: z.literal('sim'),
    services: textList.pipe(z.array(simulateSpec).min(1, 'at least one service:count:accuracy')),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(SIM_DEFAULTS.seed),
    rate: z.number().positive().max(100_000).default(1_000_000 / SIM_DEFAULTS.periodUs),
    jitter: duration.default(SIM_DEFAULTS.jitterUs),
    classes: z.number().int().min(1).max(1000).default(SIM_DEFAULTS.classes),
  })
  .strict()
  .transform(({ kind, services, seed, rate, jitter, classes }) => ({
    kind,
    options: { ...SIM_DEFAULTS, services, seed, periodUs: Math.round(1_000_000 / rate), jitterUs: jitter, classes } satisfies SimOptions,
  }));

const bleDriver = z
  .object({
    kind: z.literal('ble'),
    peripherals: z
      .array(z.string().regex(/^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/, 'a peripheral is a Bluetooth address such as c0:ff:ee:00:00:01'))
      .default([]),
    connectTimeout: durationMs.default(BLE_DEFAULTS.connectTimeoutMs),
    reconnect: reconnect(BLE_DEFAULTS.reconnect),
    hciDevice: z.number().int().min(0).optional(),
  })
  .strict()
  .transform(({ kind, peripherals, connectTimeout, reconnect, hciDevice }) => ({
    kind,
    options: { peripherals, connectTimeoutMs: connectTimeout, reconnect, hciDevice } satisfies BleDriverOptions,
  }));

const gpioDriver = z
  .object({
    kind: z.literal('gpio'),
    service: serviceName,
    type: serviceName.default(GPIO_DEFAULTS.type),
    strobePin: bcmPin,
    dataPins: z.array(bcmPin).max(MAX_DATA_PINS, `at most ${MAX_DATA_PINS} data pins (256 classes)`).default([]),
    edge: z.enum(['rising', 'falling', 'both']).default(GPIO_DEFAULTS.edge),
    debounce: duration.default(GPIO_DEFAULTS.debounceUs),
    chipLabel: z.string().min(1).optional(),
  })
  .strict()
  .transform(({ kind, service, type, strobePin, dataPins, edge, debounce, chipLabel }) => ({
    kind,
    options: { service, type, strobePin, dataPins, edge, debounceUs: debounce, chipLabel } satisfies GpioDriverOptions,
  }));

const serialDriver = z
  .object({
    kind: z.literal('serial'),
    path: z.string().regex(/^\//, 'an absolute device path such as /dev/ttyACM0 or /dev/serial/by-id/usb-…'),
    baudRate: z.number().int().min(300).max(4_000_000).default(SERIAL_DEFAULTS.baudRate),
    helloInterval: durationMs.default(SERIAL_DEFAULTS.helloIntervalMs),
    reconnect: reconnect(SERIAL_DEFAULTS.reconnect),
  })
  .strict()
  .transform(({ kind, path, baudRate, helloInterval, reconnect }) => ({
    kind,
    options: { path, baudRate, helloIntervalMs: helloInterval, reconnect } satisfies SerialDriverOptions,
  }));

const driverConfig = z.discriminatedUnion('kind', [simDriver, bleDriver, gpioDriver, serialDriver]);

export type DriverConfig = z.output<typeof driverConfig>;

/** Problems that span drivers: pins or ports claimed twice, a second Bluetooth driver. */
function checkDrivers(drivers: DriverConfig[], simulate: unknown[], context: z.RefinementCtx): void {
  const pinOwners = new Map<number, number>();
  const pathOwners = new Map<string, number>();
  const kindIndexes = (kind: DriverConfig['kind']) => drivers.flatMap((driver, index) => (driver.kind === kind ? [index] : []));
  drivers.forEach((driver, index) => {
    // zod runs this check even when a driver failed its own schema: such a driver has no options.
    if (driver.options === undefined) return;
    if (driver.kind === 'gpio') {
      const { strobePin, dataPins } = driver.options;
      [strobePin, ...dataPins].forEach((pin, at) => {
        const owner = pinOwners.get(pin);
        const path = at === 0 ? ['drivers', index, 'strobePin'] : ['drivers', index, 'dataPins', at - 1];
        if (owner === index) context.addIssue({ code: 'custom', message: `BCM ${pin} is used twice by this classifier`, path });
        else if (owner !== undefined) context.addIssue({ code: 'custom', message: `BCM ${pin} is already used by drivers.${owner}`, path });
        pinOwners.set(pin, index);
      });
    }
    if (driver.kind === 'serial') {
      const owner = pathOwners.get(driver.options.path);
      if (owner !== undefined) context.addIssue({ code: 'custom', message: `${driver.options.path} is already used by drivers.${owner}`, path: ['drivers', index, 'path'] });
      pathOwners.set(driver.options.path, index);
    }
  });
  for (const extra of kindIndexes('ble').slice(1)) {
    context.addIssue({ code: 'custom', message: 'one ble driver per gateway: it owns the Bluetooth adapter (list several peripherals in it instead)', path: ['drivers', extra, 'kind'] });
  }
  const sims = kindIndexes('sim');
  for (const extra of sims.slice(1)) {
    context.addIssue({ code: 'custom', message: 'one sim driver per gateway (list several services in it instead)', path: ['drivers', extra, 'kind'] });
  }
  if (sims.length > 0 && simulate.length > 0) {
    context.addIssue({ code: 'custom', message: `simulate is also given by a "kind: sim" driver (drivers.${sims[0]}): use one or the other`, path: ['simulate'] });
  }
}

export const gatewayConfigSchema = z
  .object({
    site: name('site'),
    gateway: name('gateway'),
    broker: textList.default(['mqtt://127.0.0.1:1883']).refine((brokers) => brokers.length > 0, 'at least one broker URL'),
    simulate: textList.pipe(z.array(simulateSpec)).default([]),
    seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(SIM_DEFAULTS.seed),
    rate: z.coerce.number().positive().max(100_000).default(1_000_000 / SIM_DEFAULTS.periodUs),
    jitter: duration.default(SIM_DEFAULTS.jitterUs),
    classes: z.coerce.number().int().min(1).max(1000).default(SIM_DEFAULTS.classes),
    keepalive: z.coerce.number().int().min(1).max(3600).default(5),
    linger: duration.default(1000),
    maxBatch: z.coerce.number().int().min(1).max(100_000).default(1000),
    resultsTopic: z.enum(['gateway', 'device']).default('gateway'),
    /** Outbox (results waiting for the broker) and other state; default .mjl-data/gateway/<site>-<gateway>. */
    dataDir: z.string().min(1).optional(),
    bufferMessages: z.coerce.number().int().min(1).max(10_000_000).default(1000),
    bufferDiskMb: z.coerce.number().min(1).max(1_000_000).default(64),
    healthPort: z.coerce.number().int().min(0).max(65535).optional(),
    healthHost: z.string().min(1).default('127.0.0.1'),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional(),
    logLevel: z.string().optional(),
    /** Device drivers of this gateway (config file only; docs/devices.md). */
    drivers: z.array(driverConfig).default([]),
  })
  .strict()
  .superRefine((config, context) => checkDrivers(config.drivers, config.simulate, context));

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export const gatewayEnv = {
  MJL_SITE: 'site',
  MJL_GATEWAY: 'gateway',
  MJL_BROKER: 'broker',
  MJL_SIMULATE: 'simulate',
  MJL_USERNAME: 'username',
  MJL_PASSWORD: 'password',
  MJL_LOG_LEVEL: 'logLevel',
  MJL_GATEWAY_DATA_DIR: 'dataDir',
  MJL_GATEWAY_HEALTH_PORT: 'healthPort',
} as const;
