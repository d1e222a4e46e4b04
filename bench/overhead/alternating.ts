/**
 * The alternating mode of the overhead benchmark (the default): each page turns its arm on and
 * off, period after period, and each period on is compared with the adjacent period off of the
 * same page, so the bias every page load carries cancels. Method: bench/overhead.bench.ts.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../../src/cli/chromium.js';
import { table } from '../detect/report.js';
import { CONCURRENT_ONLY, type Arm } from './arms.js';
import {
  bytesPerFrame,
  median,
  openPages,
  readingBetween,
  resetShedLevels,
  shedLevel,
  shuffled,
  sleep,
  slotsOf,
  snapshots,
  untilSteady,
  withMainThreads,
  type MeasuredPage,
  type PageSettings,
} from './pages.js';
import { millisecondsWithInterval, ratioChange, signedPercent, targetVerdict } from './report.js';
import { armOn, onOffPairs, type Phase } from './schedule.js';
import {
  compareOnOff,
  framesPerSecond,
  msPerFrame,
  type Couple,
  type OnOffComparison,
  type OnOffPair,
  type Reading,
} from './statistics.js';

export interface AlternatingSettings extends PageSettings {
  /** Arms the page can turn off and on (none of `CONCURRENT_ONLY`). */
  arms: readonly Arm[];
  sessions: number;
  /** Pages per arm per session, an even number: half start on, half off. */
  pages: number;
  /** Pairs of periods per page, an even number: as many (on, off) as (off, on). */
  pairs: number;
  /** The measured length of a period. */
  periodMs: number;
  /**
   * How long each period runs before it is measured (the switch and what follows it), at
   * least: then it waits until every arm is steady (a detector's warm-up after its start).
   */
  settleMs: number;
  /** How long the pages run, arm on, before the first period. */
  warmupMs: number;
  /**
   * How long the allocation trace after the measurements lasts: a whole period of the
   * monitor's bursts, so that it holds their share of measured frames.
   */
  allocationMs: number;
  /** The overhead perfwarden may cost over bare (0.02 for 2 %). */
  target: number;
  origin: string;
}

/** One page of a session, what it measured and what it allocated. */
interface PageResult {
  arm: Arm;
  /** Which page of the arm: copies 2n (phase 0) and 2n + 1 (phase 1) are a couple. */
  copy: number;
  pairs: OnOffPair[];
  /** JS heap allocated per frame in a trace after the last period, and whether the arm was on. */
  bytesPerFrame: number;
  onDuringTrace: boolean;
  /** The highest level a perfwarden monitor shed to in the measured periods (0 for the others). */
  shedLevel: number;
}

const switchArm = (page: Page, on: boolean): Promise<void> =>
  page.evaluate((value) => {
    (window as unknown as { setArmOn: (on: boolean) => void }).setArmOn(value);
  }, on);

/** A session's pages, and how long after its switch each period was measured from (ms). */
interface SessionResult {
  pages: PageResult[];
  settledMs: number[];
}

