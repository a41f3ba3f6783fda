import type { Command } from 'commander';
import { codecs, parseTopic, protocolName, type Codec, type ParsedTopic, type Protocol, type Versioned } from '@mjl/protocol';
import { CliError, connect, type GlobalOptions } from '../context.js';
import { integerOption, onInterrupt } from '../options.js';
import { directionName } from './devices.js';

interface SubOptions {
  raw?: boolean;
  count?: string;
}

/** The codec of each kind of topic (libs/protocol parseTopic). */
const CODECS: Record<Exclude<ParsedTopic['kind'], 'sync'>, Codec<Versioned>> = {
  gatewayState: codecs.gatewayState,
  device: codecs.deviceAnnouncement,
  results: codecs.resultBatch,
  gatewayResults: codecs.gatewayResults,
  logs: codecs.logBatch,
  stream: codecs.streamChunk,
  command: codecs.command,
  replies: codecs.commandReply,
  quorum: codecs.quorumDecision,
  quorumLate: codecs.lateResults,
  aggregatorState: codecs.aggregatorState,
};

const toHex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

const CLOSED_BY = ['unspecified', 'watermark', 'all-voted', 'shutdown'];

/** Enum fields by name, as `mjl devices -o json` shows them. */
const ENUM_NAMES: Record<string, (value: number) => string> = {
  protocol: (value) => protocolName(value as Protocol),
  direction: directionName,
  closedBy: (value) => CLOSED_BY[value] ?? String(value),
};

/** Bytes fields (stream samples) as hex strings, enums by name. */
function jsonReplacer(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value);
  if (key === 'protocols' && Array.isArray(value)) return value.map((item) => protocolName(item as Protocol));
  const name = ENUM_NAMES[key];
  return name && typeof value === 'number' ? name(value) : value;
}

/**
 * One message as one JSON line: {"topic", "type", "message"} decoded by the kind of its topic, or
 * {"topic", "type", "error", "payload"} when it cannot be decoded (never an exception), or with `raw`
 * {"topic", "type", "payload"} as hex. "retained": true marks retained messages.
 */
export function renderMessage(topic: string, payload: Uint8Array, retained: boolean, raw: boolean): string {
  const parsed = parseTopic(topic);
  const line: Record<string, unknown> = { topic };
  const codec = parsed && parsed.kind !== 'sync' ? CODECS[parsed.kind] : undefined;
  line.type = parsed?.kind === 'sync' ? 'SyncMarker' : (codec?.messageType ?? null);
  if (retained) line.retained = true;
  if (raw) {
    line.payload = toHex(payload);
  } else if (parsed?.kind === 'sync') {
    line.message = { marker: Buffer.from(payload).toString('utf8') };
  } else if (!codec) {
    line.error = 'not an mjl topic: payload shown as hex';
    line.payload = toHex(payload);
  } else if (payload.length === 0) {
    line.message = null;
    if (parsed?.kind === 'device' || parsed?.kind === 'gatewayState') line.removed = true;
    else line.error = 'empty payload';
  } else {
    const decoded = codec.decode(payload);
    if (decoded.ok) line.message = decoded.value;
    else {
      line.error = decoded.error.message;
      line.payload = toHex(payload);
    }
  }
  return `${JSON.stringify(line, jsonReplacer)}\n`;
}

export function register(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sub')
    .description('Print every message on the topics matching an MQTT filter, decoded, one JSON object per line')
    .argument('<topic-filter>', "MQTT topic filter, e.g. 'mjl/v1/+/+/results' or 'mjl/v1/#'")
    .option('--raw', 'do not decode: the payload as hex')
    .option('-n, --count <n>', 'exit after this many messages')
    .addHelpText(
      'after',
      `
Each line: {"topic": …, "type": "GatewayResults", "message": {…}}; payloads that cannot be decoded give
{"topic": …, "type": …, "error": "…", "payload": "<hex>"}; bytes are hex strings.
Gateways publish the results of all their devices on mjl/v1/<site>/<gateway>/results (one message per
linger), or, started with --results-topic device, each device's on mjl/v1/<site>/<gateway>/devices/<device>/results.

Examples:
  mjl sub 'mjl/v1/+/+/results'
  mjl sub 'mjl/v1/+/+/devices/+/results'
  mjl sub 'mjl/v1/quorum/#' -n 10
  mjl sub 'mjl/v1/kitchen/#' --raw`,
    )
    .action(async (filter: string, options: SubOptions) => {
      const limit = options.count === undefined ? undefined : integerOption('--count', options.count, 1);
      const link = await connect(globals());
      try {
        let printed = 0;
        let stop: () => void = () => undefined;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        link.onMessage((topic, payload, packet) => {
          if (limit !== undefined && printed >= limit) return;
          process.stdout.write(renderMessage(topic, payload, packet.retain, options.raw === true));
          printed++;
          if (limit !== undefined && printed >= limit) stop();
        });
        const removeInterrupt = onInterrupt(stop);
        try {
          await link.subscribe([filter], 1);
        } catch (error) {
          throw new CliError(`cannot subscribe to ${JSON.stringify(filter)}: ${(error as Error).message}`);
        }
        await stopped;
        removeInterrupt();
      } finally {
        await link.close();
      }
    });
}
