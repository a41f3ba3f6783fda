/**
 * MQTT client ids of mjl's own programs. A broker with users binds them to roles
 * (docs/security.md): only a gateway's login may use that gateway's id, only an aggregator's an
 * aggregator's, so no other login can take over their sessions (MQTT-3.1.4-2). Ids are topic
 * segments too (libs/transport's sync topic), so they use the characters of names.
 */
import { nameProblem } from './topics.js';

export const CLIENT_ID_PREFIX = { gateway: 'mjl-gw-', aggregator: 'mjl-agg-' } as const;

function checked(kind: string, name: string): string {
  const problem = nameProblem(kind, name);
  if (problem) throw new TypeError(problem);
  return name;
}

export const clientIds = {
  gateway: (site: string, gateway: string) => `${CLIENT_ID_PREFIX.gateway}${checked('site', site)}-${checked('gateway', gateway)}`,
  aggregator: (instance: string) => `${CLIENT_ID_PREFIX.aggregator}${checked('instance', instance)}`,
};
