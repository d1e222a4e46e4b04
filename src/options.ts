/**
 * Monitor options: their defaults and their validation. A wrong or unknown option throws a
 * `TypeError` at `createMonitor` that names it; nothing is validated later, when throwing
 * could reach the page.
 */
import type { ErrorHandler } from './errors.js';
import {
  DEFAULT_INTERACTION_THRESHOLD_MS,
  MIN_INTERACTION_THRESHOLD_MS,
} from './sources/interactions.js';
import { DEFAULT_MEMORY_INTERVAL_MS } from './sources/memory.js';
import type { DetectorOptions } from './analyzer.js';
import type { Baseline } from './detect/baseline.js';
import type { Exporter } from './export/exporter.js';
import type { PipelineOptions } from './export/pipeline.js';
import type { Context } from './types.js';

/** Which sources run, and their settings. `true` means "on, with defaults". */
export interface SourceOptions {
  /** Frame intervals and main-thread work per frame (`frame`, `cpu`, `frame.*`). Default on. */
  frames?: boolean;
  /** Long animation frames with script attribution (`loaf`), or long tasks (`longtask`). Default on. */
  longFrames?: boolean;
  /** Every slow interaction (`event`). Default on, threshold 40 ms (at least 16). */
  interactions?: boolean | { threshold?: number };
  /** The app's `performance.measure()` entries (`span.<name>`), optionally only matching names. Default on. */
  measures?: boolean | { match?: RegExp };
  /** LCP, INP, CLS, FCP, TTFB from web-vitals. Default on. */
  vitals?: boolean;
  /** JavaScript memory (`memory`, bytes), every `interval` ms (default 5000). Default on. */
  memory?: boolean | { interval?: number };
}

/** Options of {@link createMonitor}. Every one is optional. */
export interface MonitorOptions {
  /** Share of sessions measured, 0..1 (default 1). Decided once per session from `sessionId`. */
  sampleRate?: number;
  /** Identifies the session for sampling (default: a random UUID). Same id, same decision. */
  sessionId?: string;
  /** Window span in ms (default 1000). */
  window?: number;
  /** Most (metric, context) series tracked at once (default 512). */
  maxSeries?: number;
  /** Context labels of the first samples, e.g. `{ scene: 'graph-10k' }` (default none). */
  context?: Context;
  /** Largest fraction of main-thread time perfwarden may use before it sheds work (default 0.02). */
  overheadBudget?: number;
  /** Which sources run. */
  sources?: SourceOptions;
  /**
   * The regression detector's settings (false-alarm budget, warm-up, watched metrics…), or
   * `false` for windows only. See docs/detection.md.
   */
  detector?: DetectorOptions | false;
  /**
   * A stored baseline (object or JSON text, validated at creation) to compare with instead of
   * learning the reference in this session's warm-up. See docs/baselines.md.
   */
  baseline?: Baseline | string;
  /**
   * Where window summaries, regressions and recoveries go (e.g. `httpExporter(…)`,
   * `otlpExporter(…)`); each needs a distinct `name`. Default none.
   */
  exporters?: readonly Exporter[];
  /** Settings of the delivery pipeline shared by the exporters (batching, retry, persistence…). */
  export?: ExportSettings;
  /** Receives internal errors, deduplicated (default: one `console.warn` per kind). */
  onError?: ErrorHandler;
}

/** Pipeline settings the monitor passes through (see `createPipeline`). */
export type ExportSettings = Omit<PipelineOptions, 'exporters' | 'onError'>;

/** Sources with their settings resolved; `false` when off. */
export interface ResolvedSources {
  frames: boolean;
  longFrames: boolean;
  interactions: { threshold: number } | false;
  measures: { match: RegExp | undefined } | false;
  vitals: boolean;
  memory: { interval: number } | false;
}

/** Options with defaults applied. */
export interface ResolvedMonitorOptions {
  sampleRate: number;
  sessionId: string | undefined;
  window: number;
  maxSeries: number;
  context: Context;
  overheadBudget: number;
  sources: ResolvedSources;
  detector: DetectorOptions | false | undefined;
  baseline: Baseline | string | undefined;
  exporters: readonly Exporter[];
  export: ExportSettings;
  onError: ErrorHandler | undefined;
}

export const DEFAULT_OVERHEAD_BUDGET = 0.02;
const DEFAULT_WINDOW_MS = 1000;
const DEFAULT_MAX_SERIES = 512;

const OPTION_NAMES: readonly (keyof MonitorOptions)[] = [
  'sampleRate',
  'sessionId',
  'window',
  'maxSeries',
  'context',
  'overheadBudget',
  'sources',
  'detector',
  'baseline',
  'exporters',
  'export',
  'onError',
];
const SOURCE_NAMES: readonly (keyof SourceOptions)[] = [
  'frames',
  'longFrames',
  'interactions',
  'measures',
  'vitals',
  'memory',
];

function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'function':
      return 'a function';
    case 'symbol':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
    default:
      return String(value);
  }
}

function fail(option: string, expected: string, value: unknown): never {
  throw new TypeError(
    `createMonitor: option "${option}" must be ${expected}, got ${describe(value)}`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function rejectUnknown(
  object: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `createMonitor: unknown option "${prefix}${key}" (known: ${known.map((name) => prefix + name).join(', ')})`,
      );
    }
  }
}

function number(
  option: string,
  value: unknown,
  fallback: number,
  valid: (n: number) => boolean,
  expected: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !valid(value)) fail(option, expected, value);
  return value;
}

