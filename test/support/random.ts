/** Seeded pseudo-random numbers for reproducible tests and benchmarks (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform source (Box-Muller). */
export function normalFrom(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform(); // (0, 1], so the logarithm is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** `count` log-normal values: exp(mu + sigma * N(0, 1)). */
export function logNormalValues(count: number, seed: number, mu = 2, sigma = 1): number[] {
  const normal = normalFrom(seededRandom(seed));
  return Array.from({ length: count }, () => Math.exp(mu + sigma * normal()));
}

/** Exact nearest-rank quantile of an ascending array: the value of rank ⌈q·n⌉ (at least 1). */
export function exactQuantile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  const value = sorted[rank - 1];
  if (value === undefined) throw new RangeError('empty array');
  return value;
}
