/** Minimal, honest micro-benchmark timing: warm up, then the median of repeated runs. */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  name: string;
  /** Median nanoseconds per operation over the runs. */
  nsPerOp: number;
  /** Fastest and slowest run, ns per operation. */
  minNs: number;
  maxNs: number;
  runs: number;
}

/**
 * Times `run()` (which performs `operations` operations) `runs` times after `warmup` runs and
 * reports the median cost per operation. `run` returns a value that is accumulated so the
 * work cannot be optimised away.
 */
export function measure(
  name: string,
  operations: number,
  run: () => number,
  { runs = 15, warmup = 3 } = {},
): Measurement {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += run();
  const perOp: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    sink += run();
    perOp.push(((performance.now() - start) * 1e6) / operations);
  }
  if (Number.isNaN(sink)) console.log('(sink)'); // keeps `sink` observable
  perOp.sort((a, b) => a - b);
  return {
    name,
    nsPerOp: perOp[perOp.length >> 1] ?? NaN,
    minNs: perOp[0] ?? NaN,
    maxNs: perOp[perOp.length - 1] ?? NaN,
    runs,
  };
}

/** Prints measurements as an aligned table. */
export function printTable(title: string, rows: readonly Measurement[]): void {
  console.log(`\n${title}`);
  console.log(
    `${'operation'.padEnd(44)} ${'ns/op (median)'.padStart(15)} ${'min'.padStart(9)} ${'max'.padStart(9)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(44)} ${row.nsPerOp.toFixed(1).padStart(15)} ${row.minNs.toFixed(1).padStart(9)} ${row.maxNs.toFixed(1).padStart(9)}`,
    );
  }
}
