import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { DECISION_ROWS, RESULT_ROWS, secondsFromMicros, type DecisionRow, type ResultRow } from '@mjl/formats';
import { codecs, filters, parseTopic, topics, type Outgoing, type ResultBatch } from '@mjl/protocol';
import { formatDuration, QuorumEngine, type Decision, type Denominator } from '@mjl/quorum';
import type { BrokerLink } from '@mjl/transport';
import { CliError, connect, type GlobalOptions } from '../context.js';
import { Fleet, loadFleet, type FleetDevice } from '../fleet.js';
import { durationOption, durationOrZeroOption, integerOption, onInterrupt } from '../options.js';
import { plural } from '../output.js';
import { Progress, type ProgressCounts } from '../progress.js';
import { ReorderBuffer } from '../reorder.js';
import { checkFileFormat, decisionRow, extensionOf, OUTPUT_FILE_FORMATS, RowsFile, type OutputFileFormat } from '../row-files.js';
import { unknownName } from '../suggest.js';

interface InspectionOptions {
  service: string;
  duration: string;
  quorum?: boolean;
  window: string;
  allowedLateness: string;
  minVoters?: string;
  denominator: string;
  undecided?: boolean;
  format: string;
  out?: string;
}

/** Results wait this long behind their gateway's newest before being written, to be put in time order. */
const REORDER_LATENESS_US = 250_000;
/** A gateway silent this long no longer holds the others' results back. */
const REORDER_IDLE_MS = 2000;
const DRAIN_EVERY_MS = 200;

/** "AudioClassifier service aggregating results across 3 devices." (and how many of them are offline). */
export function renderInspectionHeader(service: string, devices: FleetDevice[], paths: { results: string; quorum?: string }): string {
  const offline = devices.filter((device) => device.status === 'offline').length;
  const count = `${plural(devices.length, 'device')}${offline > 0 ? ` (${offline} offline)` : ''}`;
  const lines = [`${service} service aggregating results across ${count}.`, `Writing to ${paths.results}`];
  if (paths.quorum !== undefined) lines.push(`Writing quorum decisions to ${paths.quorum}`);
  return `${lines.join('\n')}\n`;
}

interface QuorumSetup {
  engine: QuorumEngine;
  file: RowsFile<DecisionRow>;
  windowUs: number;
  includeUndecided: boolean;
  /** Decided, not yet written: see writeDecisions. */
  pending: Decision[];
  windows: number;
  decided: number;
  late: number;
}

/** One run of `mjl inspection`: the results of every device of a service, in time order, and their quorum. */
class ServiceInspection {
  private readonly counts: ProgressCounts = { messages: 0, bytes: 0 };
  private readonly reorder = new ReorderBuffer<ResultRow>({ latenessUs: REORDER_LATENESS_US, idleMs: REORDER_IDLE_MS });
  /** Highest sequence number seen per device and gateway session: a QoS 1 redelivery counts once. */
  private readonly lastSeq = new Map<string, number>();
  private readonly subscribed = new Set<string>();
  /** "site/gateway" of the subscribed devices → that gateway's results topic, subscribed too. */
  private readonly gateways = new Map<string, string>();
  private readonly gatewaysOffline = new Set<string>();
  private readonly devicesSeen = new Set<string>();
  private duplicates = 0;
  /** Set once the files are complete: messages still arriving before the link closes are ignored. */
  private done = false;

  constructor(
    private readonly link: BrokerLink,
    private readonly service: string,
    private readonly results: RowsFile<ResultRow>,
    private readonly quorum: QuorumSetup | undefined,
  ) {}

  async start(devices: FleetDevice[]): Promise<void> {
    this.link.onMessage((topic, payload) => {
      if (this.done) return;
      const parsed = parseTopic(topic);
      let batches: Outgoing<ResultBatch>[];
      if (parsed?.kind === 'results' && this.subscribed.has(parsed.device)) {
        const decoded = codecs.resultBatch.decode(payload);
        batches = decoded.ok ? [decoded.value] : [];
      } else if (parsed?.kind === 'gatewayResults' && this.gateways.has(`${parsed.site}/${parsed.gateway}`)) {
        // Every device of the gateway: this service's subscribed ones are ours.
        const decoded = codecs.gatewayResults.decode(payload);
        batches = decoded.ok ? decoded.value.batches.filter((batch) => this.subscribed.has(batch.device)) : [];
      } else {
        return;
      }
      this.counts.messages++;
      this.counts.bytes += payload.length;
      for (const batch of batches) if (batch.service === this.service) this.onBatch(`${parsed.site}/${parsed.gateway}`, batch);
    });
    for (const device of devices) this.announce(device);
    await this.subscribe(devices);
  }

