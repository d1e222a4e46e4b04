/** Speed of the log-bucket histogram: ns per add and per quantile query (target ≤ 20 ns/add). */
import { createHistogram } from '../src/stats/histogram.js';
import { logNormalValues } from '../test/support/random.js';
import { measure, printTable } from './support/measure.js';

const SAMPLES = 1_000_000;
// Frame-time-like values: median ~7 ms, long right tail.
const values = Float64Array.from(logNormalValues(SAMPLES, 1, 2, 0.5));

const adding = createHistogram();
const add = measure('add (1e6 log-normal values)', SAMPLES, () => {
  adding.reset();
  for (let i = 0; i < SAMPLES; i++) adding.add(values[i] ?? 0);
  return adding.count;
});

const queried = createHistogram();
for (let i = 0; i < 100_000; i++) queried.add(values[i] ?? 0);
const QUERIES = 10_000;
const quantiles = [0.5, 0.95, 0.99];
const quantile = measure('quantile (p50/p95/p99 of 1e5 values)', QUERIES * quantiles.length, () => {
  let total = 0;
  for (let i = 0; i < QUERIES; i++) for (const q of quantiles) total += queried.quantile(q);
  return total;
});

const window = createHistogram();
const merge = measure('merge (window of 60 frames into session)', 10_000, () => {
  const session = createHistogram();
  window.reset();
  for (let i = 0; i < 60; i++) window.add(values[i] ?? 0);
  for (let i = 0; i < 10_000; i++) session.merge(window);
  return session.count;
});

printTable(
  `histogram (relative error ${queried.relativeError.toFixed(4)}, scale ${queried.scale})`,
  [add, quantile, merge],
);
