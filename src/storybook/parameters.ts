/**
 * `parameters.perfwarden`: how a story is measured and judged, typed and validated (a wrong
 * value names the parameter; the preview reports it and measures with the defaults).
 */

/**
 * `'error'` fails the CI gate on a confident regression or a budget exceeded, `'warn'` reports
 * it without failing, `'off'` does not measure the story.
 */
export type PerfwardenMode = 'off' | 'warn' | 'error';

/** Upper limits on a story's levels (medians over its runs, in ms). */
export interface PerfwardenBudget {
  /** First render: from the story function's call to the end of the next frame's work. */
  render?: number;
  /** Re-render after an args change, measured the same way. */
  rerender?: number;
  /** Main-thread work per frame, median. */
  cpu?: number;
  /** GPU time per frame, median (stories that attach `gpuTimer`). */
  gpu?: number;
  /** Long animation frames (or long tasks), ms per second. */
  longtask?: number;
}

/** `parameters.perfwarden` of a story (or of its file or the whole Storybook). */
export interface PerfwardenParameters {
  /** Default `'error'`. */
  mode?: PerfwardenMode;
  /** How long frames, CPU, GPU, long tasks and interactions are measured after each mount, ms. Default 1000. */
  duration?: number;
  /** Absolute limits, checked in addition to the comparison with the reference. */
  budget?: PerfwardenBudget;
  /** Most mounts measured per story by the panel's "Measure" and by the CI mode. Default 10. */
  runs?: number;
}

/** Parameters with every default filled in. */
export interface ResolvedPerfwardenParameters {
  mode: PerfwardenMode;
  duration: number;
  budget: PerfwardenBudget;
  runs: number;
}

/** The defaults of {@link PerfwardenParameters}. */
export const DEFAULT_PARAMETERS: ResolvedPerfwardenParameters = {
  mode: 'error',
  duration: 1000,
  budget: {},
  runs: 10,
};

const MODES: readonly PerfwardenMode[] = ['off', 'warn', 'error'];
const BUDGET_KEYS: readonly (keyof PerfwardenBudget)[] = [
  'render',
  'rerender',
  'cpu',
  'gpu',
  'longtask',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(name: string, expected: string, value: unknown): never {
  throw new TypeError(`parameters.perfwarden.${name} must be ${expected}, got ${String(value)}`);
}

function positive(name: string, value: unknown, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    (!integer || Number.isInteger(value));
  return valid ? value : fail(name, integer ? 'a positive integer' : 'a positive number', value);
}

/**
 * Validates `parameters.perfwarden` and fills in the defaults. Throws a `TypeError` naming the
 * wrong parameter.
 */
export function resolveParameters(value: unknown): ResolvedPerfwardenParameters {
  if (value === undefined) return DEFAULT_PARAMETERS;
  if (!isRecord(value)) fail('', 'an object', value);
  const mode = value['mode'] ?? DEFAULT_PARAMETERS.mode;
  if (!MODES.includes(mode as PerfwardenMode)) fail('mode', "'off', 'warn' or 'error'", mode);
  const budgetValue = value['budget'] ?? {};
  if (!isRecord(budgetValue)) fail('budget', 'an object', budgetValue);
  const budget: PerfwardenBudget = {};
  for (const [key, limit] of Object.entries(budgetValue)) {
    if (!BUDGET_KEYS.includes(key as keyof PerfwardenBudget)) {
      fail(`budget.${key}`, `one of ${BUDGET_KEYS.join(', ')}`, 'an unknown key');
    }
    budget[key as keyof PerfwardenBudget] = positive(`budget.${key}`, limit, 0, false);
  }
  return {
    mode: mode as PerfwardenMode,
    duration: positive('duration', value['duration'], DEFAULT_PARAMETERS.duration, false),
    budget,
    runs: positive('runs', value['runs'], DEFAULT_PARAMETERS.runs, true),
  };
}
