const UNIT_US: Record<string, number> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(us|µs|ms|s|m|h)$/;

/** A duration that cannot be read, with the text and what would be accepted. */
export class DurationError extends Error {
  constructor(readonly text: string, reason: string) {
    super(`invalid duration ${JSON.stringify(text)}: ${reason} (examples: "250us", "3ms", "1.5s", "2m", "1h")`);
    this.name = 'DurationError';
  }
}

/** Parses "250us", "3ms", "1.5s", "2m", "1h" into whole microseconds; throws DurationError otherwise. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new DurationError(text, 'expected a number followed by a unit: us, ms, s, m or h');
  const [, amount = '', unit = ''] = match;
  const us = Number(amount) * (UNIT_US[unit] ?? Number.NaN);
  if (!Number.isSafeInteger(Math.round(us))) throw new DurationError(text, 'too large');
  if (Math.abs(us - Math.round(us)) > 1e-6) throw new DurationError(text, 'finer than one microsecond');
  if (us <= 0) throw new DurationError(text, 'must be greater than zero');
  return Math.round(us);
}

/** The shortest exact text for a duration in microseconds, e.g. 3000 → "3ms", 1500000 → "1.5s". */
export function formatDuration(us: number): string {
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const size = UNIT_US[unit] as number;
    if (us >= size && Number.isInteger((us / size) * 1000)) return `${us / size}${unit}`;
  }
  return `${us}us`;
}
