import { codecs, filters, parseTopic, protocolName, type DeviceAnnouncement, type GatewayState, type StreamInfo } from '@mjl/protocol';
import type { BrokerLink } from '@mjl/transport';

export type DeviceStatus = 'online' | 'offline';

/** A device as the CLI shows it. */
export interface FleetDevice {
  name: string;
  service: string;
  type: string;
  protocols: string[];
  site: string;
  gateway: string;
  status: DeviceStatus;
  parent: string | null;
  driver: string;
  sinceUs: number;
  streams: StreamInfo[];
}

export interface FleetService {
  name: string;
  types: string[];
  protocols: string[];
  devices: number;
  online: number;
  sinceUs: number;
}

/**
 * The fleet as the retained messages tell it: gateway states and device announcements. A device is
 * online when its announcement says so and its gateway is alive (a dead gateway's last will says offline).
 */
export class Fleet {
  private readonly gateways = new Map<string, GatewayState>();
  private readonly announcements = new Map<string, DeviceAnnouncement>();
  malformed = 0;

  /** Applies one message; returns whether the fleet changed. */
  apply(topic: string, payload: Uint8Array): boolean {
    const parsed = parseTopic(topic);
    if (parsed?.kind === 'gatewayState') {
      const key = `${parsed.site}/${parsed.gateway}`;
      if (payload.length === 0) return this.gateways.delete(key);
      const decoded = codecs.gatewayState.decode(payload);
      if (!decoded.ok) return this.countMalformed();
      this.gateways.set(key, decoded.value);
      return true;
    }
    if (parsed?.kind === 'device') {
      const key = `${parsed.site}/${parsed.gateway}/${parsed.device}`;
      if (payload.length === 0) return this.announcements.delete(key);
      const decoded = codecs.deviceAnnouncement.decode(payload);
      if (!decoded.ok) return this.countMalformed();
      this.announcements.set(key, decoded.value);
      return true;
    }
    return false;
  }

  private countMalformed(): false {
    this.malformed += 1;
    return false;
  }

  /** Every device, by service, site and name. */
  devices(): FleetDevice[] {
    return [...this.announcements.values()]
      .map((announcement) => this.describe(announcement))
      .sort((a, b) => byText(a.service, b.service) || byText(a.site, b.site) || byText(a.name, b.name));
  }

  /** The device of that name (names hash their site and gateway, so one is enough). */
  device(name: string): FleetDevice | undefined {
    for (const announcement of this.announcements.values()) {
      if (announcement.name === name) return this.describe(announcement);
    }
    return undefined;
  }

  deviceNames(): string[] {
    return [...this.announcements.values()].map((announcement) => announcement.name);
  }

  /** The gateway's retained state: undefined when it never said anything (or its state was removed). */
  gateway(site: string, gateway: string): GatewayState | undefined {
    return this.gateways.get(`${site}/${gateway}`);
  }

  private describe(announcement: DeviceAnnouncement): FleetDevice {
    const gateway = this.gateways.get(`${announcement.site}/${announcement.gateway}`);
    return {
      name: announcement.name,
      service: announcement.service,
      type: announcement.type,
      protocols: announcement.protocols.map(protocolName),
      site: announcement.site,
      gateway: announcement.gateway,
      status: announcement.online && gateway?.online === true ? 'online' : 'offline',
      parent: announcement.parent === '' ? null : announcement.parent,
      driver: announcement.driver,
      sinceUs: announcement.sinceUs,
      streams: announcement.streams,
    };
  }

  static services(devices: FleetDevice[]): FleetService[] {
    const services = new Map<string, FleetService>();
    for (const device of devices) {
      const service = services.get(device.service) ?? { name: device.service, types: [], protocols: [], devices: 0, online: 0, sinceUs: device.sinceUs };
      if (!service.types.includes(device.type)) service.types.push(device.type);
      for (const protocol of device.protocols) if (!service.protocols.includes(protocol)) service.protocols.push(protocol);
      service.devices += 1;
      if (device.status === 'online') service.online += 1;
      service.sinceUs = Math.min(service.sinceUs, device.sinceUs);
      services.set(device.service, service);
    }
    return [...services.values()].sort((a, b) => byText(a.name, b.name));
  }
}

/** Code-point order, like kubectl's listings (and much cheaper than localeCompare for big fleets). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Why a device cannot be reached now, or undefined when it is online. */
export function offlineReason(fleet: Fleet, device: FleetDevice): string | undefined {
  if (device.status === 'online') return undefined;
  const gateway = fleet.gateway(device.site, device.gateway);
  if (gateway?.online !== true) return `its gateway ${device.gateway} at ${device.site} is offline`;
  return `its gateway ${device.gateway} at ${device.site} reports it offline`;
}

/** Reads the whole fleet: resolves once every retained state and announcement has arrived. */
export async function loadFleet(link: BrokerLink, onChange?: (fleet: Fleet) => void): Promise<Fleet> {
  const fleet = new Fleet();
  let ready = false;
  link.onMessage((topic, payload) => {
    if (fleet.apply(topic, payload) && ready) onChange?.(fleet);
  });
  await link.subscribeWithSnapshot([filters.gatewayStates, filters.devices], 0);
  ready = true;
  return fleet;
}
