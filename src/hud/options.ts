/** Options of the HUD, their defaults and their validation (errors name the option). */
import type { Baseline } from '../baseline/baseline.js';
import type { ErrorHandler } from '../errors.js';
import type { MetricName } from '../types.js';
import {
  booleanOption,
  functionOption,
  invalidOption,
  MAX_TIMER_MS,
  numberOption,
  oneOfOption,
  optionsObject,
  rejectUnknown,
} from '../validate.js';

/** Where the HUD sits: a corner of the viewport, or `inline` in the flow of its parent. */
export type HudCorner = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'inline';

/** Options of {@link createHud}; all optional. */
export interface HudOptions {
  /** Element the HUD appends itself to; without it, append `hud.dom` yourself. */
  target?: Element;
  /** Default `top-right`. The HUD can be dragged from there. */
  corner?: HudCorner;
  /** `auto` (default) follows `prefers-color-scheme`. */
  theme?: 'auto' | 'dark' | 'light';
  /** Metrics with a graph, in order. Default `['cpu', 'gpu', 'frame']`. */
  metrics?: readonly MetricName[];
  /** Least time between two redraws (ms); at least 250 (4 per second). Default 250. */
  refresh?: number;
  /** Windows held per graph (one column each). Default 60. */
  history?: number;
  /** Start minimised. Default false. */
  minimised?: boolean;
  /**
   * Receives the baseline captured with the "capture baseline" button; without it the button
   * downloads the baseline as a JSON file.
   */
  onBaseline?: (baseline: Baseline) => void;
  /** Windows and events kept for "download JSON" (oldest dropped first). Default 10 000. */
  maxRecords?: number;
  /** Receives internal errors (default: one `console.warn` per kind). */
  onError?: ErrorHandler;
}

export type ResolvedHudOptions = Required<Omit<HudOptions, 'target' | 'onBaseline' | 'onError'>> &
  Pick<HudOptions, 'target' | 'onBaseline' | 'onError'>;

const CORNERS: readonly HudCorner[] = [
  'top-right',
  'top-left',
  'bottom-right',
  'bottom-left',
  'inline',
];
const THEMES = ['auto', 'dark', 'light'] as const;

const WHERE = 'createHud';
const OPTION_NAMES = [
  'target',
  'corner',
  'theme',
  'metrics',
  'refresh',
  'history',
  'minimised',
  'onBaseline',
  'maxRecords',
  'onError',
];

/** Applies the defaults; throws a `TypeError` naming a wrong option. */
export function resolveHudOptions(input?: HudOptions): ResolvedHudOptions {
  const options = optionsObject(WHERE, input);
  rejectUnknown(WHERE, options, OPTION_NAMES);
  const target = options['target'];
  if (target !== undefined && !(typeof Element !== 'undefined' && target instanceof Element)) {
    invalidOption(WHERE, 'target', 'an Element', target);
  }
  const corner = oneOfOption(WHERE, 'corner', options['corner'], CORNERS, 'top-right');
  const theme = oneOfOption(WHERE, 'theme', options['theme'], THEMES, 'auto');
  const metrics = options['metrics'] ?? ['cpu', 'gpu', 'frame'];
  if (!Array.isArray(metrics) || !metrics.every((m) => typeof m === 'string')) {
    invalidOption(WHERE, 'metrics', 'an array of metric names', metrics);
  }
  const refresh = numberOption(WHERE, 'refresh', options['refresh'], 250, {
    min: 250,
    max: MAX_TIMER_MS,
    expected: 'a number of ms ≥ 250',
  });
  const history = numberOption(WHERE, 'history', options['history'], 60, {
    min: 2,
    max: 600,
    integer: true,
    expected: 'an integer in [2, 600]',
  });
  const minimised = booleanOption(WHERE, 'minimised', options['minimised'], false);
  const onBaseline = functionOption(WHERE, 'onBaseline', options['onBaseline']) as
    HudOptions['onBaseline'] | undefined;
  const maxRecords = numberOption(WHERE, 'maxRecords', options['maxRecords'], 10_000, {
    min: 10,
    integer: true,
    expected: 'an integer ≥ 10',
  });
  const onError = functionOption(WHERE, 'onError', options['onError']) as ErrorHandler | undefined;
  return {
    ...(target === undefined ? {} : { target }),
    corner,
    theme,
    metrics: [...metrics],
    refresh,
    history,
    minimised,
    ...(onBaseline === undefined ? {} : { onBaseline }),
    maxRecords,
    ...(onError === undefined ? {} : { onError }),
  };
}
