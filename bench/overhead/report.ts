/** The overhead benchmark's figures as text: percentages, intervals and the target verdict. */

import type { Interval } from './statistics.js';

/** `0.0123` → `+1.2 %`. */
export function signedPercent(fraction: number, digits = 1): string {
  const text = `${(fraction * 100).toFixed(digits)} %`;
  return fraction >= 0 ? `+${text}` : text.replace('-', '−');
}

/** A ratio to bare as a change with its interval: `+1.2 % (−0.3 to +2.8 %)`. */
export function ratioChange(ratio: Interval): string {
  const bound = (value: number): string => signedPercent(value - 1).replace(' %', '');
  return `${signedPercent(ratio.estimate - 1)} (${bound(ratio.low)} to ${bound(ratio.high)} %)`;
}

/** Milliseconds with their interval: `0.012 (−0.004 to 0.030)`. */
export function millisecondsWithInterval(interval: Interval, digits = 3): string {
  const ms = (value: number): string => value.toFixed(digits).replace('-', '−');
  return `${ms(interval.estimate)} (${ms(interval.low)} to ${ms(interval.high)})`;
}

/**
 * The verdict on an overhead target (e.g. 0.02 for 2 %): met only when the interval's upper
 * end is at or below it, so a noisy run never passes for a cheap monitor.
 */
export function targetVerdict(ratio: Interval, target: number): string {
  const upper = ratio.high - 1;
  const met = upper <= target;
  return `target ≤ ${String(target * 100)} %: ${met ? 'met' : 'not met'} (upper bound ${signedPercent(upper)})`;
}
