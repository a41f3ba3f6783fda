/** TypeScript shapes of the messages in proto/mjl.proto (decoded with longs as numbers). */

export const SCHEMA_VERSION = 1;

export const Protocol = { UNSPECIFIED: 0, GPIO: 1, BLE: 2, SERIAL: 3 } as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

export const Direction = { UNSPECIFIED: 0, INPUT: 1, OUTPUT: 2, LOG: 3 } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

export const ClosedBy = { UNSPECIFIED: 0, WATERMARK: 1, ALL_VOTED: 2, SHUTDOWN: 3 } as const;
export type ClosedBy = (typeof ClosedBy)[keyof typeof ClosedBy];

const protocolNames: Record<Protocol, string> = { 0: 'Unspecified', 1: 'GPIO', 2: 'BLE', 3: 'Serial' };

/** Display name of a protocol as users type it: GPIO, BLE, Serial. */
export function protocolName(protocol: Protocol): string {
  return protocolNames[protocol] ?? `Protocol(${protocol})`;
}

/** Parses a protocol name case-insensitively ("gpio", "BLE", "serial"); undefined when unknown. */
export function parseProtocol(name: string): Protocol | undefined {
  const wanted = name.trim().toLowerCase();
  for (const [value, display] of Object.entries(protocolNames)) {
    if (value !== '0' && display.toLowerCase() === wanted) return Number(value) as Protocol;
  }
  return undefined;
}

export interface Versioned {
  schemaVersion: number;
}

export interface GatewayState extends Versioned {
  online: boolean;
  site: string;
  gateway: string;
  softwareVersion: string;
  birthSeq: number;
  timestampUs: number;
  keepaliveS: number;
}

export interface BleAddress {
  serviceUuid: string;
  characteristicUuid: string;
  peripheral: string;
}

export interface GpioAddress {
  strobePin: number;
  dataPins: number[];
}

export interface SerialAddress {
  path: string;
  baudRate: number;
}

export interface StreamInfo {
  id: string;
  direction: Direction;
  protocol: Protocol;
  ble?: BleAddress | null;
  gpio?: GpioAddress | null;
  serial?: SerialAddress | null;
}

export interface DeviceAnnouncement extends Versioned {
  name: string;
  service: string;
  type: string;
  protocols: Protocol[];
  site: string;
  gateway: string;
  /** Empty when the device is attached directly to its gateway. */
  parent: string;
  streams: StreamInfo[];
  sinceUs: number;
  driver: string;
  online: boolean;
}

export interface ResultBatch extends Versioned {
  device: string;
  service: string;
  /** The publishing gateway's birth sequence: sequence numbers are unique within it. */
  session: number;
  firstSeq: number;
  timestampsUs: number[];
  values: number[];
}

/** The result batches of several devices of one gateway (mjl/v1/<site>/<gateway>/results). */
export interface GatewayResults extends Versioned {
  /** Each as on a device's results topic; their own schemaVersion may be 0 (the message's covers them). */
  batches: Outgoing<ResultBatch>[];
}

export interface LogLine {
  timestampUs: number;
  level: string;
  text: string;
}

export interface LogBatch extends Versioned {
  device: string;
  lines: LogLine[];
}

export interface StreamSample {
  timestampUs: number;
  data: Uint8Array;
}

export interface StreamChunk extends Versioned {
  device: string;
  stream: string;
  seq: number;
  samples: StreamSample[];
  end: boolean;
  error: string;
}

export interface StartInspection {
  device: string;
  protocol: Protocol;
  durationMs: number;
}

export interface FetchLogs {
  device: string;
  /** Only lines at or after this time; 0: every line the gateway keeps. */
  sinceUs: number;
}

export interface Command extends Versioned {
  correlationId: string;
  replyTo: string;
  startInspection?: StartInspection | null;
  stopInspection?: { device: string } | null;
  ping?: Record<string, never> | null;
  fetchLogs?: FetchLogs | null;
}

export interface InspectionStarted {
  device: string;
  chain: string[];
  streams: StreamInfo[];
  streamTopicPrefix: string;
}

export interface LogsFetched {
  device: string;
  /** Oldest first. */
  lines: LogLine[];
  /** When the gateway has dropped older lines, the time of the oldest it keeps; 0 when it has every line since it started. */
  keptSinceUs: number;
}

export interface CommandReply extends Versioned {
  correlationId: string;
  ok: boolean;
  error: string;
  inspectionStarted?: InspectionStarted | null;
  logsFetched?: LogsFetched | null;
}

export interface QuorumDecision extends Versioned {
  service: string;
  windowStartUs: number;
  windowUs: number;
  decided: boolean;
  value: number;
  voters: number;
  votesForValue: number;
  denominator: number;
  closedBy: ClosedBy;
  decidedAtUs: number;
}

export interface LateResults extends Versioned {
  service: string;
  device: string;
  timestampsUs: number[];
  values: number[];
}

export interface AggregatorState extends Versioned {
  online: boolean;
  instance: string;
  softwareVersion: string;
  timestampUs: number;
}

/** A message as callers build it: the codec stamps the schema version. */
export type Outgoing<T extends Versioned> = Omit<T, 'schemaVersion'> & { schemaVersion?: number };
