import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './index.js';

describe('parseDuration', () => {
  it('reads the units of the design into microseconds', () => {
    expect(parseDuration('250us')).toBe(250);
    expect(parseDuration('250µs')).toBe(250);
    expect(parseDuration('3ms')).toBe(3_000);
    expect(parseDuration('1.5s')).toBe(1_500_000);
    expect(parseDuration('2m')).toBe(120_000_000);
    expect(parseDuration(' 1h ')).toBe(3_600_000_000);
  });

  it('explains what is wrong with a bad duration', () => {
    expect(() => parseDuration('3')).toThrow(/invalid duration "3": expected a number followed by a unit/);
    expect(() => parseDuration('3 ms')).toThrow(/expected a number/);
    expect(() => parseDuration('-3ms')).toThrow(/expected a number/);
    expect(() => parseDuration('0ms')).toThrow(/greater than zero/);
    expect(() => parseDuration('0.5us')).toThrow(/finer than one microsecond/);
    expect(() => parseDuration('3days')).toThrow(/examples/);
  });

  it('formats back to a text it parses to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (us) => {
        expect(parseDuration(formatDuration(us))).toBe(us);
      }),
    );
    expect(formatDuration(3_000)).toBe('3ms');
    expect(formatDuration(1_500_000)).toBe('1.5s');
  });
});
