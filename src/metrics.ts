/**
 * The metric vocabulary: every metric perfwarden knows, with its unit, how the detector tests
 * it and what it means. Every part reads it (the detector's policies and budget, exporters'
 * units, the HUD, reports, the CLI's validation), so a metric is described in one place.
 */
import type { MetricName } from './types.js';

/**
 * Unit of a metric's samples: `ms`, `bytes`, `score` (CLS, unitless), `fraction` (0..1) or
 * `unknown` (custom metrics).
 */
export type MetricUnit = 'ms' | 'bytes' | 'score' | 'fraction' | 'unknown';

/**
 * How the detector tests a metric (see docs/detection.md):
 * - `per-frame`: log of the block median plus a tail channel on the block p95 (GPU passes);
 * - `main-thread`: the same, plus a channel on the block p10 (the frames other processes left
 *   alone), which must confirm a worse median (cpu);
 * - `gpu-time`: like `main-thread`, but the p10 only confirms and raises no alarm of its own
 *   (gpu);
 * - `span`: the same for the app's spans, which are fewer per block;
 * - `interaction`: log of the block median of Event Timing durations (rounded to 8 ms);
 * - `custom`: log of the block median of any other metric;
 * - `share`: share of the block's frames (dropped, long, frozen frames);
 * - `rate`: events per block (long tasks, long animation frames);
 * - `level`: a slowly moving level (memory);
 * - `report`: windows only, not tested.
 */
export type TestPolicyName =
  | 'per-frame'
  | 'main-thread'
  | 'gpu-time'
  | 'span'
  | 'interaction'
  | 'custom'
  | 'share'
  | 'rate'
  | 'level'
  | 'report';

/** What perfwarden knows of one metric. */
export interface MetricInfo {
  /** The unit of its samples (and window summaries). */
  readonly unit: MetricUnit;
  /** How the detector tests it. */
  readonly test: TestPolicyName;
  /** In the default list of watched metrics (they share most of the false-alarm budget). */
  readonly watched: boolean;
  /** What it measures, in a few words. */
  readonly description: string;
}

/** Built-in metrics by name. `span.<name>` and `gpu.<name>` families are in {@link metricInfo}. */
export const BUILT_IN_METRICS = {
  frame: {
    unit: 'ms',
    test: 'report',
    watched: false,
    description: 'time between frames',
  },
  cpu: {
    unit: 'ms',
    test: 'main-thread',
    watched: true,
    description: 'main-thread work per frame',
  },
  gpu: { unit: 'ms', test: 'gpu-time', watched: true, description: 'GPU time per frame' },
  'frame.dropped': {
    unit: 'ms',
    test: 'share',
    watched: true,
    description: 'frames that missed a refresh',
  },
  'frame.long': {
    unit: 'ms',
    test: 'share',
    watched: true,
    description: 'frames of 50 ms or more',
  },
  'frame.frozen': {
    unit: 'ms',
    test: 'share',
    watched: false,
    description: 'frames of 700 ms or more',
  },
  longtask: { unit: 'ms', test: 'rate', watched: true, description: 'long tasks' },
  loaf: { unit: 'ms', test: 'rate', watched: false, description: 'long animation frames' },
  event: {
    unit: 'ms',
    test: 'interaction',
    watched: true,
    description: 'slow interactions',
  },
  inp: { unit: 'ms', test: 'report', watched: false, description: 'Interaction to Next Paint' },
  lcp: { unit: 'ms', test: 'report', watched: false, description: 'Largest Contentful Paint' },
  fcp: { unit: 'ms', test: 'report', watched: false, description: 'First Contentful Paint' },
  ttfb: { unit: 'ms', test: 'report', watched: false, description: 'Time to First Byte' },
  cls: { unit: 'score', test: 'report', watched: false, description: 'Cumulative Layout Shift' },
  memory: { unit: 'bytes', test: 'level', watched: true, description: 'JavaScript heap in use' },
  'env.probe': {
    unit: 'ms',
    test: 'report',
    watched: false,
    description: 'time the environment probe lost to other processes: how much CPU the page gets',
  },
  'perfwarden.overhead': {
    unit: 'fraction',
    test: 'report',
    watched: false,
    description: "share of main-thread time in perfwarden's own callbacks",
  },
} as const satisfies Record<string, MetricInfo>;

