/**
 * `createDetector`: the regression detector a monitor or an analyzer runs on its closed windows
 * (`createMonitor({ detector: createDetector() })`). Options are validated here; the blocks it
 * tests are the windows of whatever it is given to, bound once.
 */
import type { Detector, DetectorEvents } from '../analysis/detector.js';
import { createEmitter } from '../emitter.js';
import { createErrorReporter } from '../errors.js';
import type { ErrorHandler } from '../errors.js';
import type { BaselineStorageKind } from '../baseline/browser-storage.js';
import { listen } from '../page/listen.js';
import { whenIdle } from '../page/idle.js';
import type {
  RememberedSessions,
  RememberedSessionsSettings,
} from '../baseline/remembered-sessions.js';
import type { MetricName, Stop } from '../types.js';
import {
  functionOption,
  invalidOption,
  isPlainObject,
  numberOption,
  oneOfOption,
  optionsObject,
  rejectUnknown,
  stringOption,
} from '../validate.js';
import { parseBaseline } from '../baseline/baseline.js';
import type { Baseline } from '../baseline/baseline.js';
import { DEFAULT_WATCHED } from './budget.js';
import { Detection } from './detection.js';
import { captureBaseline } from './baseline-capture.js';

/** Options of the regression detector (all optional; see docs/detection.md). */
export interface DetectorOptions {
  /**
   * Chance that a session without any change raises at least one alarm, split across the
   * watched metrics, contexts and segments. Default 0.001.
   */
  falseAlarmRate?: number;
  /**
   * Blocks (windows) a reference is learned from. Default 30. While nothing changes the
   * reference is learned again after every as many blocks, up to 240.
   */
  warmup?: number;
  /**
   * Minimum effect of practical interest: a relative change below it is never reported as a
   * regression, however confident (0.02 = 2 %). Default 0.02.
   */
  margin?: number;
  /**
   * Relative change ignored against a stored baseline or remembered sessions (sessions
   * differ); never less than `margin`. Default 0.05.
   */
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
  /**
   * Compare each session with the page's previous sessions: the app's name (`'my-app'`), or
   * `{ name, sessions, storage }`. The detector keeps its captures in browser storage (the
   * last `sessions`, default 5, per context), compares a new session with them from its first
   * blocks, and saves its own capture in idle time and when the page goes. Not with `baseline`.
   * See docs/baselines.md.
   */
  remember?: string | RememberOptions;
  /** Receives internal errors (a throwing listener, for instance; storage failures). */
  onError?: ErrorHandler;
}

/** Where the remembered sessions of an app are kept (see `DetectorOptions.remember`). */
export interface RememberOptions {
  /** The app's name; sessions of the same name (on the same origin) are compared. */
  name: string;
  /** Earlier sessions merged into the reference, per context: 1 to 20. Default 5. */
  sessions?: number;
  /** `'localStorage'` (default) or `'indexedDB'`. */
  storage?: BaselineStorageKind;
}

/** How often a session's capture is saved while it runs (in idle time), ms. */
const SAVE_EVERY_MS = 10_000;
/** Idle callbacks run at the latest after this, ms. */
const SAVE_IDLE_TIMEOUT_MS = 2_000;

/** Blocks kept per metric, and the longest reference. */
const RECENT_BLOCKS = 240;
/** Internal detection constants (docs/detection.md says why). */
const DETECTION_DEFAULTS = {
  settle: 2,
  capacity: RECENT_BLOCKS,
  // Re-estimated every warm-up, not at doubling sizes: a test that starts between two
  // re-estimates then compares with nearly all the blocks before it (docs/detection.md,
  // "The test", step 2).
  referenceBlocks: RECENT_BLOCKS,
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
  'remember',
  'onError',
];

