import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { STREAM_ROWS, secondsFromMicros, type StreamRow } from '@mjl/formats';
import { codecs, Direction, protocolName, topics, type InspectionStarted, type Protocol, type StreamChunk, type StreamInfo } from '@mjl/protocol';
import type { BrokerLink } from '@mjl/transport';
import { CliError, connect, type GlobalOptions } from '../context.js';
import { loadFleet, offlineReason, type Fleet, type FleetDevice } from '../fleet.js';
import { durationOption, onInterrupt, protocolOption, replyTimeoutMs } from '../options.js';
import { plural } from '../output.js';
import { Progress, type ProgressCounts } from '../progress.js';
import { replyTopicOf, sendCommand } from '../request.js';
import { checkFileFormat, extensionOf, OUTPUT_FILE_FORMATS, RowsFile, type OutputFileFormat } from '../row-files.js';
import { unknownName } from '../suggest.js';

interface InspectOptions {
  device: string;
  proto?: string;
  format: string;
  duration: string;
  out?: string;
}

/** After the duration, how long to wait for the gateway's last chunks before closing the files anyway. */
const END_GRACE_MS = 3000;
/** After a device is reported offline on a live gateway, how long to wait for the end chunk carrying why. */
const OFFLINE_GRACE_MS = 2000;

const DIRECTION_WORDS: Record<number, string> = {
  [Direction.UNSPECIFIED]: 'data',
  [Direction.INPUT]: 'input',
  [Direction.OUTPUT]: 'output',
  [Direction.LOG]: 'log',
};

const directionWord = (direction: number) => DIRECTION_WORDS[direction] ?? 'data';
const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** "input", "input and output", "input, output and log". */
function wordList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Where a stream is: streams sharing a place are listed together ("BLE service …"); a member line
 * names each stream within it where the place holds several (BLE characteristics).
 */
export function streamPlace(stream: StreamInfo): { place: string; member?: string } {
  if (stream.ble) return { place: `BLE service ${stream.ble.serviceUuid}`, member: `BLECharacteristic ${stream.ble.characteristicUuid}` };
  if (stream.gpio) return { place: `GPIO strobe pin ${stream.gpio.strobePin}, data pins ${stream.gpio.dataPins.join(',')}` };
  if (stream.serial) return { place: `Serial ${stream.serial.path} @ ${stream.serial.baudRate}` };
  return { place: `${protocolName(stream.protocol)} stream ${stream.id}` };
}

/**
 * The files of a device's streams: inspections/<device>/<first 8 hex of the stream id>.<ext>, under
 * `outDir`; the whole id for streams whose first 8 characters are not unique.
 */
export function streamFilePaths(outDir: string | undefined, device: string, streams: StreamInfo[], format: OutputFileFormat): string[] {
  const short = streams.map((stream) => stream.id.slice(0, 8));
  return streams.map((stream, index) => {
    const unique = short.indexOf(short[index] as string) === short.lastIndexOf(short[index] as string);
    return join(outDir ?? '', 'inspections', device, `${unique ? short[index] : stream.id}${extensionOf(format)}`);
  });
}

/** The discovery chain and stream addresses, as `mjl inspect` prints them before streaming. */
export function renderInspectionStart(started: InspectionStarted, paths: string[]): string {
  const device = started.device;
  const parents = started.chain.filter((name) => name !== device);
  const lines = [`> Discovering ${device}${[...parents].reverse().map((parent) => ` > Found through ${parent}`).join('')}`];
  for (const hop of parents.length > 0 ? parents : [device]) lines.push(`> Connecting to ${hop}`);
  lines.push(`> Inspecting ${device}`);
  const places = new Map<string, StreamInfo[]>();
  for (const stream of started.streams) {
    const { place } = streamPlace(stream);
    places.set(place, [...(places.get(place) ?? []), stream]);
  }
  for (const [place, streams] of places) {
    const directions = [...new Set(streams.map((stream) => directionWord(stream.direction)))];
    lines.push(`> Found ${wordList(directions)} stream at ${place}`);
    for (const stream of streams) {
      const { member } = streamPlace(stream);
      if (member !== undefined) lines.push(`   > ${capitalized(directionWord(stream.direction))} ${member}`);
    }
  }
  for (const path of paths) lines.push(`Writing binary stream to ${path}`);
  return `${lines.join('\n')}\n`;
}

