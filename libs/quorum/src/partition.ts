/** FNV-1a with murmur3's finaliser (FNV alone spreads short, similar names badly): rendezvous weights. */
function weight(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Rendezvous (highest random weight) hashing: the instance that owns `key` among `instances`. Every
 * instance computes the same owner from the same set, and when an instance leaves only its keys move.
 */
export function rendezvousOwner(key: string, instances: Iterable<string>): string | undefined {
  let owner: string | undefined;
  let best = -1;
  for (const instance of instances) {
    const instanceWeight = weight(`${instance}/${key}`);
    if (instanceWeight > best || (instanceWeight === best && owner !== undefined && instance < owner)) {
      best = instanceWeight;
      owner = instance;
    }
  }
  return owner;
}