/** Validates the `remember` option (`prefix` names it as `resolveDetectorOptions` does). */
function rememberOption(
  owner: string,
  option: string,
  value: unknown,
): RememberedSessionsSettings | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    return { name: stringOption(owner, option, value, ''), sessions: 5, storage: 'localStorage' };
  }
  if (!isPlainObject(value)) {
    return invalidOption(owner, option, 'an app name or { name, sessions, storage }', value);
  }
  const options = optionsObject(owner, value, option);
  rejectUnknown(owner, options, ['name', 'sessions', 'storage'], `${option}.`);
  if (options['name'] === undefined) {
    invalidOption(owner, `${option}.name`, 'a non-empty string', undefined);
  }
  return {
    name: stringOption(owner, `${option}.name`, options['name'], ''),
    sessions: numberOption(owner, `${option}.sessions`, options['sessions'], 5, {
      min: 1,
      max: 20,
      integer: true,
      expected: 'an integer in [1, 20]',
    }),
    storage: oneOfOption(
      owner,
      `${option}.storage`,
      options['storage'],
      ['localStorage', 'indexedDB'] as const,
      'localStorage',
    ),
  };
}

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
  const margin = numberOption(owner, name('margin'), options.margin, 0.02, {
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
  const remember = rememberOption(owner, name('remember'), options.remember);
  if (remember && baseline) {
    throw new TypeError(
      `${owner}: options "${name('baseline')}" and "${name('remember')}" cannot be used together: a session is compared with one of them`,
    );
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
    remember,
    storedKind: remember ? ('remembered' as const) : ('baseline' as const),
    onError,
  };
}

/** A session id for the remembered sessions: this session's run replaces itself when saved. */
function newSessionId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
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
 * // Or compare each load with the last 5 loads of the app:
 * createMonitor({ detector: createDetector({ remember: 'my-app' }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function createDetector(options?: DetectorOptions): Detector {
  const settings = resolveDetectorOptions(options, 'createDetector');
  const report = createErrorReporter(settings.onError);
  const events = createEmitter<DetectorEvents>(report);
  const { remember: memory } = settings;
  /** The remembered sessions, once their code (a chunk of its own, loaded on use) is there. */
  let remembered: RememberedSessions | undefined;
  let detection: Detection | undefined;
  let span = NaN;
  /** Remembered sessions: read once, at the first window (after the monitor started). */
  let recalled = false;
  let stopListening: Stop | undefined;
  let cancelSave: Stop | undefined;
  let lastSave = NaN;

  const capture = (): Baseline => {
    const created = new Date().toISOString();
    return detection?.baseline(created) ?? captureBaseline([], span, created);
  };
  /** Keeps this session's capture among the remembered ones; failures go to onError. */
  const remember = (): void => {
    cancelSave?.();
    cancelSave = undefined;
    if (!remembered) return;
    try {
      remembered.save(capture()).catch((error: unknown) => {
        report('detector.remember', error);
      });
    } catch (error) {
      report('detector.remember', error);
    }
  };
  const recall = (where: RememberedSessionsSettings): void => {
    stopListening ??= listen('pagehide', remember);
    if (recalled) return;
    recalled = true;
    // Only pages that remember load this code.
    import('../baseline/remembered-sessions.js')
      .then(({ RememberedSessions }) => {
        remembered = new RememberedSessions(where, newSessionId());
        return remembered.load(span);
      })
      .then(
        (baseline) => {
          if (baseline) detection?.useBaseline(baseline);
        },
        (error: unknown) => {
          report('detector.remember', error);
        },
      );
  };

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
      if (memory) recall(memory);
      detection?.add(window);
    },
    analyse(time) {
      detection?.analyse(time);
      if (!remembered || cancelSave) return;
      if (Number.isNaN(lastSave)) lastSave = time;
      if (time - lastSave < SAVE_EVERY_MS) return;
      lastSave = time;
      cancelSave = whenIdle(remember, SAVE_IDLE_TIMEOUT_MS);
    },
    interrupt(reason) {
      detection?.flush();
      // The segment ends here: keep what it measured before the gate forgets it.
      remember();
      if (reason === 'stop') {
        stopListening?.();
        stopListening = undefined;
      }
      detection?.gate(reason);
    },
    verdict(metric, context) {
      return detection?.verdict(metric, context);
    },
    verdicts() {
      return detection?.verdicts() ?? [];
    },
    captureBaseline: capture,
    on(event, listener) {
      return events.on(event, listener);
    },
  };
}
