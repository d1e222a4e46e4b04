/**
 * When each page of the alternating mode has its arm on, and which periods pair up.
 *
 * A page goes through periods in the order on, off, off, on (ABBA), again and again; a page
 * of the other phase does the opposite, so with as many pages of each phase half of them are
 * on at any time and the machine's load stays the same. Periods pair up two by two: (on, off),
 * then (off, on), and so on. A drift in time (the machine getting busier, the page slowing as
 * its heap grows) then favours the arm in one pair as much as it penalises it in the next, and
 * cancels over an even number of pairs.
 */
import type { OnOffPair, Reading } from './statistics.js';

/** The two phases: 0 starts on, 1 starts off. */
export type Phase = 0 | 1;

/** Whether a page of `phase` has its arm on during period number `period` (from 0). */
export function armOn(phase: Phase, period: number): boolean {
  const inBlock = period % 4;
  const first = inBlock === 0 || inBlock === 3;
  return phase === 0 ? first : !first;
}

/**
 * A page's periods (its readings, period by period from 0) as pairs of the adjacent periods
 * 0 and 1, 2 and 3, …; a last period without a partner is left out.
 */
export function onOffPairs(phase: Phase, periods: readonly Reading[]): OnOffPair[] {
  const pairs: OnOffPair[] = [];
  for (let period = 0; period + 1 < periods.length; period += 2) {
    const first = periods[period];
    const second = periods[period + 1];
    if (!first || !second) continue;
    pairs.push(armOn(phase, period) ? { on: first, off: second } : { on: second, off: first });
  }
  return pairs;
}
