/** The options every analysis has: the window span and the most series it keeps. */
import { numberOption } from '../validate.js';

const DEFAULT_WINDOW_MS = 1000;
const DEFAULT_MAX_SERIES = 512;

/** Validates the window span and the series limit, naming `owner` in errors. */
export function resolveWindowOptions(
  owner: string,
  window: unknown,
  maxSeries: unknown,
): { window: number; maxSeries: number } {
  return {
    window: numberOption(owner, 'window', window, DEFAULT_WINDOW_MS, {
      above: 0,
      expected: 'a positive number of ms',
    }),
    maxSeries: numberOption(owner, 'maxSeries', maxSeries, DEFAULT_MAX_SERIES, {
      min: 1,
      integer: true,
      expected: 'a positive integer',
    }),
  };
}
