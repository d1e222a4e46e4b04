/**
 * Monitor options: their defaults and their validation. A wrong or unknown option throws a
 * `TypeError` at `createMonitor` that names it; nothing is validated later, when throwing
 * could reach the page.
 */
import { resolveWindowOptions } from '../analysis/window-options.js';
import { DETECTOR_METHODS } from '../analysis/detector.js';
import type { Detector } from '../analysis/detector.js';
import type { ErrorHandler } from '../errors.js';
import {
  exportSettingNames,
  resolveExportSettings,
  validateExporters,
} from '../export/pipeline-options.js';
import type { ExportSettings } from '../export/pipeline-options.js';
import {
  functionOption,
  invalidOption,
  isPlainObject,
  MAX_TIMER_MS,
  missingMethod,
  numberOption,
  oneOfOption,
  optionsObject,
  rejectUnknown,
  stringOption,
} from '../validate.js';
import { contextKeyOf } from '../context.js';
import {
  DEFAULT_INTERACTION_THRESHOLD_MS,
  MIN_INTERACTION_THRESHOLD_MS,
} from '../sources/interactions.js';
import { DEFAULT_MEMORY_INTERVAL_MS } from '../sources/memory.js';
import type { Exporter } from '../export/exporter.js';
import type { VitalsSource } from '../sources/vitals.js';
import type { Context } from '../types.js';
import type { FrameSamplingMode } from './duty-cycle.js';

