import { describe, expect, it } from 'vitest';
import { QuorumEngine } from './index.js';

/** mulberry32: a small seeded PRNG in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function choose(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** Probability that more than half of n independent devices, each right with probability p, are right. */
function majorityRight(n: number, p: number): number {
  let sum = 0;
  for (let k = Math.floor(n / 2) + 1; k <= n; k++) sum += choose(n, k) * p ** k * (1 - p) ** (n - k);
  return sum;
}

const WINDOWS = 100_000;
const WINDOW_US = 3_000;
const START_US = 1_582_405_387_818_000; // a multiple of WINDOW_US

describe('quorum accuracy', () => {
  it.each([
    [3, 0.9],
    [5, 0.9],
    [9, 0.9],
    [3, 0.7],
    [5, 0.7],
    [9, 0.7],
  ])('with %i devices each right with p=%f, decides right as often as the binomial majority says', (devices, p) => {
    const random = seeded(devices * 1000 + p * 100);
    const engine = new QuorumEngine({ windowUs: WINDOW_US });
    const inputs = Array.from({ length: devices }, (_, d) => {
      engine.deviceOnline('AudioClassifier', `dev-${d}`, `pi-${d % 3}`);
      return { service: 'AudioClassifier', device: `dev-${d}`, gateway: `pi-${d % 3}`, timestampUs: 0, value: 0 };
    });
    let right = 0;
    let closed = 0;
    for (let w = 0; w < WINDOWS; w++) {
      const truth = w % 5;
      for (const input of inputs) {
        input.timestampUs = START_US + w * WINDOW_US + Math.floor(random() * WINDOW_US);
        input.value = random() < p ? truth : 5 + Math.floor(random() * 3);
        engine.add(input);
      }
      for (const decision of engine.closeReady()) {
        closed++;
        if (decision.decided && decision.value === (decision.windowStartUs - START_US) / WINDOW_US % 5) right++;
      }
    }
    expect(closed).toBe(WINDOWS);
    expect(engine.stats()).toMatchObject({ accepted: WINDOWS * devices, late: 0, windowsOpen: 0 });
    expect(Math.abs(right / WINDOWS - majorityRight(devices, p))).toBeLessThan(0.01);
  });
});
