/**
 * The MQTT topic namespace (docs/protocol.md). Builders validate every segment they are given,
 * parsers return undefined for topics outside the namespace.
 */

export const TOPIC_ROOT = 'mjl/v1';

/** Site names that would collide with the fleet-wide topics under mjl/v1/. */
export const RESERVED_SITES: readonly string[] = ['quorum', 'aggregator', 'replies', 'sync'];

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Why a name cannot be a topic segment, or undefined when it can. */
export function nameProblem(kind: string, name: string): string | undefined {
  if (!SEGMENT.test(name)) {
    return `${kind} name ${JSON.stringify(name)} must be 1-63 characters of letters, digits, '_', '.', '-', starting with a letter or digit`;
  }
  if (kind === 'site' && RESERVED_SITES.includes(name)) {
    return `site name ${JSON.stringify(name)} is reserved (${RESERVED_SITES.join(', ')})`;
  }
  return undefined;
}

function segment(kind: string, name: string): string {
  const problem = nameProblem(kind, name);
  if (problem) throw new TypeError(problem);
  return name;
}

const gatewayPrefix = (site: string, gateway: string) =>
  `${TOPIC_ROOT}/${segment('site', site)}/${segment('gateway', gateway)}`;

export const topics = {
  gatewayState: (site: string, gateway: string) => `${gatewayPrefix(site, gateway)}/state`,
  device: (site: string, gateway: string, device: string) =>
    `${gatewayPrefix(site, gateway)}/devices/${segment('device', device)}`,
  results: (site: string, gateway: string, device: string) => `${topics.device(site, gateway, device)}/results`,
  /** The results of several devices of the gateway in one message (GatewayResults). */
  gatewayResults: (site: string, gateway: string) => `${gatewayPrefix(site, gateway)}/results`,
  logs: (site: string, gateway: string, device: string) => `${topics.device(site, gateway, device)}/logs`,
  streamPrefix: (site: string, gateway: string, device: string) => `${topics.device(site, gateway, device)}/streams`,
  stream: (site: string, gateway: string, device: string, stream: string) =>
    `${topics.streamPrefix(site, gateway, device)}/${segment('stream', stream)}`,
  command: (site: string, gateway: string) => `${gatewayPrefix(site, gateway)}/cmd`,
  quorum: (service: string) => `${TOPIC_ROOT}/quorum/${segment('service', service)}`,
  quorumLate: (service: string) => `${topics.quorum(service)}/late`,
  aggregatorState: (instance: string) => `${TOPIC_ROOT}/aggregator/${segment('instance', instance)}/state`,
  /** Where a client asks for command replies: unique per client. */
  replies: (clientId: string) => `${TOPIC_ROOT}/replies/${segment('client', clientId)}`,
  /** Marks the end of the retained messages a subscription delivers (libs/transport, docs/protocol.md). */
  sync: (clientId: string) => `${TOPIC_ROOT}/sync/${segment('client', clientId)}`,
} as const;

/** Subscription filters over the whole fleet. */
export const filters = {
  gatewayStates: `${TOPIC_ROOT}/+/+/state`,
  devices: `${TOPIC_ROOT}/+/+/devices/+`,
  results: `${TOPIC_ROOT}/+/+/devices/+/results`,
  gatewayResults: `${TOPIC_ROOT}/+/+/results`,
  logs: `${TOPIC_ROOT}/+/+/devices/+/logs`,
  quorum: `${TOPIC_ROOT}/quorum/+`,
  quorumLate: `${TOPIC_ROOT}/quorum/+/late`,
  aggregatorStates: `${TOPIC_ROOT}/aggregator/+/state`,
  sync: `${TOPIC_ROOT}/sync/+`,
  deviceResults: (device: string) => `${TOPIC_ROOT}/+/+/devices/${segment('device', device)}/results`,
  deviceLogs: (device: string) => `${TOPIC_ROOT}/+/+/devices/${segment('device', device)}/logs`,
} as const;

export type ParsedTopic =
  | { kind: 'gatewayState'; site: string; gateway: string }
  | { kind: 'device'; site: string; gateway: string; device: string }
  | { kind: 'results'; site: string; gateway: string; device: string }
  | { kind: 'gatewayResults'; site: string; gateway: string }
  | { kind: 'logs'; site: string; gateway: string; device: string }
  | { kind: 'stream'; site: string; gateway: string; device: string; stream: string }
  | { kind: 'command'; site: string; gateway: string }
  | { kind: 'quorum'; service: string }
  | { kind: 'quorumLate'; service: string }
  | { kind: 'aggregatorState'; instance: string }
  | { kind: 'replies'; client: string }
  | { kind: 'sync'; client: string };

const valid = (kind: string, name: string | undefined): name is string =>
  name !== undefined && nameProblem(kind === 'site' ? 'site' : kind, name) === undefined;

/** Reads a topic of the mjl namespace; undefined for anything else. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  if (!topic.startsWith(`${TOPIC_ROOT}/`)) return undefined;
  const parts = topic.slice(TOPIC_ROOT.length + 1).split('/');
  const [first, second, third, fourth, fifth, sixth] = parts;
  if (first === 'quorum') {
    if (!valid('service', second)) return undefined;
    if (parts.length === 2) return { kind: 'quorum', service: second };
    if (parts.length === 3 && third === 'late') return { kind: 'quorumLate', service: second };
    return undefined;
  }
  if (first === 'aggregator') {
    return parts.length === 3 && third === 'state' && valid('instance', second) ? { kind: 'aggregatorState', instance: second } : undefined;
  }
  if (first === 'sync') return parts.length === 2 && valid('client', second) ? { kind: 'sync', client: second } : undefined;
  if (first === 'replies') return parts.length === 2 && valid('client', second) ? { kind: 'replies', client: second } : undefined;
  if (!valid('site', first) || !valid('gateway', second)) return undefined;
  const site = first;
  const gateway = second;
  if (parts.length === 3) {
    if (third === 'state') return { kind: 'gatewayState', site, gateway };
    if (third === 'cmd') return { kind: 'command', site, gateway };
    if (third === 'results') return { kind: 'gatewayResults', site, gateway };
    return undefined;
  }
  if (third !== 'devices' || !valid('device', fourth)) return undefined;
  const device = fourth;
  if (parts.length === 4) return { kind: 'device', site, gateway, device };
  if (parts.length === 5 && fifth === 'results') return { kind: 'results', site, gateway, device };
  if (parts.length === 5 && fifth === 'logs') return { kind: 'logs', site, gateway, device };
  if (parts.length === 6 && fifth === 'streams' && valid('stream', sixth)) {
    return { kind: 'stream', site, gateway, device, stream: sixth };
  }
  return undefined;
}
