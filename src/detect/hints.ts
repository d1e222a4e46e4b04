/**
 * Hints: where to look, from what moved together with a regressed metric in the same context
 * over the same blocks (before: up to a minute before the estimated change; after: from the
 * change to the alarm). Each hint quotes the numbers it rests on.
 */
import { formatLevel, formatNumber, formatPercent, formatShare } from '../format.js';
import type { MetricName, Regression } from '../types.js';
import type { MetricDetector } from './metric-detector.js';
import { theilSen } from './theil-sen.js';

/** A relative change smaller than this counts as flat. */
const FLAT = 0.03;
/**
 * GPU work "grew together" with CPU work when its relative growth is at least this share of
 * the CPU's: more data or draw calls move both alike, while a +6 % GPU drift beside +150 % of
 * main-thread work (a demo run) is the CPU's story.
 */
const TOGETHER = 1 / 3;
/** Blocks before the change that make "before". */
const BEFORE_BLOCKS = 60;
/** Most spans, passes or scripts named in one hint list. */
const TOP = 3;
/** Share of rising pairs that makes a memory rise "steady". */
const STEADY = 0.7;

interface Change {
  metric: MetricName;
  before: number;
  after: number;
  ratio: number;
}

type Siblings = ReadonlyMap<MetricName, MetricDetector>;

function percent(ratio: number): string {
  return formatPercent(ratio - 1);
}

function describeChange(change: Change, statistic = 'p50'): string {
  const { metric, before, after, ratio } = change;
  return `${metric} ${statistic} ${formatLevel(metric, before)} → ${formatLevel(metric, after)} (${percent(ratio)})`;
}

function isFlat(change: Change | undefined): boolean {
  return change !== undefined && Math.abs(change.ratio - 1) < FLAT;
}

/** The typical level of a metric: the block median, or the pooled value of a share or rate. */
function changeOf(
  detector: MetricDetector | undefined,
  from: number,
  at: number,
): Change | undefined {
  if (!detector) return undefined;
  const before = detector.levelsBetween(from, at);
  const after = detector.levelsBetween(at, Infinity);
  if (!before || !after) return undefined;
  const pooled = detector.policy.kind === 'proportion' || detector.policy.kind === 'rate';
  const b = pooled ? before.levels.mean : before.levels.p50;
  const a = pooled ? after.levels.mean : after.levels.p50;
  if (!(Number.isFinite(a) && Number.isFinite(b))) return undefined;
  return {
    metric: detector.metric,
    before: b,
    after: a,
    ratio: b > 0 ? a / b : a > 0 ? Infinity : 1,
  };
}

/** Siblings with a name prefix that grew, largest absolute growth first. */
function grown(siblings: Siblings, prefix: string, from: number, at: number): Change[] {
  const changes: Change[] = [];
  for (const [metric, detector] of siblings) {
    if (!metric.startsWith(prefix)) continue;
    const change = changeOf(detector, from, at);
    if (change && change.ratio >= 1 + FLAT) changes.push(change);
  }
  return changes.sort((a, b) => b.after - b.before - (a.after - a.before)).slice(0, TOP);
}

function scriptHints(
  siblings: Siblings,
  from: number,
  at: number,
  blocksPerSecond: number,
): string[] {
  const loaf = siblings.get('loaf');
  if (!loaf) return [];
  const before = loaf.attributionBetween(from, at);
  const after = loaf.attributionBetween(at, Infinity);
  const growth = [...after]
    .map(([script, value]) => ({ script, before: before.get(script) ?? 0, after: value }))
    .filter((entry) => entry.after > entry.before)
    .sort((a, b) => b.after - b.before - (a.after - a.before))
    .slice(0, TOP);
  return growth.map(
    (entry) =>
      `Long-animation-frame time in ${entry.script} grew: ${formatNumber(entry.before * blocksPerSecond)} → ${formatNumber(entry.after * blocksPerSecond)} ms per s.`,
  );
}

function spanHints(changes: Change[], kind: string): string[] {
  return changes.map((change) => `${kind} ${describeChange(change)} grew.`);
}

/** How a second metric moved over the same blocks, as a clause. */
function alongside(change: Change | undefined): string {
  if (!change) return '';
  const { metric, before, after, ratio } = change;
  const numbers = `${formatLevel(metric, before)} → ${formatLevel(metric, after)}, ${percent(ratio)}`;
  if (isFlat(change)) return ` while ${change.metric} stayed flat (${numbers})`;
  return change.ratio < 1
    ? ` while ${change.metric} fell (${numbers})`
    : ` and ${describeChange(change)}`;
}

