import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closestNames, levenshtein, unknownName } from './suggest.js';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['AudioClassifier', 'audioclassifier', 0],
    ['flaw', 'lawn', 2],
  ])('%s → %s is %d', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
  });

  it('is a metric: symmetric, zero only for equal (case-folded) texts, and within the length difference and the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const distance = levenshtein(a, b);
        expect(distance).toBe(levenshtein(b, a));
        expect(distance === 0).toBe(a.toLowerCase() === b.toLowerCase());
        expect(distance).toBeGreaterThanOrEqual(Math.abs(a.toLowerCase().length - b.toLowerCase().length));
        expect(distance).toBeLessThanOrEqual(Math.max(a.toLowerCase().length, b.toLowerCase().length));
      }),
    );
  });
});

describe('closestNames', () => {
  const devices = ['AudioClassifier-1b93ffa4', 'AudioClassifier-1c940137', 'AudioClassifier-1d9402ca', 'MjlDriver-c209632f', 'AudioClassifier-e6be9810'];

  it('gives the nearest names first, at most three', () => {
    expect(closestNames('AudioClassifier-1b93ffa5', devices)).toEqual(['AudioClassifier-1b93ffa4', 'AudioClassifier-1c940137', 'AudioClassifier-1d9402ca']);
    expect(closestNames('MjlDriver-c209632', devices)).toEqual(['MjlDriver-c209632f']);
  });

  it('leaves out names too far away to help', () => {
    expect(closestNames('Thermostat', devices)).toEqual([]);
    expect(closestNames('x', ['y', 'zzzz'])).toEqual(['y']);
  });

  it('names each candidate once', () => {
    expect(closestNames('abc', ['abd', 'abd', 'abe'], 3)).toEqual(['abd', 'abe']);
  });
});

describe('unknownName', () => {
  it('says which name is unknown, suggests the closest and where to list them', () => {
    expect(unknownName('device', 'AudioClassifier-1b93ffa5', ['AudioClassifier-1b93ffa4'])).toBe(
      'no device named AudioClassifier-1b93ffa5. Did you mean: AudioClassifier-1b93ffa4? (`mjl devices` lists them)',
    );
    expect(unknownName('service', 'Thermostat', ['AudioClassifier'])).toBe('no service named Thermostat (`mjl services` lists them)');
  });
});