  private announce(device: FleetDevice): void {
    const engine = this.quorum?.engine;
    if (!engine) return;
    const gateway = `${device.site}/${device.gateway}`;
    if (device.status === 'online') {
      engine.gatewayOnline(gateway);
      engine.deviceOnline(this.service, device.name, gateway);
    } else {
      engine.deviceOffline(device.name);
    }
  }

  private async subscribe(devices: FleetDevice[]): Promise<void> {
    const fresh = devices.filter((device) => !this.subscribed.has(device.name));
    if (fresh.length === 0) return;
    for (const device of fresh) this.subscribed.add(device.name);
    // Gateways publish a device's results on its own topic or, by default, with the other devices' on theirs.
    const freshGateways = new Set<string>();
    for (const device of fresh) {
      const gateway = `${device.site}/${device.gateway}`;
      if (!this.gateways.has(gateway)) freshGateways.add(gateway);
      this.gateways.set(gateway, topics.gatewayResults(device.site, device.gateway));
    }
    await this.link.subscribe(
      [...fresh.map((device) => filters.deviceResults(device.name)), ...[...freshGateways].map((gateway) => this.gateways.get(gateway)!)],
      1,
    );
  }

  /** Devices joining, leaving, gateways dying: the quorum's liveness follows, new devices are subscribed. */
  onFleetChange(fleet: Fleet): void {
    if (this.done) return;
    const devices = fleet.devices().filter((device) => device.service === this.service);
    for (const device of devices) this.announce(device);
    for (const device of devices) {
      const gateway = `${device.site}/${device.gateway}`;
      const gatewayOnline = fleet.gateway(device.site, device.gateway)?.online === true;
      if (!gatewayOnline && !this.gatewaysOffline.has(gateway)) {
        this.gatewaysOffline.add(gateway);
        this.quorum?.engine.gatewayOffline(gateway);
        process.stderr.write(`mjl: gateway ${device.gateway} at ${device.site} went offline; its devices' results stop\n`);
      } else if (gatewayOnline) {
        this.gatewaysOffline.delete(gateway);
      }
    }
    this.subscribe(devices).catch((error: Error) => process.stderr.write(`mjl: cannot subscribe to new devices: ${error.message}\n`));
  }

  private onBatch(gateway: string, batch: Outgoing<ResultBatch>): void {
    const key = `${batch.device}/${batch.session}`;
    const seen = this.lastSeq.get(key) ?? -1;
    const now = Date.now();
    let fresh = 0;
    for (let i = 0; i < batch.timestampsUs.length; i++) {
      const seq = batch.firstSeq + i;
      if (seq <= seen) {
        this.duplicates++;
        continue;
      }
      fresh++;
      const timestampUs = batch.timestampsUs[i] as number;
      this.reorder.add(gateway, timestampUs, [secondsFromMicros(timestampUs), batch.values[i] as number, batch.device], now);
    }
    if (fresh > 0) this.devicesSeen.add(batch.device);
    this.lastSeq.set(key, Math.max(seen, batch.firstSeq + batch.timestampsUs.length - 1));
    const quorum = this.quorum;
    if (!quorum) return;
    quorum.engine.addBatch(gateway, batch);
    this.writeDecisions(quorum.engine.closeReady());
  }

  /**
   * Writes decisions in window order. A window closed early (every live device voted) can be decided
   * before an older one still waiting for the watermark: it waits here until every window below it
   * has closed (its end is at or below the watermark), or until the end (`all`).
   */
  private writeDecisions(decisions: Decision[], all = false): void {
    const quorum = this.quorum;
    if (!quorum) return;
    quorum.pending.push(...decisions);
    for (const late of quorum.engine.takeLate()) quorum.late += late.timestampsUs.length;
    if (quorum.pending.length === 0) return;
    quorum.pending.sort((a, b) => a.windowStartUs - b.windowStartUs);
    const watermarkUs = all ? Number.POSITIVE_INFINITY : quorum.engine.watermarkUs();
    let count = 0;
    while (count < quorum.pending.length && (quorum.pending[count] as Decision).windowStartUs + quorum.windowUs <= watermarkUs) count++;
    for (const decision of quorum.pending.splice(0, count)) {
      quorum.windows++;
      if (decision.decided) quorum.decided++;
      if (decision.decided || quorum.includeUndecided) quorum.file.row(decisionRow(decision));
    }
  }

  private drain(all: boolean): void {
    for (const row of all ? this.reorder.drainAll() : this.reorder.drain(Date.now())) this.results.row(row);
  }