async function runSession(
  settings: AlternatingSettings,
  unavailable: Map<Arm, string>,
): Promise<SessionResult> {
  // Arm by arm, the pages' phases alternate: half of each arm's pages start on.
  const slots = slotsOf(settings.arms, settings.pages).filter(({ arm }) => !unavailable.has(arm));
  const phaseOf = new Map(slots.map((slot) => [slot.label, (slot.copy % 2) as Phase]));
  const browser = await launchChromium();
  try {
    const loaded = await openPages(
      browser,
      settings.origin,
      shuffled(slots),
      settings,
      unavailable,
    );
    const warmupEnd = performance.now() + settings.warmupMs;
    const pages: (MeasuredPage & { phase: Phase })[] = (await withMainThreads(browser, loaded)).map(
      (page) => ({ ...page, phase: phaseOf.get(page.label) ?? 0 }),
    );
    await sleep(Math.max(0, warmupEnd - performance.now()));

    const periods: Reading[][] = pages.map(() => []);
    const settledMs: number[] = [];
    const shedLevels = pages.map(() => 0);
    const on = pages.map(() => true);
    for (let period = 0; period < 2 * settings.pairs; period++) {
      const switchedAt = performance.now();
      await Promise.all(
        pages.map(async ({ page, phase }, i) => {
          const wanted = armOn(phase, period);
          if (on[i] === wanted) return;
          on[i] = wanted;
          await switchArm(page, wanted);
        }),
      );
      await sleep(settings.settleMs);
      const unsteady = await untilSteady(pages);
      if (unsteady.length > 0) {
        console.log(
          `period ${String(period + 1)}: still not steady, measured anyway: ${unsteady.join(', ')}`,
        );
      }
      settledMs.push(performance.now() - switchedAt);
      await resetShedLevels(pages);
      const start = await snapshots(pages);
      await sleep(settings.periodMs);
      const end = await snapshots(pages);
      const levels = await Promise.all(pages.map(({ page }) => shedLevel(page)));
      levels.forEach((level, i) => {
        shedLevels[i] = Math.max(shedLevels[i] ?? 0, level);
      });
      periods.forEach((readings, i) => {
        const from = start[i];
        const to = end[i];
        if (from && to) readings.push(readingBetween(from, to));
      });
    }
    // Half the pages end on, half off: one trace gives the allocation of both states.
    const allocation = await bytesPerFrame(browser, pages, settings.allocationMs);
    const results = pages.map(({ arm, copy, phase }, i) => ({
      arm,
      copy,
      pairs: onOffPairs(phase, periods[i] ?? []),
      bytesPerFrame: allocation[i] ?? NaN,
      onDuringTrace: on[i] ?? false,
      shedLevel: shedLevels[i] ?? 0,
    }));
    return { pages: results, settledMs };
  } finally {
    await browser.close();
  }
}

/** An arm's pages of one session as couples: copies 0 and 1, 2 and 3, … */
function couplesOf(session: readonly PageResult[], arm: Arm): Couple[] {
  const byCopy = new Map(
    session.filter((page) => page.arm === arm).map((page) => [page.copy, page.pairs]),
  );
  const couples: Couple[] = [];
  for (let copy = 0; byCopy.has(copy); copy += 2) {
    const first = byCopy.get(copy);
    const second = byCopy.get(copy + 1);
    if (first && second) couples.push({ first, second });
  }
  return couples;
}

const pooled = (pages: readonly PageResult[], state: 'on' | 'off'): Reading[] =>
  pages.flatMap(({ pairs }) => pairs.map((pair) => pair[state]));

