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

  devices(): FleetDevice[] {
    return [...this.announcements.values()]
      .map((announcement): FleetDevice => {
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
      })
      .sort((a, b) => a.service.localeCompare(b.service) || a.site.localeCompare(b.site) || a.name.localeCompare(b.name));
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
    return [...services.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
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
