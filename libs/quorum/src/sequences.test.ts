import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCATTERED_SEQUENCE_LIMIT, SeenSequences } from './sequences.js';

describe('SeenSequences', () => {
  it('says "first sighting" exactly once per sequence number, in any order, from any start', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1_000, 2 ** 40), fc.array(fc.integer({ min: -50, max: 200 }), { minLength: 1, maxLength: 300 }), (base, offsets) => {
        const seen = new SeenSequences(1, base + offsets[0]!);
        const reference = new Set([offsets[0]]);
        for (const offset of offsets.slice(1)) {
          expect(seen.firstSighting(base + offset)).toBe(!reference.has(offset));
          reference.add(offset);
        }
      }),
    );
  });

  it('keeps nothing scattered while results arrive in order, forwards or backwards', () => {
    const seen = new SeenSequences(1, 10);
    for (let seq = 11; seq < 10_000; seq++) expect(seen.firstSighting(seq)).toBe(true);
    for (let seq = 9; seq > -10_000; seq--) expect(seen.firstSighting(seq)).toBe(true);
    expect(seen.firstSighting(10)).toBe(false);
    expect(seen.scatteredCount).toBe(0);
  });

  it('gives up the oldest gaps instead of growing without bound', () => {
    const seen = new SeenSequences(1, 0);
    for (let seq = 2; seq < 4 * SCATTERED_SEQUENCE_LIMIT; seq += 2) expect(seen.firstSighting(seq)).toBe(true);
    expect(seen.scatteredCount).toBeLessThanOrEqual(SCATTERED_SEQUENCE_LIMIT);
    expect(seen.firstSighting(1)).toBe(false);
    expect(seen.firstSighting(4 * SCATTERED_SEQUENCE_LIMIT - 3)).toBe(true);
    expect(seen.firstSighting(4 * SCATTERED_SEQUENCE_LIMIT - 2)).toBe(false);
  });
});
