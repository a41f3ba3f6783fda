import { describe, expect, it } from 'vitest';
import { rendezvousOwner } from './index.js';

describe('rendezvousOwner', () => {
  const services = Array.from({ length: 200 }, (_, i) => `Service${i}`);

  it('is the same whatever the order of the instances, and spreads keys over them', () => {
    const counts = new Map<string, number>();
    for (const service of services) {
      const owner = rendezvousOwner(service, ['a', 'b', 'c']) as string;
      expect(rendezvousOwner(service, ['c', 'a', 'b'])).toBe(owner);
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    for (const instance of ['a', 'b', 'c']) expect(counts.get(instance)).toBeGreaterThan(40);
  });

  it('moves only the keys of an instance that leaves', () => {
    for (const service of services) {
      const before = rendezvousOwner(service, ['a', 'b', 'c']);
      const after = rendezvousOwner(service, ['a', 'c']);
      if (before !== 'b') expect(after).toBe(before);
    }
    expect(rendezvousOwner('x', [])).toBeUndefined();
  });
});
