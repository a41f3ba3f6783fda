import { describe, expect, it } from 'vitest';
import { clientIds } from './client-ids.js';

describe('client ids', () => {
  it("name a gateway by site and gateway, an aggregator by instance, and refuse names that are not names", () => {
    expect(clientIds.gateway('kitchen', 'pi-1')).toBe('mjl-gw-kitchen-pi-1');
    expect(clientIds.aggregator('main')).toBe('mjl-agg-main');
    expect(() => clientIds.gateway('kit chen', 'pi-1')).toThrow(/site name "kit chen"/);
    expect(() => clientIds.aggregator('-x')).toThrow(/instance name "-x"/);
  });
});
