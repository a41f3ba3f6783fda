/** What every bench returns: one row of the table and of bench/results.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The goal this number is held to; rows without one are context. */
  target?: Target;
  /** How it was measured, when the name cannot say it. */
  note?: string;
}

export interface Target {
  /** 'min': the value must be at least `value`; 'max': at most. */
  kind: 'min' | 'max';
  value: number;
}

export const atLeast = (value: number): Target => ({ kind: 'min', value });
export const atMost = (value: number): Target => ({ kind: 'max', value });

export function verdict(result: BenchResult): 'met' | 'MISSED' | '' {
  const { target, value } = result;
  if (!target) return '';
  if (!Number.isFinite(value)) return 'MISSED';
  return (target.kind === 'min' ? value >= target.value : value <= target.value) ? 'met' : 'MISSED';
}

export function describeTarget(target: Target | undefined): string {
  if (!target) return '';
  return `${target.kind === 'min' ? '≥' : '≤'} ${target.value.toLocaleString('en-US')}`;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (value: number, digits = 0) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};
