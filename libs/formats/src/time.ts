/**
 * Seconds since the epoch as files hold them, from microseconds as results carry them. The division is
 * correctly rounded, so it is the double nearest the exact decimal: 1582405387819107 → 1582405387.819107,
 * which Python and `String()` both print as written.
 */
export function secondsFromMicros(micros: number): number {
  return micros / 1e6;
}

/**
 * Whole microseconds from seconds read from a file: the inverse of secondsFromMicros for every timestamp
 * it produced (through year 2242, where doubles stop resolving microseconds); other inputs round to nearest.
 */
export function microsFromSeconds(seconds: number): number {
  const rounded = Math.round(seconds * 1e6);
  for (const candidate of [rounded, rounded - 1, rounded + 1]) {
    if (candidate / 1e6 === seconds) return candidate;
  }
  return rounded;
}
