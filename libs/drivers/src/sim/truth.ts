/**
 * The simulator's deterministic randomness: every gateway started with the same seed "hears the same
 * sounds", so a fleet of simulated sites votes on one shared ground truth.
 */

/** splitmix32-style integer hash of a few 32-bit words. */
export function mix(...words: number[]): number {
  let hash = 0x9e3779b9;
  for (const word of words) {
    hash = Math.imul(hash ^ (word >>> 0), 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return hash >>> 0;
}

/** Uniform in [0, 1) from a hash. */
export const unit = (hash: number) => hash / 2 ** 32;

/** Hash of a string (FNV-1a), to give each device its own stream of randomness. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const low = (n: number) => n % 2 ** 32;
const high = (n: number) => Math.floor(n / 2 ** 32);

/** The true class of the sound in time slot `slot` (slot = floor(timeUs / periodUs)). */
export function simulatedTruth(seed: number, slot: number, classes: number): number {
  return mix(seed, low(slot), high(slot), 0x7275) % classes;
}

/** What one device reports for a slot: the truth with probability `accuracy`, else another class. */
export function simulatedVote(seed: number, deviceHash: number, slot: number, classes: number, accuracy: number): number {
  const truth = simulatedTruth(seed, slot, classes);
  if (classes < 2 || unit(mix(seed, deviceHash, low(slot), high(slot), 1)) < accuracy) return truth;
  const offset = 1 + (mix(seed, deviceHash, low(slot), high(slot), 2) % (classes - 1));
  return (truth + offset) % classes;
}

/** When within its slot a device hears the sound: [0, jitterUs). */
export function simulatedJitter(seed: number, deviceHash: number, slot: number, jitterUs: number): number {
  return jitterUs <= 0 ? 0 : mix(seed, deviceHash, low(slot), high(slot), 3) % jitterUs;
}