/** One stream being written: its file, the next chunk sequence number expected, whether it ended. */
interface StreamFile {
  info: StreamInfo;
  file: RowsFile<StreamRow>;
  nextSeq: number;
  ended: boolean;
}

type Outcome = { ok: true; stoppedBy: 'end' | 'deadline' | 'interrupt' } | { ok: false; error: string };

/** One run of `mjl inspect`: ask the gateway, write each stream's chunks to its file until the end. */
class StreamInspection {
  private readonly counts: ProgressCounts = { messages: 0, bytes: 0 };
  private readonly early: StreamChunk[] = [];
  private readonly streams = new Map<string, StreamFile>();
  private lostChunks = 0;
  private finish: (outcome: Outcome) => void = () => undefined;
  private readonly outcome = new Promise<Outcome>((resolve) => (this.finish = resolve));
  private offlineTimer: NodeJS.Timeout | undefined;
  /** Set once the files are complete: chunks still arriving before the link closes are ignored. */
  private done = false;

  constructor(
    private readonly link: BrokerLink,
    private readonly device: FleetDevice,
    private readonly options: { format: OutputFileFormat; durationMs: number; out: string | undefined; protocol: Protocol; replyTimeoutMs: number },
  ) {}

  private get streamPrefix(): string {
    return topics.streamPrefix(this.device.site, this.device.gateway, this.device.name);
  }

  async run(): Promise<void> {
    const { link, device } = this;
    link.onMessage((topic, payload) => {
      if (this.done || !topic.startsWith(`${this.streamPrefix}/`)) return;
      this.counts.messages++;
      this.counts.bytes += payload.length;
      const decoded = codecs.streamChunk.decode(payload);
      if (!decoded.ok) return;
      if (this.streams.size === 0) this.early.push(decoded.value);
      else this.onChunk(decoded.value);
    });
    await link.subscribe([replyTopicOf(link), `${this.streamPrefix}/+`], 1);
    const target = { site: device.site, gateway: device.gateway };
    const reply = await sendCommand(
      link,
      target,
      { startInspection: { device: device.name, protocol: this.options.protocol, durationMs: this.options.durationMs } },
      this.options.replyTimeoutMs,
    );
    const started = reply.inspectionStarted;
    if (!started) throw new CliError(`gateway ${device.gateway} at ${device.site} did not start the inspection (its reply has no streams)`);
    if (started.streams.length === 0) throw new CliError(`device ${device.name} announces no streams to inspect`);

    const paths = streamFilePaths(this.options.out, device.name, started.streams, this.options.format);
    started.streams.forEach((info, index) => {
      const file = new RowsFile(paths[index] as string, this.options.format, STREAM_ROWS);
      this.streams.set(info.id, { info, file, nextSeq: 0, ended: false });
    });
    process.stdout.write(renderInspectionStart(started, paths));
    for (const chunk of this.early.splice(0)) this.onChunk(chunk);

    const progress = new Progress(this.counts, this.options.durationMs);
    const deadline = setTimeout(() => this.finish({ ok: true, stoppedBy: 'deadline' }), this.options.durationMs + END_GRACE_MS);
    const removeInterrupt = onInterrupt(() => this.finish({ ok: true, stoppedBy: 'interrupt' }));
    const outcome = await this.outcome;
    this.done = true;
    clearTimeout(deadline);
    clearTimeout(this.offlineTimer);
    removeInterrupt();
    progress.stop();
    if (outcome.ok && outcome.stoppedBy === 'interrupt') {
      await sendCommand(link, target, { stopInspection: { device: device.name } }, 1000).catch(() => undefined);
    }
    for (const stream of this.streams.values()) stream.file.finish();
    if (this.lostChunks > 0) {
      process.stderr.write(`mjl: ${plural(this.lostChunks, 'stream chunk')} were lost on the way (stream chunks travel at QoS 0)\n`);
    }
    if (!outcome.ok) {
      const kept = [...this.streams.values()].map((stream) => `${stream.file.path} (${plural(stream.file.rowCount, 'row')})`);
      throw new CliError(`${outcome.error}\nPartial files kept, complete and loadable up to then:\n  ${kept.join('\n  ')}`);
    }
    for (const stream of this.streams.values()) {
      process.stdout.write(`Wrote ${plural(stream.file.rowCount, 'row')} to ${stream.file.path}\n`);
    }
  }

