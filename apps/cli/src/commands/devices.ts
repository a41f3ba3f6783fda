import type { Command } from 'commander';
import { protocolName, type StreamInfo } from '@mjl/protocol';
import { connect, CliError, type GlobalOptions } from '../context.js';
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

/** A stream as users read it: names instead of enum numbers, and only its own kind of address. */
export function describeStream(stream: StreamInfo) {
  return {
    id: stream.id,
    direction: directions[stream.direction] ?? String(stream.direction),
    protocol: protocolName(stream.protocol),
    ...(stream.ble ? { ble: stream.ble } : {}),
    ...(stream.gpio ? { gpio: stream.gpio } : {}),
    ...(stream.serial ? { serial: stream.serial } : {}),
  };
}

export function renderDevices(devices: FleetDevice[], format: OutputFormat, nowMs: number): string {
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
    .option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.join('|')}`, 'table')
    .option('--site <site>', 'only this site')
    .option('--service <service>', 'only this service')
    .option('--status <status>', 'only online or offline')
    .option('-w, --watch', 'keep printing as devices come and go');
}

export function checkListOptions(options: ListOptions): void {
  if (!OUTPUT_FORMATS.includes(options.output)) {
    throw new CliError(`unknown output format "${options.output}": use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  if (options.status !== undefined && options.status !== 'online' && options.status !== 'offline') {
    throw new CliError(`unknown status "${options.status}": use online or offline`);
  }
}

export function registerDevices(program: Command, globals: () => GlobalOptions): void {
  addListOptions(program.command('devices').description('List the devices of the fleet, across all sites'))
    .addHelpText('after', '\nExamples:\n  mjl devices\n  mjl devices --site kitchen -o wide\n  mjl devices -o json --status offline')
    .action(async (options: ListOptions) => {
      checkListOptions(options);
      const link = await connect(globals());
      const render = (fleet: Fleet) => renderDevices(filterDevices(fleet.devices(), options), options.output, Date.now());
      await watchOrPrint(link, options.watch === true, (onChange) => loadFleet(link, onChange), render);
    });
}
