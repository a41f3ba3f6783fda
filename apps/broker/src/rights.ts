import { CLIENT_ID_PREFIX, nameProblem, TOPIC_ROOT } from '@mjl/protocol';

export const ROLES = ['gateway', 'aggregator', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a connection authenticated as. */
export interface Principal {
  user: string;
  role: Role;
  /** gateway role: the site it belongs to. */
  site?: string | undefined;
  /** gateway role: its gateway name; absent = any gateway of the site. */
  gateway?: string | undefined;
}

/** MQTT filters a principal may publish to and subscribe to (docs/security.md). */
export interface TopicRights {
  publish: string[];
  subscribe: string[];
}

/** The rights of each role, besides every client's own sync and replies topics. */
export function rightsOf(principal: Principal): TopicRights {
  switch (principal.role) {
    case 'gateway': {
      const prefix = `${TOPIC_ROOT}/${principal.site}/${principal.gateway ?? '+'}`;
      return {
        // Its state, announcements, results, logs and streams; replies go to whoever asked.
        publish: [`${prefix}/state`, `${prefix}/devices/#`, `${TOPIC_ROOT}/replies/+`],
        subscribe: [`${prefix}/cmd`],
      };
    }
    case 'aggregator':
      return { publish: [`${TOPIC_ROOT}/quorum/#`, `${TOPIC_ROOT}/aggregator/#`], subscribe: [`${TOPIC_ROOT}/#`] };
    case 'viewer':
      // Commands only start and stop inspections and ping: `mjl inspect` is for viewers.
      return { publish: [`${TOPIC_ROOT}/+/+/cmd`], subscribe: [`${TOPIC_ROOT}/#`] };
    case 'admin':
      return { publish: ['#'], subscribe: ['#'] };
  }
}

/** Whether `topic` (no wildcards) matches the MQTT filter `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** Whether every topic that `filter` matches is matched by `pattern` too. */
export function filterCovers(pattern: string, filter: string): boolean {
  const patternLevels = pattern.split('/');
  const filterLevels = filter.split('/');
  for (let i = 0; i < patternLevels.length; i++) {
    const level = patternLevels[i];
    if (level === '#') return true;
    const wanted = filterLevels[i];
    // The pattern needs more levels than the filter has ("a/#" covering "a" returned above).
    if (wanted === undefined || wanted === '#') return false;
    if (level === '+') continue;
    if (wanted === '+' || wanted !== level) return false;
  }
  return patternLevels.length === filterLevels.length;
}

const SYNC_PREFIX = `${TOPIC_ROOT}/sync/`;

/** mjl/v1/sync/<clientId>-<n>: the client's own end-of-retained sync topics (libs/transport). */
function isOwnSyncTopic(clientId: string, topic: string): boolean {
  const prefix = `${SYNC_PREFIX}${clientId}-`;
  return topic.startsWith(prefix) && /^\d+$/.test(topic.slice(prefix.length));
}

function isOwnRepliesTopic(clientId: string, topic: string): boolean {
  return topic === `${TOPIC_ROOT}/replies/${clientId}`;
}

export function mayPublish(rights: TopicRights, clientId: string, topic: string): boolean {
  return isOwnSyncTopic(clientId, topic) || rights.publish.some((filter) => topicMatches(filter, topic));
}

export function maySubscribe(rights: TopicRights, clientId: string, filter: string): boolean {
  return (
    isOwnSyncTopic(clientId, filter) ||
    isOwnRepliesTopic(clientId, filter) ||
    rights.subscribe.some((pattern) => filterCovers(pattern, filter))
  );
}

/**
 * Whether a principal may connect with this client id. The ids of mjl's gateways
 * (`mjl-gw-<site>-<gateway>`) and aggregators (`mjl-agg-<instance>`) belong to their roles, so no
 * other login can take over their sessions (a second connection with an id replaces the first,
 * MQTT-3.1.4-2). Other ids are anyone's. A site-wide gateway login may use the id of any gateway of
 * its site, which is ambiguous only when one site's name is another's followed by '-'.
 */
export function mayUseClientId(principal: Principal, clientId: string): boolean {
  if (principal.role === 'admin') return true;
  if (clientId.startsWith(CLIENT_ID_PREFIX.aggregator)) return principal.role === 'aggregator';
  if (!clientId.startsWith(CLIENT_ID_PREFIX.gateway)) return true;
  if (principal.role !== 'gateway') return false;
  const sitePrefix = `${CLIENT_ID_PREFIX.gateway}${principal.site}-`;
  if (!clientId.startsWith(sitePrefix)) return false;
  const gateway = clientId.slice(sitePrefix.length);
  return principal.gateway === undefined ? nameProblem('gateway', gateway) === undefined : gateway === principal.gateway;
}