/** Runs the sessions and prints the report; `describe` says which browser and how long. */
export async function runAlternating(
  settings: AlternatingSettings,
  describe: () => string,
): Promise<void> {
  const { arms, sessions: count } = settings;
  const unavailable = new Map<Arm, string>();
  const sessions: PageResult[][] = [];
  const settledMs: number[] = [];
  for (let session = 0; session < count; session++) {
    const { pages, settledMs: settled } = await runSession(settings, unavailable);
    sessions.push(pages);
    settledMs.push(...settled);
    const summary = arms
      .filter((arm) => !unavailable.has(arm))
      .map((arm) => {
        const change = compareOnOff(couplesOf(pages, arm)).ratio.estimate - 1;
        const fps = framesPerSecond(
          pooled(
            pages.filter((page) => page.arm === arm),
            'on',
          ),
        );
        return `${arm} ${signedPercent(change)} (${fps.toFixed(1)} fps on)`;
      });
    console.log(`session ${String(session + 1)}/${String(count)}: ${summary.join('; ')}`);
  }
  const results = sessions.flat();

  const measured = arms.filter((arm) => !unavailable.has(arm));
  const pagesOf = (arm: Arm): PageResult[] => results.filter((page) => page.arm === arm);
  const comparisons = new Map<Arm, OnOffComparison>(
    measured.map(
      (arm) => [arm, compareOnOff(sessions.flatMap((pages) => couplesOf(pages, arm)))] as const,
    ),
  );

  console.log(
    `\nRenderer main-thread CPU time per frame, each page turning its arm on and off ` +
      `(MODE=alternating), page moving and drawing ${String(settings.points)} points per frame ` +
      `(draw=${settings.draw}); ${String(count)} sessions × ${String(settings.pages)} pages per ` +
      `arm × ${String(settings.pairs)} pairs of periods of ${String(settings.periodMs / 1000)} s ` +
      `(each measured from ${(median(settledMs) / 1000).toFixed(1)} s after its start, median; ` +
      `${(Math.max(...settledMs) / 1000).toFixed(1)} s at most), after ` +
      `${String(settings.warmupMs / 1000)} s of warm-up; ${describe()}. Intervals: 95 %, ` +
      `Student's t over the couples of pages (one on while the other is off).\n`,
  );
  const fpsRange = (pages: readonly PageResult[], state: 'on' | 'off'): string => {
    const lowest = Math.min(...pages.map((page) => framesPerSecond(pooled([page], state))));
    return `${framesPerSecond(pooled(pages, state)).toFixed(1)} (${lowest.toFixed(1)})`;
  };
  const allocation = (pages: readonly PageResult[], on: boolean): string => {
    const values = pages.filter((page) => page.onDuringTrace === on);
    return values.length > 0 ? median(values.map((page) => page.bytesPerFrame)).toFixed(0) : '—';
  };
  console.log(
    table(
      [
        'arm',
        'CPU ms per frame on / off',
        'on vs off (95 % CI)',
        'CI half-width',
        'added ms per frame (95 % CI)',
        'frames per second on / off (lowest page)',
        'JS heap B per frame on / off',
      ],
      measured.map((arm) => {
        const pages = pagesOf(arm);
        const comparison = comparisons.get(arm);
        return [
          arm,
          `${msPerFrame(pooled(pages, 'on')).toFixed(3)} / ${msPerFrame(pooled(pages, 'off')).toFixed(3)}`,
          comparison ? ratioChange(comparison.ratio) : '—',
          comparison
            ? `±${(((comparison.ratio.high - comparison.ratio.low) / 2) * 100).toFixed(1)} points`
            : '—',
          comparison ? millisecondsWithInterval(comparison.addedMs) : '—',
          `${fpsRange(pages, 'on')} / ${fpsRange(pages, 'off')}`,
          `${allocation(pages, true)} / ${allocation(pages, false)}`,
        ];
      }),
    ),
  );
  console.log('');
  for (const arm of arms.filter((name) => name.startsWith('perfwarden'))) {
    const comparison = comparisons.get(arm);
    console.log(
      comparison
        ? `${arm}: ${targetVerdict(comparison.ratio, settings.target)}`
        : `${arm}: unavailable (${unavailable.get(arm) ?? 'not measured'})`,
    );
  }
  for (const arm of measured) {
    const shedLevel = Math.max(...pagesOf(arm).map((page) => page.shedLevel));
    if (shedLevel > 0) {
      console.log(
        `${arm}: its own meter was over its budget in a measured period (it shed work, up to level ${String(shedLevel)}): ` +
          'the figures hold the monitor at that level',
      );
    }
  }
  for (const [arm, error] of unavailable) {
    if (!arm.startsWith('perfwarden')) console.log(`${arm}: unavailable (${error})`);
  }
  for (const [arm, reason] of CONCURRENT_ONLY) {
    if (arm !== 'bare') console.log(`${arm}: not in this mode (${reason}): MODE=concurrent`);
  }
  console.log(
    '\nSpread: one pair of periods of one page (on over off), its noise within the page and ' +
      'with its couple (the load of the moment cancelled), one couple against the mean of all ' +
      '(and what its pairs alone would give), and how alike consecutive pairs are:\n',
  );
  const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;
  console.log(
    table(
      [
        'arm',
        'one page’s pair, min to max',
        'SD of one page’s pair',
        'SD of one couple’s pair',
        'SD of one couple (from its pairs alone)',
        'lag-1 autocorrelation of a couple’s pairs',
      ],
      [...comparisons].map(([arm, comparison]) => [
        arm,
        `${signedPercent(Math.min(...comparison.pageRatios) - 1)} to ${signedPercent(Math.max(...comparison.pageRatios) - 1)}`,
        percent(comparison.pagePairLogSd),
        percent(comparison.couplePairLogSd),
        `${percent(comparison.coupleLogSd)} (${percent(comparison.couplePairLogSd / Math.sqrt(comparison.pairs / comparison.couples))})`,
        Number.isNaN(comparison.pairLag1) ? '— (needs 3 pairs)' : comparison.pairLag1.toFixed(2),
      ]),
    ),
  );
}
