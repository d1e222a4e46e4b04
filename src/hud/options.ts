/** Options of the HUD, their defaults and their validation (errors name the option). */
import type { Baseline } from '../detect/baseline.js';
import type { ErrorHandler } from '../errors.js';
import type { MetricName } from '../types.js';

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

function check(name: string, valid: boolean, value: unknown, expected: string): void {
  if (!valid) {
    throw new TypeError(`createHud: option "${name}" must be ${expected}, got ${String(value)}`);
  }
}

/** Applies the defaults; throws a `TypeError` naming a wrong option. */
export function resolveHudOptions(options: HudOptions = {}): ResolvedHudOptions {
  const {
    target,
    corner = 'top-right',
    theme = 'auto',
    metrics = ['cpu', 'gpu', 'frame'],
    refresh = 250,
    history = 60,
    minimised = false,
    onBaseline,
    maxRecords = 10_000,
    onError,
  } = options;
  check(
    'target',
    target === undefined || (typeof Element !== 'undefined' && target instanceof Element),
    target,
    'an Element',
  );
  check('corner', CORNERS.includes(corner), corner, CORNERS.join(' | '));
  check('theme', THEMES.includes(theme), theme, THEMES.join(' | '));
  check(
    'metrics',
    Array.isArray(metrics) && metrics.every((m) => typeof m === 'string'),
    metrics,
    'an array of metric names',
  );
  check('refresh', refresh >= 250 && Number.isFinite(refresh), refresh, 'a number of ms ≥ 250');
  check(
    'history',
    Number.isInteger(history) && history >= 2 && history <= 600,
    history,
    'an integer in [2, 600]',
  );
  check('minimised', typeof minimised === 'boolean', minimised, 'a boolean');
  check(
    'onBaseline',
    onBaseline === undefined || typeof onBaseline === 'function',
    onBaseline,
    'a function',
  );
  check(
    'maxRecords',
    Number.isInteger(maxRecords) && maxRecords >= 10,
    maxRecords,
    'an integer ≥ 10',
  );
  check('onError', onError === undefined || typeof onError === 'function', onError, 'a function');
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
