/**
 * How each metric is tested. The block statistic is transformed so that a block's noise is
 * roughly normal and of stable spread, which the sequential test needs:
 *
 * - `location` (cpu, gpu, gpu.*, span.*, event, custom): log of the block median, plus a tail
 *   channel on the log of the block p95 for per-frame metrics; main-thread work per frame (cpu)
 *   is also tested on its block p10 (see {@link UNDISTURBED_QUANTILE}), and GPU time keeps its
 *   block p10 as a witness;
 * - `proportion` (frame.dropped, frame.long, frame.frozen): share of the block's frames, through
 *   `asin(√p)` (variance-stabilizing for a binomial share);
 * - `rate` (longtask, loaf): events per block, through `2 √(count + 3/8)` (Anscombe, variance ≈ 1
 *   for Poisson counts), blocks without an event count as zero;
 * - `level` (memory): log of the block median, with the blocks' autocorrelation charged;
 * - `report` (frame, inp, lcp, fcp, ttfb, cls, perfwarden.overhead): windows only. Frame
 *   intervals are quantized by vsync (tested through the dropped-frame share instead); vitals
 *   occur once per page, too rarely for a sequential test.
 */
import { metricInfo, metricsTestedAs } from '../metrics.js';
import type { TestPolicyName } from '../metrics.js';
import type { DetectionStatistic, MetricName, TestKind } from '../types.js';

export interface MetricPolicy {
  readonly kind: TestKind;
  /** Channels, each a sequential test on one block statistic; the first is the main one. */
  readonly statistics: readonly DetectionStatistic[];
  /** Windows are pooled into one block until they hold this many samples. */
  readonly minSamples: number;
  /** Smallest scale of the transformed statistic (1 % on the log scale ≈ one histogram bucket). */
  readonly floor: number;
  /** The p10 channel only confirms a worse median: it learns references and runs no test. */
  readonly witness?: boolean;
}

const PER_FRAME: MetricPolicy = {
  kind: 'location',
  statistics: ['p50', 'p95'],
  minSamples: 20,
  floor: 0.01,
};
/**
 * The quantile of a block of main-thread work that stands for its undisturbed frames. The
 * operating system stretches a frame it pre-empts (another process's turn on the CPU), and
 * never shortens one, so on a busy machine the median and the tail move with the neighbours
 * while the fastest frames keep the code's own cost; a change of the code's work moves them
 * all (figures in docs/detection.md, "The machine or the code"). The tail channel stays for
 * regressions that live in a few slow frames.
 */
export const UNDISTURBED_QUANTILE = 0.1;
// The median stays the main channel: on steady noise a block's p10 is noisier than its median,
// and alone it would catch small changes later.
const MAIN_THREAD: MetricPolicy = { ...PER_FRAME, statistics: ['p50', 'p95', 'p10'] };
// GPU time on a software renderer (llvmpipe) is CPU work of the GPU process's threads, which
// other processes stretch too, but its p10 moves with their load nearly as much as its median:
// tested, it would raise alarms of its own under changing load. As a witness it still holds
// back a worse median that the fastest frames do not share (docs/detection.md, "The machine
// or the code").
const GPU_TIME: MetricPolicy = { ...MAIN_THREAD, witness: true };
// Spans stay on their median: with as few as 10 samples a block, its p10 is its fastest one.
const SPAN: MetricPolicy = { ...PER_FRAME, minSamples: 10 };
// Event Timing rounds durations to 8 ms: a block median moves in steps of ≈ 5 %.
const INTERACTION: MetricPolicy = {
  kind: 'location',
  statistics: ['p50'],
  minSamples: 8,
  floor: 0.03,
};
const CUSTOM: MetricPolicy = { kind: 'location', statistics: ['p50'], minSamples: 5, floor: 0.01 };
const PROPORTION: MetricPolicy = {
  kind: 'proportion',
  statistics: ['proportion'],
  minSamples: 1,
  floor: 0,
};
const RATE: MetricPolicy = { kind: 'rate', statistics: ['rate'], minSamples: 1, floor: 1 };
const LEVEL: MetricPolicy = { kind: 'level', statistics: ['level'], minSamples: 1, floor: 0.005 };
const REPORT: MetricPolicy = { kind: 'report', statistics: [], minSamples: 1, floor: 0 };

/** The numbers behind each test policy of the metric registry. */
const POLICIES: Record<TestPolicyName, MetricPolicy> = {
  'per-frame': PER_FRAME,
  'main-thread': MAIN_THREAD,
  'gpu-time': GPU_TIME,
  span: SPAN,
  interaction: INTERACTION,
  custom: CUSTOM,
  share: PROPORTION,
  rate: RATE,
  level: LEVEL,
  report: REPORT,
};

/** Metrics counted as a share of the same block's `frame` count. */
export const FRAME_PROPORTIONS: readonly MetricName[] = /* @__PURE__ */ metricsTestedAs('share');

/** The denominator of the `proportion` metrics. */
export const FRAME_METRIC: MetricName = 'frame';

/** The test policy of a metric, by name (see the metric registry, src/metrics.ts). */
export function policyFor(metric: MetricName): MetricPolicy {
  return POLICIES[metricInfo(metric).test];
}

/**
 * Where a test clips a block's standardized increment: 4 for block medians, p10s and memory (well
 * behaved: big shifts are caught in a few blocks), 2.5 for block p95s, shares and rates, whose
 * blocks jump with a cluster of slow frames or a burst of events (one wild block can then add
 * at most 2.5 to the sum, far below the boundary).
 */
export function clipFor(statistic: DetectionStatistic): number {
  return statistic === 'p50' || statistic === 'p10' || statistic === 'level' ? 4 : 2.5;
}

const RATE_OFFSET = 3 / 8;

/**
 * The margin `δ0` in statistic units for a relative margin `relative` at the level `center`
 * (`ln(1 + relative)` on the log scale).
 */
export function marginAt(statistic: DetectionStatistic, center: number, relative: number): number {
  if (relative <= 0) return 0;
  const level = untransform(statistic, center);
  return level > 0 ? transform(statistic, level * (1 + relative)) - center : 0;
}

/**
 * Relative change of the block level when the statistic moves from `center` by `shift`; the
 * reference level is floored at `floor` so that a change from zero stays finite.
 */
export function relativeChange(
  statistic: DetectionStatistic,
  center: number,
  shift: number,
  floor = 0,
): number {
  return (
    untransform(statistic, center + shift) / Math.max(untransform(statistic, center), floor) - 1
  );
}

/** Block value → the statistic the test sees. */
export function transform(statistic: DetectionStatistic, value: number): number {
  if (statistic === 'proportion') return Math.asin(Math.sqrt(Math.min(1, Math.max(0, value))));
  if (statistic === 'rate') return 2 * Math.sqrt(Math.max(0, value) + RATE_OFFSET);
  return Math.log(value);
}

/** The statistic → a block value (inverse of {@link transform}). */
export function untransform(statistic: DetectionStatistic, statisticValue: number): number {
  if (statistic === 'proportion') {
    const angle = Math.min(Math.PI / 2, Math.max(0, statisticValue));
    return Math.sin(angle) ** 2;
  }
  if (statistic === 'rate') return Math.max(0, (statisticValue / 2) ** 2 - RATE_OFFSET);
  return Math.exp(statisticValue);
}