/** Which sources run, and their settings. `true` means "on, with defaults". */
export interface SourceOptions {
  /**
   * Frame intervals and main-thread work per frame (`frame`, `cpu`, `frame.*`). Default on,
   * sampled `adaptive`ly: in bursts of windows, and every window while the detector learns a
   * reference or sees evidence of a change (see docs/overhead.md); `sampling: 'full'`
   * measures every frame.
   */
  frames?: boolean | { sampling?: FrameSamplingMode };
  /** Long animation frames with script attribution (`loaf`), or long tasks (`longtask`). Default on. */
  longFrames?: boolean;
  /** Every slow interaction (`event`). Default on, threshold 40 ms (at least 16). */
  interactions?: boolean | { threshold?: number };
  /** The app's `performance.measure()` entries (`span.<name>`), optionally only matching names. Default on. */
  measures?: boolean | { match?: RegExp };
  /**
   * LCP, INP, CLS, FCP, TTFB from web-vitals: `webVitals` from `perfwarden/vitals`. Default
   * off, so that a monitor without it does not carry web-vitals.
   */
  vitals?: VitalsSource | false;
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
   * The regression detector, `createDetector(options)` from `perfwarden/detect` (its options
   * hold the false-alarm budget, the warm-up, a stored baseline…). Without one the monitor
   * produces windows only and carries none of the detector's code. See docs/detection.md.
   */
  detector?: Detector;
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

export type { ExportSettings } from '../export/pipeline-options.js';

/** Sources with their settings resolved; `false` when off. */
export interface ResolvedSources {
  frames: { sampling: FrameSamplingMode } | false;
  longFrames: boolean;
  interactions: { threshold: number } | false;
  measures: { match: RegExp | undefined } | false;
  vitals: VitalsSource | false;
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
  detector: Detector | undefined;
  exporters: readonly Exporter[];
  export: ExportSettings;
  onError: ErrorHandler | undefined;
}

/** Who the errors name: options the monitor passes on are validated under its name too. */
const OWNER = 'createMonitor';
export const DEFAULT_OVERHEAD_BUDGET = 0.02;

const OPTION_NAMES: readonly (keyof MonitorOptions)[] = [
  'sampleRate',
  'sessionId',
  'window',
  'maxSeries',
  'context',
  'overheadBudget',
  'sources',
  'detector',
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

function fail(option: string, expected: string, value: unknown, hint?: string): never {
  return invalidOption(OWNER, option, expected, value, hint);
}

const FRAME_SAMPLING_MODES: readonly FrameSamplingMode[] = ['adaptive', 'full'];

/** A source toggle: `true`/`false`, or a settings object (`true` = defaults). */
function toggle(
  option: string,
  value: unknown,
  settings: boolean,
): Record<string, unknown> | false {
  if (value === undefined || value === true) return {};
  if (value === false) return false;
  if (settings && isPlainObject(value)) return optionsObject(OWNER, value, option);
  return fail(option, settings ? 'a boolean or an options object' : 'a boolean', value);
}

function vitalsSource(value: unknown): VitalsSource | false {
  if (value === undefined || value === false) return false;
  if (typeof value === 'function') return value as VitalsSource;
  return fail(
    'sources.vitals',
    'webVitals from perfwarden/vitals',
    value,
    value === true ? "import { webVitals } from 'perfwarden/vitals' and pass it" : undefined,
  );
}

function resolveSources(value: unknown): ResolvedSources {
  const sources = optionsObject(OWNER, value, 'sources');
  rejectUnknown(OWNER, sources, SOURCE_NAMES, 'sources.');

  const frames = toggle('sources.frames', sources['frames'], true);
  if (frames) rejectUnknown(OWNER, frames, ['sampling'], 'sources.frames.');
  const interactions = toggle('sources.interactions', sources['interactions'], true);
  if (interactions) rejectUnknown(OWNER, interactions, ['threshold'], 'sources.interactions.');
  const measures = toggle('sources.measures', sources['measures'], true);
  if (measures) rejectUnknown(OWNER, measures, ['match'], 'sources.measures.');
  const memory = toggle('sources.memory', sources['memory'], true);
  if (memory) rejectUnknown(OWNER, memory, ['interval'], 'sources.memory.');
  const match = measures ? measures['match'] : undefined;
  if (match !== undefined && !(match instanceof RegExp)) {
    fail('sources.measures.match', 'a RegExp', match);
  }

  return {
    frames: frames && {
      sampling: oneOfOption(
        OWNER,
        'sources.frames.sampling',
        frames['sampling'],
        FRAME_SAMPLING_MODES,
        'adaptive',
      ),
    },
    longFrames: toggle('sources.longFrames', sources['longFrames'], false) !== false,
    interactions: interactions && {
      threshold: numberOption(
        OWNER,
        'sources.interactions.threshold',
        interactions['threshold'],
        DEFAULT_INTERACTION_THRESHOLD_MS,
        {
          min: MIN_INTERACTION_THRESHOLD_MS,
          expected: `a number of ms, at least ${MIN_INTERACTION_THRESHOLD_MS}`,
        },
      ),
    },
    measures: measures && { match },
    vitals: vitalsSource(sources['vitals']),
    memory: memory && {
      interval: numberOption(
        OWNER,
        'sources.memory.interval',
        memory['interval'],
        DEFAULT_MEMORY_INTERVAL_MS,
        {
          min: 100,
          max: MAX_TIMER_MS,
          expected: `a number of ms, at least 100 and at most ${MAX_TIMER_MS}`,
        },
      ),
    },
  };
}

function resolveContext(value: unknown, option: string): Context {
  if (value === undefined) return Object.freeze({});
  if (contextKeyOf(value) === undefined) fail(option, 'an object of string labels', value);
  return Object.freeze({ ...(value as Record<string, string>) });
}

/** Validates `options` and applies the defaults; throws a `TypeError` naming a wrong option. */
export function resolveMonitorOptions(input: unknown): ResolvedMonitorOptions {
  const options = optionsObject(OWNER, input);
  if (options['baseline'] !== undefined) {
    throw new TypeError(
      `${OWNER}: option "baseline" belongs to the detector now: createDetector({ baseline }) from 'perfwarden/detect'`,
    );
  }
  rejectUnknown(OWNER, options, OPTION_NAMES);

  const sessionId = options['sessionId'];
  if (sessionId !== undefined) stringOption(OWNER, 'sessionId', sessionId, '');
  const onError = functionOption(OWNER, 'onError', options['onError']) as ErrorHandler | undefined;
  const exporters = validateExporters(options['exporters'] ?? [], OWNER, 'exporters');
  const exportSettings = optionsObject(OWNER, options['export'], 'export');
  rejectUnknown(OWNER, exportSettings, exportSettingNames(), 'export.');
  // Checked here so that errors name the monitor; the pipeline applies the defaults itself.
  resolveExportSettings(exportSettings, OWNER, 'export.');
  const { window, maxSeries } = resolveWindowOptions(
    OWNER,
    options['window'],
    options['maxSeries'],
  );
  const detector = options['detector'];
  if (detector !== undefined && missingMethod(detector, DETECTOR_METHODS) !== undefined) {
    invalidOption(
      OWNER,
      'detector',
      "a detector from createDetector() (import { createDetector } from 'perfwarden/detect')",
      detector,
      isPlainObject(detector) ? 'pass createDetector(options) instead of its options' : undefined,
    );
  }

  return {
    sampleRate: numberOption(OWNER, 'sampleRate', options['sampleRate'], 1, {
      min: 0,
      max: 1,
      expected: 'a number from 0 to 1',
    }),
    sessionId: sessionId as string | undefined,
    window,
    maxSeries,
    context: resolveContext(options['context'], 'context'),
    overheadBudget: numberOption(
      OWNER,
      'overheadBudget',
      options['overheadBudget'],
      DEFAULT_OVERHEAD_BUDGET,
      { above: 0, max: 1, expected: 'a fraction above 0 and at most 1' },
    ),
    sources: resolveSources(options['sources']),
    detector: detector as Detector | undefined,
    exporters,
    export: exportSettings,
    onError,
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