  /** Collects until the duration passes or Ctrl-C, then completes both files. */
  async run(durationMs: number): Promise<void> {
    const progress = new Progress(this.counts, durationMs);
    const drainTimer = setInterval(() => this.drain(false), DRAIN_EVERY_MS);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, durationMs);
      const removeInterrupt = onInterrupt(done);
      function done() {
        clearTimeout(timer);
        removeInterrupt();
        resolve();
      }
    });
    clearInterval(drainTimer);
    this.done = true;
    progress.stop();
    this.drain(true);
    this.results.finish();
    if (this.quorum) {
      this.writeDecisions(this.quorum.engine.closeAll(), true);
      this.quorum.file.finish();
    }
    this.report();
  }

  private report(): void {
    const devices = this.devicesSeen.size;
    process.stdout.write(`Wrote ${plural(this.results.rowCount, 'result')} from ${plural(devices, 'device')} to ${this.results.path}\n`);
    if (this.duplicates > 0) process.stderr.write(`mjl: ${plural(this.duplicates, 'duplicate result')} (QoS 1 redeliveries) written once\n`);
    if (this.reorder.outOfOrder > 0) {
      process.stderr.write(`mjl: ${this.reorder.outOfOrder} results arrived after later ones were written and are out of time order in the file\n`);
    }
    const quorum = this.quorum;
    if (quorum) {
      const undecided = quorum.windows - quorum.decided;
      process.stdout.write(
        `Quorum over ${formatDuration(quorum.windowUs)} windows: ${plural(quorum.windows, 'window')}, ${quorum.decided} decided, ` +
          `${undecided} undecided, ${plural(quorum.late, 'late result')}; wrote ${plural(quorum.file.rowCount, 'decision')} to ${quorum.file.path}\n`,
      );
    }
  }
}

export function register(program: Command, globals: () => GlobalOptions): void {
  program
    .command('inspection')
    .description('Record the results of every device of a service (all sites) to one file, in time order, optionally with their quorum')
    .requiredOption('--service <name>', 'the service (see `mjl services`)')
    .option('--duration <duration>', 'how long to record, e.g. 10s, 5m (Ctrl-C stops earlier)', '10s')
    .option('--quorum', 'also decide each window by majority and write the decisions')
    .option('--window <duration>', 'quorum window length', '3ms')
    .option('--allowed-lateness <duration>', 'how late a result may be and still vote', '100ms')
    .option('--min-voters <n>', 'fewer voters in a window: no decision', '1')
    .addOption(new Option('--denominator <which>', 'majority of the voters, or of all live devices of the service').choices(['voters', 'live']).default('voters'))
    .option('--undecided', 'also write windows without a decision (value None/null)')
    .addOption(new Option('--format <format>', 'file format').choices(OUTPUT_FILE_FORMATS).default('pickle'))
    .option('--out <dir>', 'write inspections/<service>/ under this directory (default: the current one)')
    .addHelpText(
      'after',
      `
Files: inspections/<service>/out-<8 hex>.<format> with rows (seconds as a float, value, device), and
with --quorum inspections/<service>/quorum-<8 hex>.<format> with rows (window start seconds, value).

Examples:
  mjl inspection --service AudioClassifier --duration 10s
  mjl inspection --service AudioClassifier --quorum --window 3ms --format csv --out /tmp`,
    )
    .action(async (options: InspectionOptions) => {
      const format: OutputFileFormat = checkFileFormat(options.format);
      const durationMs = Math.ceil(durationOption('--duration', options.duration) / 1000);
      if (options.denominator !== 'voters' && options.denominator !== 'live') {
        throw new CliError(`--denominator: expected voters or live, got "${options.denominator}"`);
      }
      const quorumOptions = options.quorum
        ? {
            windowUs: durationOption('--window', options.window),
            allowedLatenessUs: durationOrZeroOption('--allowed-lateness', options.allowedLateness),
            minVoters: integerOption('--min-voters', options.minVoters ?? '1', 1),
            denominator: options.denominator as Denominator,
          }
        : undefined;
      const link = await connect(globals());
      try {
        let inspection: ServiceInspection | undefined;
        const fleet = await loadFleet(link, (changed) => inspection?.onFleetChange(changed));
        const devices = fleet.devices().filter((device) => device.service === options.service);
        if (devices.length === 0) {
          throw new CliError(unknownName('service', options.service, Fleet.services(fleet.devices()).map((service) => service.name)));
        }
        const id = randomBytes(4).toString('hex');
        const folder = join(options.out ?? '', 'inspections', options.service);
        const results = new RowsFile(join(folder, `out-${id}${extensionOf(format)}`), format, RESULT_ROWS);
        const quorum: QuorumSetup | undefined = quorumOptions && {
          engine: new QuorumEngine({ ...quorumOptions, earlyClose: true }),
          file: new RowsFile(join(folder, `quorum-${id}${extensionOf(format)}`), format, DECISION_ROWS),
          windowUs: quorumOptions.windowUs,
          includeUndecided: options.undecided === true,
          pending: [],
          windows: 0,
          decided: 0,
          late: 0,
        };
        process.stdout.write(renderInspectionHeader(options.service, devices, { results: results.path, quorum: quorum?.file.path }));
        inspection = new ServiceInspection(link, options.service, results, quorum);
        await inspection.start(devices);
        await inspection.run(durationMs);
      } finally {
        await link.close();
      }
    });
}
