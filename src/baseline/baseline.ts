/**
 * Baselines: what a metric looked like in earlier runs, as versioned JSON (schema in
 * docs/baselines.md), keyed by metric, context and block statistic, merged from several runs,
 * and validated on load: a corrupt, truncated or hostile file is rejected with an error that
 * names what is wrong, and nothing of it reaches the analyzer unless all of it is valid.
 */
import type { Context, DetectionStatistic, MetricLevels, MetricName } from '../types.js';
import { contextKey } from '../context.js';
import { preview } from '../validate.js';

/** The `format` field of every baseline. */
export const BASELINE_FORMAT = 'perfwarden-baseline';
/** The baseline format version this perfwarden reads and writes. */
export const BASELINE_VERSION = 1;

/** One metric, context and statistic in a baseline. */
export interface BaselineEntry {
  metric: MetricName;
  context: Context;
  statistic: DetectionStatistic;
  /**
   * Location of the block statistic: the mean of the runs' centers (their median when merged
   * from remembered sessions).
   */
  center: number;
  /** Spread of one block's statistic within a run. */
  scale: number;
  /**
   * Spread of the runs' centers (0 with one run): their standard deviation, or 1.4826 × their
   * median absolute deviation when merged from remembered sessions.
   */
  spread: number;
  /** Blocks and runs the entry rests on. */
  blocks: number;
  runs: number;
  /** Levels on the metric's own scale (ms, share, events/s, bytes). */
  levels: MetricLevels;
}

/** A stored reference for the detector, from one or several runs. */
export interface Baseline {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  /** ISO 8601 time of the newest run in it. */
  created: string;
  /** Block span in ms the entries were measured with (the analyzer's `window`). */
  window: number;
  entries: BaselineEntry[];
}

/** Result of {@link validateBaseline}: the baseline, or why it was rejected. */
export type BaselineValidation = { ok: true; baseline: Baseline } | { ok: false; error: string };

const STATISTICS: readonly DetectionStatistic[] = [
  'p10',
  'p50',
  'p95',
  'proportion',
  'rate',
  'level',
];
const MAX_TEXT = 8 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
const MAX_LABELS = 32;
const MAX_NAME = 200;
/** Keys that would reach an object's prototype if a careless consumer assigned them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The key of an entry: metric, context and statistic. */
export function baselineKey(
  metric: MetricName,
  context: Context,
  statistic: DetectionStatistic,
): string {
  return `${metric}\u0000${contextKey(context)}\u0000${statistic}`;
}

function fail(path: string, problem: string, value?: unknown): never {
  throw new TypeError(`${path} ${problem}${arguments.length > 2 ? `, got ${preview(value)}` : ''}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(path: string, value: unknown, minimum = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    fail(
      path,
      minimum === -Infinity ? 'must be a finite number' : `must be a finite number ≥ ${minimum}`,
      value,
    );
  }
  return value;
}

function count(path: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    fail(path, `must be an integer ≥ ${minimum}`, value);
  }
  return value;
}

function name(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME) {
    fail(path, `must be a non-empty string of at most ${MAX_NAME} characters`, value);
  }
  return value;
}

function readContext(path: string, value: unknown): Context {
  if (!isRecord(value)) fail(path, 'must be an object of string labels', value);
  const keys = Object.keys(value);
  if (keys.length > MAX_LABELS) fail(path, `must have at most ${MAX_LABELS} labels`, keys.length);
  const labels: [string, string][] = [];
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) fail(path, `must not have the label "${key}"`);
    labels.push([name(`${path}.${key} (key)`, key), name(`${path}.${key}`, value[key])]);
  }
  return Object.freeze(Object.fromEntries(labels));
}

function readEntry(path: string, value: unknown): BaselineEntry {
  if (!isRecord(value)) fail(path, 'must be an object', value);
  const statistic = value['statistic'];
  if (!STATISTICS.includes(statistic as DetectionStatistic)) {
    fail(`${path}.statistic`, `must be one of ${STATISTICS.join(', ')}`, statistic);
  }
  const levels = value['levels'];
  if (!isRecord(levels)) fail(`${path}.levels`, 'must be an object with p50, p95 and mean', levels);
  const blocks = count(`${path}.blocks`, value['blocks'], 1);
  const runs = count(`${path}.runs`, value['runs'], 1);
  if (runs > blocks) fail(`${path}.runs`, `must not exceed blocks (${blocks})`, runs);
  const scale = finite(`${path}.scale`, value['scale'], 0);
  if (scale === 0) fail(`${path}.scale`, 'must be positive', scale);
  return {
    metric: name(`${path}.metric`, value['metric']),
    context: readContext(`${path}.context`, value['context']),
    statistic: statistic as DetectionStatistic,
    center: finite(`${path}.center`, value['center']),
    scale,
    spread: finite(`${path}.spread`, value['spread'], 0),
    blocks,
    runs,
    levels: {
      p50: finite(`${path}.levels.p50`, levels['p50'], 0),
      p95: finite(`${path}.levels.p95`, levels['p95'], 0),
      mean: finite(`${path}.levels.mean`, levels['mean'], 0),
      ...(levels['p10'] === undefined
        ? {}
        : { p10: finite(`${path}.levels.p10`, levels['p10'], 0) }),
    },
  };
}

function read(input: unknown): Baseline {
  let data = input;
  if (typeof input === 'string') {
    if (input.length > MAX_TEXT)
      fail('baseline', `is larger than ${MAX_TEXT} characters`, input.length);
    try {
      data = JSON.parse(input);
    } catch (error) {
      fail(
        'baseline',
        `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  if (!isRecord(data)) fail('baseline', 'must be an object', data);
  if (data['format'] !== BASELINE_FORMAT) {
    fail('baseline.format', `must be "${BASELINE_FORMAT}"`, data['format']);
  }
  const version = data['version'];
  if (typeof version === 'number' && version > BASELINE_VERSION) {
    fail(
      'baseline.version',
      `is newer than this perfwarden reads (${BASELINE_VERSION}): upgrade perfwarden`,
      version,
    );
  }
  if (version !== BASELINE_VERSION)
    fail('baseline.version', `must be ${BASELINE_VERSION}`, version);
  const created = data['created'];
  if (typeof created !== 'string' || created.length > 64 || !Number.isFinite(Date.parse(created))) {
    fail('baseline.created', 'must be an ISO 8601 date string', created);
  }
  const window = finite('baseline.window', data['window'], 0);
  if (window === 0) fail('baseline.window', 'must be positive', window);
  const entries = data['entries'];
  if (!Array.isArray(entries)) fail('baseline.entries', 'must be an array', entries);
  if (entries.length > MAX_ENTRIES)
    fail('baseline.entries', `must have at most ${MAX_ENTRIES} entries`, entries.length);
  const seen = new Map<string, number>();
  const read: BaselineEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = readEntry(`baseline.entries[${i}]`, entries[i]);
    const key = baselineKey(entry.metric, entry.context, entry.statistic);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(
        `baseline.entries[${i}]`,
        `repeats entries[${earlier}] (${entry.metric} ${contextKey(entry.context)} ${entry.statistic})`,
      );
    }
    seen.set(key, i);
    read.push(entry);
  }
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, created, window, entries: read };
}