/** A source toggle: `true`/`false`, or a settings object (`true` = defaults). */
function toggle(
  option: string,
  value: unknown,
  settings: boolean,
): Record<string, unknown> | false {
  if (value === undefined || value === true) return {};
  if (value === false) return false;
  if (settings && isPlainObject(value)) return value;
  return fail(option, settings ? 'a boolean or an options object' : 'a boolean', value);
}

function resolveSources(value: unknown): ResolvedSources {
  if (value !== undefined && !isPlainObject(value)) fail('sources', 'an object', value);
  const sources = value ?? {};
  rejectUnknown(sources, SOURCE_NAMES, 'sources.');

  const interactions = toggle('sources.interactions', sources['interactions'], true);
  if (interactions) rejectUnknown(interactions, ['threshold'], 'sources.interactions.');
  const measures = toggle('sources.measures', sources['measures'], true);
  if (measures) rejectUnknown(measures, ['match'], 'sources.measures.');
  const memory = toggle('sources.memory', sources['memory'], true);
  if (memory) rejectUnknown(memory, ['interval'], 'sources.memory.');
  const match = measures ? measures['match'] : undefined;
  if (match !== undefined && !(match instanceof RegExp)) {
    fail('sources.measures.match', 'a RegExp', match);
  }

  return {
    frames: toggle('sources.frames', sources['frames'], false) !== false,
    longFrames: toggle('sources.longFrames', sources['longFrames'], false) !== false,
    interactions: interactions && {
      threshold: number(
        'sources.interactions.threshold',
        interactions['threshold'],
        DEFAULT_INTERACTION_THRESHOLD_MS,
        (n) => n >= MIN_INTERACTION_THRESHOLD_MS && Number.isFinite(n),
        `a number of ms, at least ${MIN_INTERACTION_THRESHOLD_MS}`,
      ),
    },
    measures: measures && { match },
    vitals: toggle('sources.vitals', sources['vitals'], false) !== false,
    memory: memory && {
      interval: number(
        'sources.memory.interval',
        memory['interval'],
        DEFAULT_MEMORY_INTERVAL_MS,
        (n) => n >= 100 && Number.isFinite(n),
        'a number of ms, at least 100',
      ),
    },
  };
}

function resolveContext(value: unknown, option: string): Context {
  if (value === undefined) return Object.freeze({});
  if (!isPlainObject(value) || Object.values(value).some((label) => typeof label !== 'string')) {
    fail(option, 'an object of string labels', value);
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

/** Validates `options` and applies the defaults; throws a `TypeError` naming a wrong option. */
export function resolveMonitorOptions(options: unknown): ResolvedMonitorOptions {
  if (options === undefined) options = {};
  if (!isPlainObject(options)) {
    throw new TypeError(`createMonitor: options must be an object, got ${describe(options)}`);
  }
  rejectUnknown(options, OPTION_NAMES, '');

  const sessionId = options['sessionId'];
  if (sessionId !== undefined && (typeof sessionId !== 'string' || sessionId === '')) {
    fail('sessionId', 'a non-empty string', sessionId);
  }
  const onError = options['onError'];
  if (onError !== undefined && typeof onError !== 'function') {
    fail('onError', 'a function', onError);
  }
  const exporters = options['exporters'] ?? [];
  if (!Array.isArray(exporters)) fail('exporters', 'an array of exporters', exporters);
  exporters.forEach((exporter: unknown, index) => {
    const candidate = exporter as Partial<Exporter> | null;
    if (typeof candidate?.name !== 'string' || typeof candidate.export !== 'function') {
      fail(`exporters[${String(index)}]`, 'an exporter ({ name, export(batch) })', exporter);
    }
  });
  const exportSettings = options['export'] ?? {};
  if (!isPlainObject(exportSettings))
    fail('export', 'an object of pipeline settings', exportSettings);

  return {
    sampleRate: number(
      'sampleRate',
      options['sampleRate'],
      1,
      (n) => n >= 0 && n <= 1,
      'a number from 0 to 1',
    ),
    sessionId,
    window: number(
      'window',
      options['window'],
      DEFAULT_WINDOW_MS,
      (n) => n > 0 && Number.isFinite(n),
      'a positive number of ms',
    ),
    maxSeries: number(
      'maxSeries',
      options['maxSeries'],
      DEFAULT_MAX_SERIES,
      (n) => Number.isInteger(n) && n > 0,
      'a positive integer',
    ),
    context: resolveContext(options['context'], 'context'),
    overheadBudget: number(
      'overheadBudget',
      options['overheadBudget'],
      DEFAULT_OVERHEAD_BUDGET,
      (n) => n > 0 && n <= 1,
      'a fraction above 0 and at most 1',
    ),
    sources: resolveSources(options['sources']),
    // The analyzer validates these two, naming the option, when the monitor creates it.
    detector: options['detector'] as DetectorOptions | false | undefined,
    baseline: options['baseline'] as Baseline | string | undefined,
    exporters: exporters as readonly Exporter[],
    export: exportSettings,
    onError: onError as ErrorHandler | undefined,
  };
}

/** Validates context labels given after creation; returns them frozen, or undefined when wrong. */
export function toContext(value: unknown): Context | undefined {
  if (value === undefined) return undefined;
  try {
    return resolveContext(value, 'context');
  } catch {
    return undefined;
  }
}
