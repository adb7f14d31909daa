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

/**
 * numerator ÷ denominator (counts) rounded half up at `decimals`, exactly: numerator × 10^decimals
 * is an integer, so the one division is correctly rounded and a true tie (…5) is exact. Rounding
 * `(n / d) * 100` later is not: 41/80 of 100 is 51.249999… in binary, and came out as 51.2 where
 * 1/16 of 100 came out as 6.3. Null when the denominator is 0.
 */
function roundedQuotient(numerator: number, denominator: number, decimals: number): number | null {
  if (denominator === 0) return null;
  const f = 10 ** decimals;
  return Math.round((numerator * f) / denominator) / f;
}

/** A rate as published: 4 decimals (`0.1250`). */
export function ratio(numerator: number, denominator: number): number | null {
  return roundedQuotient(numerator, denominator, 4);
}

/** A percentage as published: 1 decimal (`66.7`). */
export function percent(numerator: number, denominator: number): number | null {
  return roundedQuotient(numerator * 100, denominator, 1);
}

/**
 * True when the series rose month over month at least twice in a row (a, b, c with a < b < c);
 * a null rate breaks a run. The rates are the published ones (4 decimals, `ratio`), so anyone
 * can check the flag against the trend table.
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
