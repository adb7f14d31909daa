/** The median (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (rank = ceil(p/100 × n), 1-based) of a non-empty list; null when empty. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * True when the series rose month over month at least twice in a row (a, b, c with a < b < c);
 * a null rate breaks a run.
 */
export function isRising(rates: readonly (number | null)[]): boolean {
  let run = 0;
  for (let i = 1; i < rates.length; i++) {
    const prev = rates[i - 1];
    const cur = rates[i];
    run = prev !== null && prev !== undefined && cur !== null && cur !== undefined && cur > prev ? run + 1 : 0;
    if (run >= 2) return true;
  }
  return false;
}