/** A built-in metric name. */
export type BuiltInMetric = keyof typeof BUILT_IN_METRICS;

/**
 * Metrics that only the CLI measures, from outside the page, with one value per run (its mean
 * per frame). Kept apart from {@link BUILT_IN_METRICS}, which pages carry, and read through
 * {@link cliMetricInfo}.
 */
export const CLI_METRICS = {
  'cpu.thread': {
    unit: 'ms',
    test: 'report',
    watched: false,
    description: "renderer main thread's CPU time per frame",
  },
  'cpu.gpu': {
    unit: 'ms',
    test: 'report',
    watched: false,
    description: "CPU time of the GPU process's threads per frame",
  },
} as const satisfies Record<string, MetricInfo>;

function isCliMetric(metric: string): metric is keyof typeof CLI_METRICS {
  return Object.hasOwn(CLI_METRICS, metric);
}

const CUSTOM: MetricInfo = {
  unit: 'unknown',
  test: 'custom',
  watched: false,
  description: 'a custom metric',
};

/**
 * Families of metrics named by the app: `span.<name>` (`monitor.span`, `performance.measure`),
 * `gpu.<name>` (GPU passes) and `custom.<name>` (`monitor.record`; any other name works too,
 * but tools that check names, such as the CLI, know custom metrics by this prefix).
 */
export const METRIC_FAMILIES = {
  'span.': { unit: 'ms', test: 'span', watched: false, description: 'an app span' },
  'gpu.': { unit: 'ms', test: 'per-frame', watched: false, description: 'a GPU pass' },
  'custom.': CUSTOM,
} as const satisfies Record<string, MetricInfo>;

function isBuiltIn(metric: string): metric is BuiltInMetric {
  return Object.hasOwn(BUILT_IN_METRICS, metric);
}

/** What perfwarden knows of `metric`: built in, a family member, or a custom metric. */
export function metricInfo(metric: MetricName): MetricInfo {
  if (isBuiltIn(metric)) return BUILT_IN_METRICS[metric];
  if (metric.startsWith('span.')) return METRIC_FAMILIES['span.'];
  if (metric.startsWith('gpu.')) return METRIC_FAMILIES['gpu.'];
  return CUSTOM;
}

/** What perfwarden knows of `metric`, the CLI's own metrics ({@link CLI_METRICS}) included. */
export function cliMetricInfo(metric: MetricName): MetricInfo {
  return isCliMetric(metric) ? CLI_METRICS[metric] : metricInfo(metric);
}

/**
 * Whether `metric` is built in, one of the CLI's own metrics, or a member of a family
 * (`span.<name>`, `gpu.<name>`).
 */
export function isKnownMetric(metric: string): boolean {
  return (
    isBuiltIn(metric) ||
    isCliMetric(metric) ||
    Object.keys(METRIC_FAMILIES).some(
      (prefix) => metric.length > prefix.length && metric.startsWith(prefix),
    )
  );
}

/** The built-in metrics that are watched by default. */
export function defaultWatchedMetrics(): MetricName[] {
  return builtInMetrics().filter((metric) => BUILT_IN_METRICS[metric].watched);
}

/** The built-in metrics the detector tests with `test`. */
export function metricsTestedAs(test: TestPolicyName): MetricName[] {
  return builtInMetrics().filter((metric) => BUILT_IN_METRICS[metric].test === test);
}

function builtInMetrics(): BuiltInMetric[] {
  return Object.keys(BUILT_IN_METRICS) as BuiltInMetric[];
}

/** Every name a user can type, for error messages: built-ins, the CLI's, then the families. */
export function knownMetricNames(): string[] {
  return [
    ...Object.keys(BUILT_IN_METRICS),
    ...Object.keys(CLI_METRICS),
    ...Object.keys(METRIC_FAMILIES).map((p) => `${p}<name>`),
  ];
}
