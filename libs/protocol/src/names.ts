/** FNV-1a, 32 bit: a stable, dependency-free hash for device names. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A device's name: `<Service>-<8 hex>`, the hex a hash of where it lives, so that the same device
 * on the same gateway and bus address keeps its name across restarts and re-plugs.
 */
export function deviceName(service: string, location: { site: string; gateway: string; address: string }): string {
  const hash = fnv1a32(`${location.site}/${location.gateway}/${location.address}`);
  return `${service}-${hash.toString(16).padStart(8, '0')}`;
}
