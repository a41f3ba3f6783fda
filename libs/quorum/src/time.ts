/**
 * Microseconds since the epoch for a timestamp in seconds (Python's `time.time()` floats, as in pickle
 * files), rounded to the nearest microsecond. Exact for every timestamp before 2^32 s (year 2106): up to
 * there a double carries seconds to within 0.24 µs, and the product rounds to within 0.25 µs.
 */
export function secondsToMicros(seconds: number): number {
  return Math.round(seconds * 1_000_000);
}

/** Seconds (as a float, like Python's `time.time()`) for microseconds since the epoch. */
export function microsToSeconds(us: number): number {
  return us / 1_000_000;
}

/** Start of the tumbling window of length `windowUs`, aligned to the epoch, holding `timestampUs`. */
export function windowStartOf(timestampUs: number, windowUs: number): number {
  const offset = timestampUs % windowUs;
  return offset < 0 ? timestampUs - offset - windowUs : timestampUs - offset;
}
