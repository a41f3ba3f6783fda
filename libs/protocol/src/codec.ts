import type { IConversionOptions } from 'protobufjs/minimal.js';
import {
  SCHEMA_VERSION,
  type AggregatorState,
  type Command,
  type CommandReply,
  type DeviceAnnouncement,
  type GatewayResults,
  type GatewayState,
  type LateResults,
  type LogBatch,
  type Outgoing,
  type QuorumDecision,
  type ResultBatch,
  type StreamChunk,
  type Versioned,
} from './messages.js';
import { decodeGatewayResults, encodeGatewayResults } from './results-encoder.js';
import { mjl } from './schema.generated.js';

/** What protobufjs's static code (src/schema.generated.ts) has for each message type. */
interface GeneratedType {
  encode(message: object): { finish(): Uint8Array };
  decode(payload: Uint8Array): object;
  verify(message: object): string | null;
  toObject(message: object, options: IConversionOptions): object;
}

const generated = (mjl as unknown as { v1: Record<string, GeneratedType | undefined> }).v1;

export type DecodeErrorKind = 'malformed' | 'version' | 'invalid';

/** Why a payload could not be read. Decoders return it; they never throw. */
export class DecodeError extends Error {
  constructor(
    readonly kind: DecodeErrorKind,
    readonly messageType: string,
    detail: string,
  ) {
    super(`${messageType}: ${detail}`);
    this.name = 'DecodeError';
  }
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: DecodeError };

export interface Codec<T extends Versioned> {
  readonly messageType: string;
  encode(message: Outgoing<T>): Uint8Array;
  decode(payload: Uint8Array): DecodeResult<T>;
}

const toObjectOptions: IConversionOptions = {
  longs: Number,
  enums: Number,
  bytes: Uint8Array as unknown as IConversionOptions['bytes'],
  defaults: true,
  arrays: true,
};

type Check<T> = (message: T) => string | undefined;

/** A hand-written encoder and reader of one message type, used instead of protobufjs's. */
interface FastPath<T extends Versioned> {
  encode(message: Outgoing<T>): Uint8Array;
  /** The message, or a throw on malformed bytes. */
  read(payload: Uint8Array): T;
}

function makeCodec<T extends Versioned>(messageType: string, check?: Check<T>, fast?: FastPath<T>): Codec<T> {
  const type = generated[messageType];
  if (type === undefined) throw new Error(`no message mjl.v1.${messageType} in proto/mjl.proto`);
  return {
    messageType,
    encode(message) {
      if (fast) return fast.encode(message);
      const withVersion = { ...message, schemaVersion: message.schemaVersion ?? SCHEMA_VERSION };
      const problem = type.verify(withVersion);
      if (problem) throw new TypeError(`cannot encode ${messageType}: ${problem}`);
      return type.encode(withVersion).finish();
    },
    decode(payload) {
      let value: T;
      try {
        // A plain Uint8Array gets protobufjs's bounds-checked Reader: its BufferReader clamps truncated strings.
        value = fast
          ? fast.read(payload)
          : (type.toObject(type.decode(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)), toObjectOptions) as T);
      } catch (cause) {
        return { ok: false, error: new DecodeError('malformed', messageType, (cause as Error).message) };
      }
      if (value.schemaVersion === 0) {
        return { ok: false, error: new DecodeError('version', messageType, 'no schema_version: not an mjl payload') };
      }
      if (value.schemaVersion > SCHEMA_VERSION) {
        return {
          ok: false,
          error: new DecodeError(
            'version',
            messageType,
            `schema_version ${value.schemaVersion} is newer than this software understands (${SCHEMA_VERSION}); upgrade mjl`,
          ),
        };
      }
      const problem = check?.(value);
      if (problem) return { ok: false, error: new DecodeError('invalid', messageType, problem) };
      return { ok: true, value };
    },
  };
}

const required =
  <T>(...fields: (keyof T & string)[]): Check<T> =>
  (message) => {
    const missing = fields.filter((field) => message[field] === '' || message[field] === undefined);
    return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
  };

const sameLength = (a: unknown[], b: unknown[], what: string) =>
  a.length === b.length ? undefined : `${what}: ${a.length} timestamps but ${b.length} values`;

function checkBatch(batch: Outgoing<ResultBatch>): string | undefined {
  if (batch.device === '') return 'missing device';
  return sameLength(batch.timestampsUs, batch.values, 'results');
}

export const codecs = {
  gatewayState: makeCodec<GatewayState>('GatewayState', required('site', 'gateway')),
  deviceAnnouncement: makeCodec<DeviceAnnouncement>(
    'DeviceAnnouncement',
    required('name', 'service', 'site', 'gateway'),
  ),
  resultBatch: makeCodec<ResultBatch>('ResultBatch', checkBatch),
  gatewayResults: makeCodec<GatewayResults>(
    'GatewayResults',
    (message) => {
      for (const [index, batch] of message.batches.entries()) {
        const problem = checkBatch(batch);
        if (problem) return `batch ${index}: ${problem}`;
      }
      return undefined;
    },
    // What protobufjs reads and writes, several times faster (results-encoder.ts).
    { encode: encodeGatewayResults, read: decodeGatewayResults },
  ),
  logBatch: makeCodec<LogBatch>('LogBatch', required('device')),
  streamChunk: makeCodec<StreamChunk>('StreamChunk', required('device', 'stream')),
  command: makeCodec<Command>('Command', (command) => {
    if (command.correlationId === '' || command.replyTo === '') return 'missing correlation_id or reply_to';
    if (!command.startInspection && !command.stopInspection && !command.ping && !command.fetchLogs) return 'no action';
    return undefined;
  }),
  commandReply: makeCodec<CommandReply>('CommandReply', required('correlationId')),
  quorumDecision: makeCodec<QuorumDecision>('QuorumDecision', (decision) => {
    if (decision.service === '') return 'missing service';
    return decision.windowUs > 0 ? undefined : 'window_us must be positive';
  }),
  lateResults: makeCodec<LateResults>('LateResults', (late) => {
    if (late.service === '') return 'missing service';
    return sameLength(late.timestampsUs, late.values, 'late results');
  }),
  aggregatorState: makeCodec<AggregatorState>('AggregatorState', required('instance')),
} as const;
