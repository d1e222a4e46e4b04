/**
 * The detector settings the detection benches run perfwarden with: the analyzer's defaults
 * (warm-up 30 blocks, 2 % minimum effect, test restarts as in src/detect/create-detector.ts).
 */

/** Blocks of a warm-up. */
export const WARMUP = 30;

export const SETTINGS = {
  warmup: WARMUP,
  horizon: 30,
  margin: 0.02, // the default minimum effect
  baselineMargin: 0.05,
  storedKind: 'baseline' as const,
  capacity: 240,
  referenceBlocks: 240,
  spacing: 10,
  lifetime: 240,
  epoch: 600,
};
