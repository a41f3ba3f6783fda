import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIds } from '@mjl/protocol';
import { filterCovers, mayPublish, maySubscribe, mayUseClientId, rightsOf, topicMatches } from './rights.js';

describe('topicMatches and filterCovers', () => {
  it('match MQTT filters', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+', 'a')).toBe(false);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
    expect(filterCovers('a/#', 'a/+/c')).toBe(true);
    expect(filterCovers('a/+/c', 'a/b/c')).toBe(true);
    expect(filterCovers('a/+/c', 'a/#')).toBe(false);
    expect(filterCovers('a/b/c', 'a/+/c')).toBe(false);
    expect(filterCovers('a/#', 'a')).toBe(true);
    expect(filterCovers('a/b/#', 'a/#')).toBe(false);
    expect(filterCovers('mjl/v1/#', '#')).toBe(false);
  });

  const level = fc.constantFrom('a', 'b', '');
  const topic = fc.array(level, { minLength: 1, maxLength: 4 }).map((levels) => levels.join('/'));
  const filter = fc
    .tuple(fc.array(fc.constantFrom('a', 'b', '', '+'), { minLength: 0, maxLength: 4 }), fc.boolean())
    .filter(([levels, hash]) => levels.length > 0 || hash)
    .map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/'));

  it('a covered filter matches no topic its pattern does not', () => {
    fc.assert(
      fc.property(filter, filter, fc.array(topic, { minLength: 20, maxLength: 20 }), (pattern, wanted, topics) => {
        if (!filterCovers(pattern, wanted)) return;
        for (const t of topics) if (topicMatches(wanted, t)) expect(topicMatches(pattern, t)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('every filter covers itself', () => {
    fc.assert(fc.property(filter, (f) => filterCovers(f, f)));
  });
});

describe('roles', () => {
  const kitchenPi1 = rightsOf({ user: 'pi-1', role: 'gateway', site: 'kitchen', gateway: 'pi-1' });
  const kitchenAny = rightsOf({ user: 'kitchen', role: 'gateway', site: 'kitchen' });
  const aggregator = rightsOf({ user: 'agg', role: 'aggregator' });
  const viewer = rightsOf({ user: 'eve', role: 'viewer' });
  const admin = rightsOf({ user: 'root', role: 'admin' });

  it('a gateway publishes only its own state, devices and replies, and reads only its commands', () => {
    expect(mayPublish(kitchenPi1, 'gw', 'mjl/v1/kitchen/pi-1/state')).toBe(true);
    expect(mayPublish(kitchenPi1, 'gw', 'mjl/v1/kitchen/pi-1/devices/D-1/results')).toBe(true);
    expect(mayPublish(kitchenPi1, 'gw', 'mjl/v1/replies/mjl-cli-1')).toBe(true);
    expect(mayPublish(kitchenPi1, 'gw', 'mjl/v1/kitchen/pi-2/devices/D-1/results')).toBe(false);
    expect(mayPublish(kitchenPi1, 'gw', 'mjl/v1/garage/pi-1/state')).toBe(false);
    expect(mayPublish(kitchenPi1, 'gw', 'mjl/v1/kitchen/pi-1/cmd')).toBe(false);
    expect(mayPublish(kitchenPi1, 'gw', 'mjl/v1/quorum/Audio')).toBe(false);
    expect(maySubscribe(kitchenPi1, 'gw', 'mjl/v1/kitchen/pi-1/cmd')).toBe(true);
    expect(maySubscribe(kitchenPi1, 'gw', 'mjl/v1/kitchen/+/cmd')).toBe(false);
    expect(maySubscribe(kitchenPi1, 'gw', 'mjl/v1/#')).toBe(false);
  });

  it("binds mjl's gateway and aggregator client ids to their roles", () => {
    const pi1 = { user: 'pi-1', role: 'gateway', site: 'kitchen', gateway: 'pi-1' } as const;
    const site = { user: 'kitchen', role: 'gateway', site: 'kitchen' } as const;
    const agg = { user: 'agg', role: 'aggregator' } as const;
    const eve = { user: 'eve', role: 'viewer' } as const;
    const root = { user: 'root', role: 'admin' } as const;
    expect(mayUseClientId(pi1, clientIds.gateway('kitchen', 'pi-1'))).toBe(true);
    expect(mayUseClientId(pi1, clientIds.gateway('kitchen', 'pi-2'))).toBe(false);
    expect(mayUseClientId(pi1, 'mjl-gw-kitchen-pi-1-x')).toBe(false);
    expect(mayUseClientId(site, clientIds.gateway('kitchen', 'pi-2'))).toBe(true);
    expect(mayUseClientId(site, clientIds.gateway('garage', 'pi-2'))).toBe(false);
    expect(mayUseClientId(pi1, clientIds.aggregator('main'))).toBe(false);
    expect(mayUseClientId(eve, clientIds.aggregator('main'))).toBe(false);
    expect(mayUseClientId(eve, clientIds.gateway('kitchen', 'pi-1'))).toBe(false);
    expect(mayUseClientId(agg, clientIds.aggregator('main'))).toBe(true);
    expect(mayUseClientId(agg, clientIds.gateway('kitchen', 'pi-1'))).toBe(false);
    expect(mayUseClientId(eve, 'mjl-cli-0a1b2c')).toBe(true);
    expect(mayUseClientId(pi1, 'mjl-gw-kitchen')).toBe(false);
    expect(mayUseClientId(site, 'mjl-gw-kitchen-')).toBe(false);
    expect(mayUseClientId(eve, 'mjl-agg-')).toBe(false);
    expect(mayUseClientId(root, clientIds.aggregator('main'))).toBe(true);
    expect(mayUseClientId(root, 'mjl-gw-kitchen')).toBe(true);
  });

  it('a site gateway user may act as any gateway of its site only', () => {
    expect(mayPublish(kitchenAny, 'gw', 'mjl/v1/kitchen/pi-7/devices/D-1')).toBe(true);
    expect(mayPublish(kitchenAny, 'gw', 'mjl/v1/garage/pi-7/devices/D-1')).toBe(false);
    expect(maySubscribe(kitchenAny, 'gw', 'mjl/v1/kitchen/pi-7/cmd')).toBe(true);
  });

  it('the aggregator reads everything and writes decisions and its state', () => {
    expect(maySubscribe(aggregator, 'a', 'mjl/v1/+/+/devices/+/results')).toBe(true);
    expect(mayPublish(aggregator, 'a', 'mjl/v1/quorum/Audio')).toBe(true);
    expect(mayPublish(aggregator, 'a', 'mjl/v1/aggregator/state')).toBe(true);
    expect(mayPublish(aggregator, 'a', 'mjl/v1/kitchen/pi-1/devices/D-1/results')).toBe(false);
  });

  it('a viewer reads everything and may only send commands', () => {
    expect(maySubscribe(viewer, 'v', 'mjl/v1/+/+/devices/+')).toBe(true);
    expect(mayPublish(viewer, 'v', 'mjl/v1/kitchen/pi-1/cmd')).toBe(true);
    expect(mayPublish(viewer, 'v', 'mjl/v1/kitchen/pi-1/devices/D-1/results')).toBe(false);
    expect(mayPublish(viewer, 'v', 'mjl/v1/quorum/Audio')).toBe(false);
    expect(maySubscribe(viewer, 'v', '#')).toBe(false);
    expect(maySubscribe(viewer, 'v', '$SYS/#')).toBe(false);
  });

  it('an admin may do anything', () => {
    expect(mayPublish(admin, 'x', 'anything/at/all')).toBe(true);
    expect(maySubscribe(admin, 'x', '#')).toBe(true);
  });

  it('every client may use its own sync and replies topics, and nobody else’s', () => {
    expect(mayPublish(kitchenPi1, 'me', 'mjl/v1/sync/me-12')).toBe(true);
    expect(maySubscribe(kitchenPi1, 'me', 'mjl/v1/sync/me-12')).toBe(true);
    expect(maySubscribe(kitchenPi1, 'me', 'mjl/v1/replies/me')).toBe(true);
    expect(maySubscribe(kitchenPi1, 'me', 'mjl/v1/replies/you')).toBe(false);
    expect(mayPublish(kitchenPi1, 'me', 'mjl/v1/sync/me-1-2')).toBe(false);
    expect(mayPublish(kitchenPi1, 'me', 'mjl/v1/sync/you-1')).toBe(false);
    expect(maySubscribe(kitchenPi1, 'me', 'mjl/v1/sync/me-+')).toBe(false);
    expect(maySubscribe(kitchenPi1, 'me', 'mjl/v1/sync/+')).toBe(false);
  });
});