/**
 * Reads a baseline from JSON text or a parsed value. Returns a fresh, validated copy (nothing
 * of the input is kept), or throws a `TypeError` naming the first thing that is wrong.
 */
export function parseBaseline(input: unknown): Baseline {
  try {
    return read(input);
  } catch (error) {
    // Getters or proxies in a hostile object can throw anything: report it as a TypeError.
    if (error instanceof TypeError) throw error;
    throw new TypeError(
      `baseline could not be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Like {@link parseBaseline}, as a result instead of an exception. */
export function validateBaseline(input: unknown): BaselineValidation {
  try {
    return { ok: true, baseline: parseBaseline(input) };
  } catch (error) {
    return { ok: false, error: (error as TypeError).message };
  }
}

function mergeEntries(a: BaselineEntry, b: BaselineEntry): BaselineEntry {
  const runs = a.runs + b.runs;
  const blocks = a.blocks + b.blocks;
  const difference = b.center - a.center;
  // Chan et al.: the spread of run centers, combined without the individual runs.
  const squares =
    a.spread ** 2 * (a.runs - 1) +
    b.spread ** 2 * (b.runs - 1) +
    (difference ** 2 * a.runs * b.runs) / runs;
  const weighted = (x: number, y: number): number => (x * a.runs + y * b.runs) / runs;
  return {
    metric: a.metric,
    context: a.context,
    statistic: a.statistic,
    center: a.center + (difference * b.runs) / runs,
    scale: Math.sqrt((a.scale ** 2 * a.blocks + b.scale ** 2 * b.blocks) / blocks),
    spread: runs > 1 ? Math.sqrt(squares / (runs - 1)) : 0,
    blocks,
    runs,
    levels: {
      p50: weighted(a.levels.p50, b.levels.p50),
      p95: weighted(a.levels.p95, b.levels.p95),
      mean: weighted(a.levels.mean, b.levels.mean),
    },
  };
}

/**
 * Merges baselines of several runs (validated first): entries with the same metric, context
 * and statistic combine their runs (center = mean of run centers, spread = their standard
 * deviation, scale pooled); others are kept. All must share one `window`.
 */
export function mergeBaselines(...baselines: readonly unknown[]): Baseline {
  if (baselines.length === 0) throw new TypeError('mergeBaselines needs at least one baseline');
  const valid = baselines.map((baseline, i) => {
    try {
      return parseBaseline(baseline);
    } catch (error) {
      throw new TypeError(`baseline ${i + 1} of ${baselines.length}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  const [first] = valid as [Baseline, ...Baseline[]];
  const merged = new Map<string, BaselineEntry>();
  let created = first.created;
  for (const baseline of valid) {
    if (baseline.window !== first.window) {
      throw new TypeError(
        `cannot merge baselines of ${first.window} ms and ${baseline.window} ms windows`,
      );
    }
    if (Date.parse(baseline.created) > Date.parse(created)) created = baseline.created;
    for (const entry of baseline.entries) {
      const key = baselineKey(entry.metric, entry.context, entry.statistic);
      const earlier = merged.get(key);
      merged.set(key, earlier ? mergeEntries(earlier, entry) : entry);
    }
  }
  return {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    created,
    window: first.window,
    entries: [...merged.values()],
  };
}
