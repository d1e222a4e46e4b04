/**
 * `createDetector`: the regression detector a monitor or an analyzer runs on its closed windows
 * (`createMonitor({ detector: createDetector() })`). Options are validated here; the blocks it
 * tests are the windows of whatever it is given to, bound once.
 */
import type { Detector, DetectorEvents } from '../analysis/detector.js';
import { createEmitter } from '../emitter.js';
import { createErrorReporter } from '../errors.js';
import type { ErrorHandler } from '../errors.js';
import type { MetricName } from '../types.js';
import {
  functionOption,
  invalidOption,
  numberOption,
  optionsObject,
  rejectUnknown,
} from '../validate.js';
import { BASELINE_FORMAT, BASELINE_VERSION, parseBaseline } from './baseline.js';
import type { Baseline } from './baseline.js';
import { DEFAULT_WATCHED } from './budget.js';
import { Detection } from './detection.js';

/** Options of the regression detector (all optional; see docs/detection.md). */
export interface DetectorOptions {
  /**
   * Chance that a session without any change raises at least one alarm, split across the
   * watched metrics, contexts and segments. Default 0.001.
   */
  falseAlarmRate?: number;
  /** Blocks (windows) a reference is learned from. Default 30. */
  warmup?: number;
  /** Relative change ignored within a session (0.02 = 2 %). Default 0. */
  margin?: number;
  /** Relative change ignored against a stored baseline (sessions differ). Default 0.05. */
  baselineMargin?: number;
  /**
   * Metrics that share 90 % of the budget equally; any other tested metric (spans, GPU passes,
   * custom) draws on the remaining 10 %. Default: cpu, gpu, frame.dropped, frame.long,
   * longtask, event, memory.
   */
  watch?: readonly MetricName[];
  /** Block count at which the test is most sensitive. Default 30. */
  horizon?: number;
  /**
   * A stored reference (object or JSON text, validated here): metrics it has are compared with
   * it, after a short check of their spread, with `baselineMargin`. See docs/baselines.md.
   */
  baseline?: Baseline | string;
  /** Receives internal errors (a throwing listener, for instance). */
  onError?: ErrorHandler;
}

/** Blocks kept per metric, and the longest reference. */
const RECENT_BLOCKS = 240;
/** Internal detection constants (docs/detection.md says why). */
const DETECTION_DEFAULTS = {
  settle: 2,
  capacity: RECENT_BLOCKS,
  checkpoints: [1, 2, 4, 8],
  spacing: 10,
  lifetime: RECENT_BLOCKS,
  epoch: 600,
} as const;

const OPTION_NAMES = [
  'falseAlarmRate',
  'warmup',
  'margin',
  'baselineMargin',
  'watch',
  'horizon',
  'baseline',
  'onError',
];

/**
 * Validates detector options and parses the baseline. Errors name `owner` and the option with
 * `prefix` (`createAnalyzer` passes its own `detector.` options through here).
 */
export function resolveDetectorOptions(input: unknown, owner: string, prefix = '') {
  const options = optionsObject(owner, input) as DetectorOptions;
  rejectUnknown(owner, options, OPTION_NAMES, prefix);
  const name = (option: string): string => `${prefix}${option}`;
  const falseAlarmRate = numberOption(
    owner,
    name('falseAlarmRate'),
    options.falseAlarmRate,
    0.001,
    { above: 0, max: 0.5 - Number.EPSILON, expected: 'in (0, 0.5)' },
  );
  const warmup = numberOption(owner, name('warmup'), options.warmup, 30, {
    min: 8,
    max: RECENT_BLOCKS,
    integer: true,
    expected: `an integer in [8, ${RECENT_BLOCKS}]`,
  });
  const margin = numberOption(owner, name('margin'), options.margin, 0, {
    min: 0,
    max: 1 - Number.EPSILON,
    expected: 'in [0, 1)',
  });
  const baselineMargin = numberOption(owner, name('baselineMargin'), options.baselineMargin, 0.05, {
    min: 0,
    max: 1 - Number.EPSILON,
    expected: 'in [0, 1)',
  });
  const watch = options.watch ?? DEFAULT_WATCHED;
  if (!Array.isArray(watch) || !watch.every((m) => typeof m === 'string')) {
    invalidOption(owner, name('watch'), 'an array of metric names', watch);
  }
  const horizon = numberOption(owner, name('horizon'), options.horizon, 30, {
    min: 1,
    expected: 'a number of blocks ≥ 1',
  });
  let baseline: Baseline | undefined;
  if (options.baseline !== undefined) {
    try {
      baseline = parseBaseline(options.baseline);
    } catch (error) {
      throw new TypeError(`${owner}: option "${name('baseline')}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const onError = functionOption(owner, name('onError'), options.onError) as
    ErrorHandler | undefined;
  return {
    falseAlarmRate,
    warmup,
    margin,
    baselineMargin,
    watch: [...watch],
    horizon,
    baseline,
    onError,
  };
}

/**
 * Creates a regression detector for one monitor or analyzer. Options are validated here: a
 * wrong or unknown one throws a `TypeError` that names it.
 *
 * @example
 * ```ts
 * import { createMonitor } from 'perfwarden';
 * import { createDetector } from 'perfwarden/detect';
 * const monitor = createMonitor({ detector: createDetector({ falseAlarmRate: 0.001 }) });
 * monitor.on('regression', (r) => console.warn(r.metric, r.delta));
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function createDetector(options?: DetectorOptions): Detector {
  const settings = resolveDetectorOptions(options, 'createDetector');
  const report = createErrorReporter(settings.onError);
  const events = createEmitter<DetectorEvents>(report);
  let detection: Detection | undefined;
  let span = NaN;
  return {
    bind(window, where) {
      if (detection) {
        throw new TypeError(
          `${where}: option "detector" is in use by another monitor or analyzer: create one detector for each`,
        );
      }
      const { baseline } = settings;
      if (baseline && baseline.window !== window) {
        throw new TypeError(
          `${where}: the detector's baseline was measured with ${String(baseline.window)} ms windows, not ${String(window)} ms`,
        );
      }
      span = window;
      detection = new Detection(
        { span: window, ...settings, ...DETECTION_DEFAULTS },
        {
          regression: (regression) => {
            events.emit('regression', regression);
          },
          recovery: (recovery) => {
            events.emit('recovery', recovery);
          },
          environment: (change) => {
            events.emit('environment', change);
          },
        },
        report,
      );
    },
    add(window) {
      detection?.add(window);
    },
    analyse(time) {
      detection?.analyse(time);
    },
    interrupt(reason) {
      detection?.flush();
      detection?.gate(reason);
    },
    verdict(metric, context) {
      return detection?.verdict(metric, context);
    },
    verdicts() {
      return detection?.verdicts() ?? [];
    },
    captureBaseline() {
      const created = new Date().toISOString();
      return (
        detection?.baseline(created) ?? {
          format: BASELINE_FORMAT,
          version: BASELINE_VERSION,
          created,
          window: span,
          entries: [],
        }
      );
    },
    on(event, listener) {
      return events.on(event, listener);
    },
  };
}
