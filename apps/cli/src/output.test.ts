import { describe, expect, it } from 'vitest';
import { formatAge, renderTable } from './output.js';

describe('formatAge (kubectl style)', () => {
  it.each([
    [0, '0s'],
    [59_400, '59s'],
    [119_000, '119s'],
    [120_000, '2m0s'],
    [121_000, '2m1s'],
    [9 * 60_000 + 59_000, '9m59s'],
    [45 * 60_000, '45m'],
    [3 * 3_600_000 + 10 * 60_000, '3h10m'],
    [30 * 3_600_000, '30h'],
    [3 * 86_400_000 + 5 * 3_600_000, '3d5h'],
    [400 * 86_400_000, '400d'],
    [3 * 365 * 86_400_000 + 86_400_000, '3y1d'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('renderTable', () => {
  it('pads columns by three spaces like kubectl, with no trailing blanks', () => {
    expect(renderTable(['NAME', 'AGE'], [['AudioClassifier', '2m0s'], ['M', '1s']])).toBe(
      'NAME              AGE\nAudioClassifier   2m0s\nM                 1s\n',
    );
  });
});
