/**
 * Nearest-rank percentile (p in 0..100) of values already sorted ascending; NaN for no values. Nearest-rank
 * always returns an observed latency, never an interpolated one.
 */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * n);
  return sortedAscending[Math.max(rank, 1) - 1] ?? Number.NaN;
}

/** Values sorted ascending as a typed array (numeric sort, no string comparison, no copy of the input). */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Median (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
