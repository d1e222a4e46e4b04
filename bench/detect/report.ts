/** Small statistics and formatting for the detection benchmark's tables. */

function logChoose(n: number, k: number): number {
  let value = 0;
  for (let i = 1; i <= k; i++) value += Math.log((n - k + i) / i);
  return value;
}

/** P(Binomial(n, p) ≤ k). */
function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  let total = 0;
  for (let i = 0; i <= k; i++) {
    total += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return total;
}

/** One-sided 95 % (Clopper-Pearson) upper bound of a rate with `k` events in `n` trials. */
export function upperBound(k: number, n: number): number {
  if (k >= n) return 1;
  let low = k / n;
  let high = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (binomialCdf(k, n, mid) > 0.05) low = mid;
    else high = mid;
  }
  return high;
}

/** One-sided 95 % (Clopper-Pearson) lower bound of a rate with `k` events in `n` trials. */
export function lowerBound(k: number, n: number): number {
  return k === 0 ? 0 : 1 - upperBound(n - k, n);
}

/** Nearest-rank quantile of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)} %`;
}

/** A markdown table with aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, c) =>
    Math.max(cell.length, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
