/**
 * The nearest-rank percentile: the smallest value such that at least `p`% of the values are less
 * than or equal to it. Always one of the observed values (a lead time someone actually had), never
 * an interpolation between two — a manager can find the item behind the number.
 * Returns null for an empty list.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] as number;
}
