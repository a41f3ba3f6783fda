import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceName, filters, nameProblem, parseTopic, RESERVED_SITES, topics } from './index.js';

describe('topics', () => {
  it('builds the namespace of the design', () => {
    expect(topics.gatewayState('kitchen', 'pi-1')).toBe('mjl/v1/kitchen/pi-1/state');
    expect(topics.results('kitchen', 'pi-1', 'AudioClassifier-a2a3fb01')).toBe('mjl/v1/kitchen/pi-1/devices/AudioClassifier-a2a3fb01/results');
    expect(topics.stream('kitchen', 'pi-1', 'd', '347f9f7b')).toBe('mjl/v1/kitchen/pi-1/devices/d/streams/347f9f7b');
    expect(topics.gatewayResults('kitchen', 'pi-1')).toBe('mjl/v1/kitchen/pi-1/results');
    expect(topics.quorum('AudioClassifier')).toBe('mjl/v1/quorum/AudioClassifier');
    expect(topics.aggregatorState('main')).toBe('mjl/v1/aggregator/main/state');
    expect(parseTopic('mjl/v1/aggregator/main/state')).toEqual({ kind: 'aggregatorState', instance: 'main' });
  });

  it('parses what it builds', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/);
    const site = name.filter((s) => s !== 'quorum' && s !== 'aggregator' && s !== 'replies');
    fc.assert(
      fc.property(site, name, name, name, (s, g, d, st) => {
        expect(parseTopic(topics.gatewayState(s, g))).toEqual({ kind: 'gatewayState', site: s, gateway: g });
        expect(parseTopic(topics.device(s, g, d))).toEqual({ kind: 'device', site: s, gateway: g, device: d });
        expect(parseTopic(topics.results(s, g, d))).toEqual({ kind: 'results', site: s, gateway: g, device: d });
        expect(parseTopic(topics.logs(s, g, d))).toEqual({ kind: 'logs', site: s, gateway: g, device: d });
        expect(parseTopic(topics.stream(s, g, d, st))).toEqual({ kind: 'stream', site: s, gateway: g, device: d, stream: st });
        expect(parseTopic(topics.command(s, g))).toEqual({ kind: 'command', site: s, gateway: g });
        expect(parseTopic(topics.gatewayResults(s, g))).toEqual({ kind: 'gatewayResults', site: s, gateway: g });
        expect(parseTopic(topics.quorum(d))).toEqual({ kind: 'quorum', service: d });
        expect(parseTopic(topics.quorumLate(d))).toEqual({ kind: 'quorumLate', service: d });
      }),
    );
  });

  it('returns undefined for topics outside the namespace', () => {
    for (const topic of ['', 'mjl/v2/a/b/state', 'mjl/v1/a/b/other', 'mjl/v1/a/b/devices', 'mjl/v1/a/b/devices/d/x', 'mjl/v1/quorum', 'mjl/v1/a/+/state', 'mjl/v1/a/b/devices/d/streams']) {
      expect(parseTopic(topic)).toBeUndefined();
    }
  });

  it('rejects names that would break the namespace', () => {
    for (const bad of ['', 'a/b', 'a+', '#', ' x', '-x']) expect(nameProblem('device', bad)).toBeDefined();
    expect(nameProblem('site', 'quorum')).toMatch(/reserved/);
    expect(() => topics.gatewayState('kitchen', 'pi/1')).toThrow(/gateway name "pi\/1"/);
    expect(filters.deviceResults('d-1')).toBe('mjl/v1/+/+/devices/d-1/results');
  });
});

describe('deviceName', () => {
  it('is stable for a location and differs between locations', () => {
    const where = { site: 'kitchen', gateway: 'pi-1', address: 'ble:aa:bb' };
    expect(deviceName('AudioClassifier', where)).toBe(deviceName('AudioClassifier', { ...where }));
    expect(deviceName('AudioClassifier', where)).toMatch(/^AudioClassifier-[0-9a-f]{8}$/);
    expect(deviceName('AudioClassifier', where)).not.toBe(deviceName('AudioClassifier', { ...where, gateway: 'pi-2' }));
  });
});