function mainThread(
  regression: Regression,
  siblings: Siblings,
  from: number,
  span: number,
): string[] {
  const at = regression.changedAt;
  const cpu = changeOf(siblings.get('cpu'), from, at);
  const gpu = changeOf(siblings.get('gpu'), from, at);
  const hints: string[] = [];
  if (cpu && cpu.ratio >= 1 + FLAT) {
    hints.push(
      gpu && gpu.ratio >= 1 + Math.max(FLAT, TOGETHER * (cpu.ratio - 1))
        ? `CPU and GPU work grew together: ${describeChange(cpu)} and ${describeChange(gpu)}: more data or more draw calls per frame?`
        : `Main-thread work grew: ${describeChange(cpu)}${gpu ? alongside(gpu) : ' (no GPU timing to compare)'}.`,
    );
  }
  hints.push(...spanHints(grown(siblings, 'span.', from, at), 'User span'));
  hints.push(...scriptHints(siblings, from, at, 1000 / span));
  return hints;
}

function gpuBound(regression: Regression, siblings: Siblings, from: number): string[] {
  const at = regression.changedAt;
  const gpu = changeOf(siblings.get(regression.metric), from, at);
  const cpu = changeOf(siblings.get('cpu'), from, at);
  const hints: string[] = [];
  if (gpu) {
    hints.push(
      `GPU-bound (shader cost, fill rate, overdraw): ${describeChange(gpu)}${alongside(cpu)}.`,
    );
  }
  hints.push(
    ...spanHints(
      grown(siblings, 'gpu.', from, at).filter((c) => c.metric !== regression.metric),
      'GPU pass',
    ),
  );
  return hints;
}

function frames(regression: Regression, siblings: Siblings, from: number, span: number): string[] {
  const at = regression.changedAt;
  const share = changeOf(siblings.get(regression.metric), from, at);
  const cpu = changeOf(siblings.get('cpu'), from, at);
  const gpu = changeOf(siblings.get('gpu'), from, at);
  const frames = share
    ? `${regression.metric} ${formatShare(share.before)} → ${formatShare(share.after)} of frames`
    : regression.metric;
  if ((!cpu || isFlat(cpu)) && (!gpu || isFlat(gpu))) {
    const measured = [cpu, gpu]
      .filter((change): change is Change => change !== undefined)
      .map((change) => `${change.metric} ${percent(change.ratio)}`)
      .join(' and ');
    return [
      `Compositor or other (outside the page's measured CPU and GPU work): ${frames}${measured ? ` while ${measured}` : ''}.`,
    ];
  }
  const hints: string[] = [];
  if (cpu && !isFlat(cpu)) hints.push(`${frames} follow main-thread work: ${describeChange(cpu)}.`);
  if (gpu && !isFlat(gpu)) hints.push(`${frames} follow GPU work: ${describeChange(gpu)}.`);
  return [
    ...hints,
    ...mainThread(regression, siblings, from, span).filter(
      (hint) => !hint.startsWith('Main-thread'),
    ),
  ];
}

function memory(regression: Regression, siblings: Siblings): string[] {
  const detector = siblings.get(regression.metric);
  if (!detector) return [];
  const { times, levels } = detector.pointsBetween(regression.changedAt, Infinity);
  if (levels.length < 2) return [];
  const trend = theilSen(times, levels);
  const mb = (bytes: number): string => formatNumber(bytes / 1e6);
  const first = levels[0] ?? NaN;
  const last = levels[levels.length - 1] ?? NaN;
  const seconds = ((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000;
  const rise = `${mb(first)} → ${mb(last)} MB over ${Math.round(seconds)} s`;
  const shares = `${Math.round(trend.rising * 100)} % of block pairs rising`;
  return trend.slope > 0 && trend.rising >= STEADY
    ? [
        `Memory rising steadily: ${rise} (Theil-Sen ${formatNumber((trend.slope * 1000) / 1e6)} MB/s, ${shares}): possible leak.`,
      ]
    : [`Memory level rose without a steady trend: ${rise} (${shares}).`];
}

/**
 * Hints for a regression of `regression.metric`, from the detectors of the same context.
 * `span` is the block span in ms.
 */
export function hintsFor(regression: Regression, siblings: Siblings, span: number): string[] {
  const { metric } = regression;
  const from = regression.changedAt - BEFORE_BLOCKS * span;
  if (metric === 'gpu' || metric.startsWith('gpu.')) return gpuBound(regression, siblings, from);
  if (metric.startsWith('frame.')) return frames(regression, siblings, from, span);
  if (metric === 'memory') return memory(regression, siblings);
  if (metric === 'longtask' || metric === 'loaf') {
    const rate = changeOf(siblings.get(metric), from, regression.changedAt);
    const perSecond = rate
      ? [
          `${metric === 'loaf' ? 'Long animation frames' : 'Long tasks'}: ${formatNumber(rate.before)} → ${formatNumber(rate.after)} per s.`,
        ]
      : [];
    return [...perSecond, ...mainThread(regression, siblings, from, span)];
  }
  return mainThread(regression, siblings, from, span);
}
