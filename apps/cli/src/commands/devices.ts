import { Option, type Command } from 'commander';
import { protocolName, type StreamInfo } from '@mjl/protocol';
import { connect, type GlobalOptions } from '../context.js';
import { Fleet, loadFleet, type FleetDevice } from '../fleet.js';
import { formatAge, OUTPUT_FORMATS, renderStructured, renderTable, type OutputFormat } from '../output.js';
import { watchOrPrint } from '../watch.js';

export interface ListOptions {
  output: OutputFormat;
  site?: string;
  service?: string;
  status?: string;
  watch?: boolean;
}

export function filterDevices(devices: FleetDevice[], options: ListOptions): FleetDevice[] {
  return devices.filter(
    (device) =>
      (options.site === undefined || device.site === options.site) &&
      (options.service === undefined || device.service === options.service) &&
      (options.status === undefined || device.status === options.status),
  );
}

const directions = ['unspecified', 'input', 'output', 'log'] as const;

/** A stream direction as users read it: input, output, log. */
export const directionName = (direction: number) => directions[direction] ?? String(direction);

/** A stream as users read it: names instead of enum numbers, and only its own kind of address. */
export function describeStream(stream: StreamInfo) {
  return {
    id: stream.id,
    direction: directionName(stream.direction),
    protocol: protocolName(stream.protocol),
    ...(stream.ble ? { ble: stream.ble } : {}),
    ...(stream.gpio ? { gpio: stream.gpio } : {}),
    ...(stream.serial ? { serial: stream.serial } : {}),
  };
}

export function renderDevices(devices: FleetDevice[], format: OutputFormat, nowMs: number): string {
  if (format === 'name') return devices.map((device) => `${device.name}\n`).join('');
  if (format === 'json' || format === 'yaml') {
    return renderStructured(
      format,
      devices.map(({ sinceUs, streams, ...device }) => ({
        ...device,
        since: new Date(sinceUs / 1000).toISOString(),
        streams: streams.map(describeStream),
      })),
    );
  }
  const wide = format === 'wide';
  const headers = ['NAME', 'TYPE', 'PROTOCOLS', 'SITE', 'GATEWAY', 'STATUS', 'AGE', ...(wide ? ['PARENT', 'DRIVER', 'STREAMS'] : [])];
  const rows = devices.map((device) => [
    device.name,
    device.type,
    device.protocols.join(','),
    device.site,
    device.gateway,
    device.status,
    formatAge(nowMs - device.sinceUs / 1000),
    ...(wide ? [device.parent ?? '<none>', device.driver, device.streams.map((stream) => stream.id.slice(0, 8)).join(',') || '<none>'] : []),
  ]);
  return rows.length === 0 ? 'No devices found.\n' : renderTable(headers, rows);
}

export function addListOptions(command: Command): Command {
  return command
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--site <site>', 'only this site')
    .option('--service <service>', 'only this service')
    .addOption(new Option('--status <status>', 'only online or only offline devices').choices(['online', 'offline']))
    .option('-w, --watch', 'keep printing as devices come and go (redrawn on every announcement and death)');
}

export function register(program: Command, globals: () => GlobalOptions): void {
  addListOptions(program.command('devices').description('List the devices of the fleet, across all sites'))
    .addHelpText(
      'after',
      `
A device is online when it says so and its gateway is alive. The list is complete on the first print,
however many devices there are (the end of the broker's retained messages is marked).

Examples:
  mjl devices
  mjl devices --site kitchen -o wide
  mjl devices -o json --status offline
  mjl devices --service AudioClassifier --watch`,
    )
    .action(async (options: ListOptions) => {
      const link = await connect(globals());
      const render = (fleet: Fleet) => renderDevices(filterDevices(fleet.devices(), options), options.output, Date.now());
      await watchOrPrint(link, options.watch === true, (onChange) => loadFleet(link, onChange), render);
    });
}
