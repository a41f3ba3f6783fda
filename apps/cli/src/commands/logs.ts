import type { Command } from 'commander';
import { codecs, topics, type LogLine } from '@mjl/protocol';
import { CliError, connect, type GlobalOptions } from '../context.js';
import { loadFleet, offlineReason } from '../fleet.js';
import { durationOption, onInterrupt, replyTimeoutMs } from '../options.js';
import { formatTimestampUs } from '../output.js';
import { replyTopicOf, sendCommand } from '../request.js';
import { unknownName } from '../suggest.js';

interface LogsOptions {
  device: string;
  follow?: boolean;
  since?: string;
}

/** `<RFC 3339 time> <level> <text>` */
export function renderLogLine(line: LogLine): string {
  return `${formatTimestampUs(line.timestampUs)} ${line.level} ${line.text}\n`;
}

const lineKey = (line: LogLine) => `${line.timestampUs}\u0000${line.level}\u0000${line.text}`;

/**
 * Why the history may not reach back as far as asked: the gateway keeps a bounded number of lines
 * per device, and has nothing from before it started.
 */
export function historyGaps(sinceUs: number, keptSinceUs: number, gatewayStartUs: number | undefined, where: string): string[] {
  const notes: string[] = [];
  if (keptSinceUs > 0 && sinceUs < keptSinceUs) {
    notes.push(`${where} keeps only its latest lines: history starts at ${formatTimestampUs(keptSinceUs)}`);
  } else if (gatewayStartUs !== undefined && sinceUs > 0 && sinceUs < gatewayStartUs) {
    notes.push(`${where} started at ${formatTimestampUs(gatewayStartUs)}: there are no lines from before`);
  }
  return notes;
}

export function register(program: Command, globals: () => GlobalOptions): void {
  program
    .command('logs')
    .description("Print a device's log lines: the recent ones its gateway keeps, and with -f new ones as they come")
    .requiredOption('--device <name>', 'the device (see `mjl devices`)')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('--since <duration>', 'only lines newer than this, e.g. 30s, 5m, 1h')
    .addHelpText(
      'after',
      `
Log lines travel at QoS 0 and are not retained, so the history comes from the device's gateway: it
keeps the latest 1000 lines of each device since it started. When --since reaches further back than
that, a note on stderr says where the history starts.

Examples:
  mjl logs --device MjlDriver-12e21b3c
  mjl logs --device AudioClassifier-a2a3fb01 --since 5m -f`,
    )
    .action(async (options: LogsOptions) => {
      const sinceUs = options.since === undefined ? 0 : Date.now() * 1000 - durationOption('--since', options.since);
      const global = globals();
      const timeoutMs = replyTimeoutMs(global);
      const link = await connect(global);
      try {
        let following = false;
        let wasOnline: boolean | undefined;
        const fleet = await loadFleet(link, (changed) => {
          // While following, say when the gateway dies or comes back (its lines stop or resume).
          const now = changed.device(options.device);
          if (!following || !now) return;
          const online = changed.gateway(now.site, now.gateway)?.online === true;
          if (online === wasOnline) return;
          wasOnline = online;
          process.stderr.write(`mjl: gateway ${now.gateway} at ${now.site} is ${online ? 'back online' : 'offline'}${online ? '' : '; waiting for it'}\n`);
        });
        const device = fleet.device(options.device);
        if (!device) throw new CliError(unknownName('device', options.device, fleet.deviceNames()));
        const where = `gateway ${device.gateway} at ${device.site}`;

        // Live lines are held back until the history is printed, then those it already had are skipped.
        let live: LogLine[] | undefined = [];
        let printedKeys = new Set<string>();
        link.onMessage((topic, payload) => {
          if (topic !== topics.logs(device.site, device.gateway, device.name)) return;
          const decoded = codecs.logBatch.decode(payload);
          if (!decoded.ok) return;
          for (const line of decoded.value.lines) {
            if (line.timestampUs < sinceUs) continue;
            if (live) live.push(line);
            else if (!printedKeys.has(lineKey(line))) process.stdout.write(renderLogLine(line));
          }
        });
        await link.subscribe([replyTopicOf(link), ...(options.follow ? [topics.logs(device.site, device.gateway, device.name)] : [])], 1);

        const offline = fleet.gateway(device.site, device.gateway)?.online !== true;
        if (offline && !options.follow) {
          throw new CliError(`${where} is offline, and the log history of ${device.name} is kept there: try again when it is back, or -f to wait for new lines`);
        }
        if (offline) {
          process.stderr.write(`mjl: ${where} is offline: no history; waiting for new lines\n`);
        } else {
          try {
            const reply = await sendCommand(link, device, { fetchLogs: { device: device.name, sinceUs } }, timeoutMs);
            const history = reply.logsFetched?.lines ?? [];
            for (const line of history) process.stdout.write(renderLogLine(line));
            printedKeys = new Set(history.map(lineKey));
            const gatewayStartUs = fleet.gateway(device.site, device.gateway)?.birthSeq;
            const notes = historyGaps(sinceUs, reply.logsFetched?.keptSinceUs ?? 0, gatewayStartUs === undefined ? undefined : gatewayStartUs * 1000, where);
            for (const note of notes) process.stderr.write(`mjl: ${note}\n`);
          } catch (error) {
            if (!options.follow || !(error instanceof CliError)) throw error;
            process.stderr.write(`mjl: no history (${error.message}); printing new lines\n`);
          }
        }
        if (!options.follow) return;

        for (const line of live ?? []) if (!printedKeys.has(lineKey(line))) process.stdout.write(renderLogLine(line));
        live = undefined;
        const reason = offlineReason(fleet, device);
        if (reason && !offline) process.stderr.write(`mjl: ${device.name} is offline (${reason}); waiting for new lines\n`);
        wasOnline = !offline;
        following = true;
        await new Promise<void>((resolve) => onInterrupt(resolve));
      } finally {
        await link.close();
      }
    });
}
