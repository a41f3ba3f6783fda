/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
export function levenshtein(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  if (left === right) return 0;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  let current = new Array<number>(right.length + 1).fill(0);
  for (let i = 1; i <= left.length; i++) {
    current[0] = i;
    for (let j = 1; j <= right.length; j++) {
      const substitution = (previous[j - 1] as number) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[right.length] as number;
}

/**
 * Up to `limit` names closest to `name`, nearest first (ties by name), leaving out those so far that
 * they would not help: more than half of the name's length away.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const reach = Math.max(2, Math.floor(name.length / 2));
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const distance = levenshtein(name, candidate);
    if (distance <= reach) scored.push({ candidate, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** "no device named X. Did you mean: A, B?" and where to find the names. */
export function unknownName(kind: 'device' | 'service', name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  const hint = close.length > 0 ? `. Did you mean: ${close.join(', ')}?` : '';
  return `no ${kind} named ${name}${hint} (\`mjl ${kind === 'device' ? 'devices' : 'services'}\` lists them)`;
}
