import type { Command } from 'commander';
import { connect, type GlobalOptions } from '../context.js';
import { Fleet, loadFleet, type FleetService } from '../fleet.js';
import { formatAge, renderStructured, renderTable, type OutputFormat } from '../output.js';
import { watchOrPrint } from '../watch.js';
import { addListOptions, filterDevices, type ListOptions } from './devices.js';

export function renderServices(services: FleetService[], format: OutputFormat, nowMs: number): string {
  if (format === 'name') return services.map((service) => `${service.name}\n`).join('');
  if (format === 'json' || format === 'yaml') {
    return renderStructured(
      format,
      services.map(({ sinceUs, ...service }) => ({ ...service, since: new Date(sinceUs / 1000).toISOString() })),
    );
  }
  const wide = format === 'wide';
  const headers = ['NAME', 'TYPE', 'PROTOCOLS', 'DEVICES', 'AGE', ...(wide ? ['ONLINE'] : [])];
  const rows = services.map((service) => [
    service.name,
    service.types.join(','),
    service.protocols.join(','),
    String(service.devices),
    formatAge(nowMs - service.sinceUs / 1000),
    ...(wide ? [String(service.online)] : []),
  ]);
  return rows.length === 0 ? 'No services found.\n' : renderTable(headers, rows);
}

export function register(program: Command, globals: () => GlobalOptions): void {
  addListOptions(program.command('services').description('List the services (applications) the fleet runs, with their device counts'))
    .addHelpText(
      'after',
      `
DEVICES counts every device of the service, online or not (-o wide adds ONLINE).

Examples:
  mjl services
  mjl services -o wide --site kitchen
  mjl services -o json
  mjl services --watch`,
    )
    .action(async (options: ListOptions) => {
      const link = await connect(globals());
      const render = (fleet: Fleet) => renderServices(Fleet.services(filterDevices(fleet.devices(), options)), options.output, Date.now());
      await watchOrPrint(link, options.watch === true, (onChange) => loadFleet(link, onChange), render);
    });
}