  private onChunk(chunk: StreamChunk): void {
    const stream = this.streams.get(chunk.stream);
    if (!stream || stream.ended) return;
    if (chunk.seq > stream.nextSeq) this.lostChunks += chunk.seq - stream.nextSeq;
    stream.nextSeq = Math.max(stream.nextSeq, chunk.seq + 1);
    for (const sample of chunk.samples) stream.file.row([secondsFromMicros(sample.timestampUs), sample.data]);
    if (!chunk.end) return;
    stream.ended = true;
    if (chunk.error !== '') this.finish({ ok: false, error: `inspection of ${this.device.name} ended early: ${chunk.error}` });
    else if ([...this.streams.values()].every((other) => other.ended)) this.finish({ ok: true, stoppedBy: 'end' });
  }

  /** The fleet changed: a dead gateway sends no end chunk, so its death ends the inspection here. */
  onFleetChange(fleet: Fleet): void {
    const now = fleet.device(this.device.name);
    if (this.done || !now || now.status === 'online' || this.streams.size === 0) return;
    const gateway = fleet.gateway(this.device.site, this.device.gateway);
    const error = `device ${this.device.name} went offline during the inspection: ${offlineReason(fleet, now) ?? 'offline'}`;
    if (gateway?.online !== true) this.finish({ ok: false, error });
    else this.offlineTimer ??= setTimeout(() => this.finish({ ok: false, error }), OFFLINE_GRACE_MS);
  }
}

export function register(program: Command, globals: () => GlobalOptions): void {
  program
    .command('inspect')
    .description("Record a device's raw input and output streams to files, through its gateway")
    .requiredOption('--device <name>', 'the device to inspect (see `mjl devices`)')
    .option('--proto <protocol>', 'GPIO, BLE or Serial: the protocol the device must speak')
    .addOption(new Option('--format <format>', 'file format').choices(OUTPUT_FILE_FORMATS).default('pickle'))
    .option('--duration <duration>', 'how long to record, e.g. 10s, 2m (Ctrl-C stops earlier)', '10s')
    .option('--out <dir>', 'write inspections/<device>/ under this directory (default: the current one)')
    .addHelpText(
      'after',
      `
Files: inspections/<device>/<first 8 hex of the stream id>.<format>, one per stream, with rows
(seconds since the epoch as a float, bytes). In Python: pickle.load(open(path, "rb")).

Examples:
  mjl inspect --device AudioClassifier-a2a3fb01 --proto GPIO --format pickle
  mjl inspect --device MjlDriver-12e21b3c --duration 1m --format csv --out /tmp`,
    )
    .action(async (options: InspectOptions) => {
      const format = checkFileFormat(options.format);
      const durationUs = durationOption('--duration', options.duration);
      if (durationUs > 0xffffffff * 1000) throw new CliError('--duration: at most 49 days');
      const protocol: Protocol = options.proto === undefined ? 0 : protocolOption(options.proto);
      const global = globals();
      const timeoutMs = replyTimeoutMs(global);
      const link = await connect(global);
      try {
        let inspection: StreamInspection | undefined;
        const fleet = await loadFleet(link, (changed) => inspection?.onFleetChange(changed));
        const device = fleet.device(options.device);
        if (!device) throw new CliError(unknownName('device', options.device, fleet.deviceNames()));
        if (protocol !== 0 && !device.protocols.includes(protocolName(protocol))) {
          throw new CliError(`device ${device.name} does not speak ${protocolName(protocol)}; it speaks ${device.protocols.join(', ') || 'no protocol'}`);
        }
        const offline = offlineReason(fleet, device);
        if (offline) throw new CliError(`device ${device.name} is offline: ${offline}`);
        // The fleet subscription stays: it is how a gateway's death (its last will) reaches us.
        inspection = new StreamInspection(link, device, {
          format,
          durationMs: Math.ceil(durationUs / 1000),
          out: options.out,
          protocol,
          replyTimeoutMs: timeoutMs,
        });
        await inspection.run();
      } finally {
        await link.close();
      }
    });
}
