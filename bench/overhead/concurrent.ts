/**
 * The concurrent mode of the overhead benchmark (`MODE=concurrent`): every arm on its own page
 * at once, each paired with the bare page round by round; the interval comes from the
 * sessions. Method: bench/overhead.bench.ts.
 */
import { launchChromium } from '../../src/cli/chromium.js';
import { table } from '../detect/report.js';
import type { Arm } from './arms.js';
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
  type PageSettings,
  type Slot,
} from './pages.js';
import { millisecondsWithInterval, ratioChange, signedPercent, targetVerdict } from './report.js';
import {
  compareWithBare,
  type BareComparison,
  framesPerSecond,
  msPerFrame,
  standardDeviation,
  type Reading,
} from './statistics.js';

export interface ConcurrentSettings extends PageSettings {
  /** The arms, `bare` among them. */
  arms: readonly Arm[];
  sessions: number;
  rounds: number;
  roundMs: number;
  warmupMs: number;
  /** Pages per arm per session. */
  copies: number;
  /**
   * How long the allocation trace after the measurements lasts: a whole period of the
   * monitor's bursts, so that it holds their share of measured frames.
   */
  allocationMs: number;
  /** The overhead perfwarden may cost over bare (0.02 for 2 %). */
  target: number;
  origin: string;
}

interface SessionResult {
  /** Each arm's rounds, its copies one after the other (copy 1's rounds, then copy 2's, …). */
  readings: Map<Arm, Reading[]>;
  bytesPerFrame: Map<Arm, number>;
  /** The highest level each perfwarden arm shed to (its own meter over its budget). */
  shedLevels: Map<Arm, number>;
}

async function runSession(
  settings: ConcurrentSettings,
  slots: readonly Slot[],
  unavailable: Map<Arm, string>,
): Promise<SessionResult> {
  const browser = await launchChromium();
  try {
    const loaded = await openPages(browser, settings.origin, slots, settings, unavailable);
    const warmupEnd = performance.now() + settings.warmupMs;
    const pages = await withMainThreads(browser, loaded);
    await sleep(Math.max(0, warmupEnd - performance.now()));
    const unsteady = await untilSteady(pages);
    if (unsteady.length > 0) {
      console.log(`still not steady, measured anyway: ${unsteady.join(', ')}`);
    }
    await resetShedLevels(pages);

    const byPage: Reading[][] = pages.map(() => []);
    let before = await snapshots(pages);
    for (let round = 0; round < settings.rounds; round++) {
      await sleep(settings.roundMs);
      const after = await snapshots(pages);
      byPage.forEach((readings, i) => {
        const start = before[i];
        const end = after[i];
        if (!start || !end) return;
        readings.push(readingBetween(start, end));
      });
      before = after;
    }
    const allocation = await bytesPerFrame(browser, pages, settings.allocationMs);
    const shedLevels = new Map<Arm, number>();
    for (const { arm, page } of pages) {
      shedLevels.set(arm, Math.max(await shedLevel(page), shedLevels.get(arm) ?? 0));
    }

    const readings = new Map<Arm, Reading[]>();
    const bytes = new Map<Arm, number[]>();
    // Copy by copy, so that bare's copy n pairs with each arm's copy n round by round.
    const order = pages
      .map((_, i) => i)
      .sort((a, b) => (pages[a]?.copy ?? 0) - (pages[b]?.copy ?? 0));
    for (const i of order) {
      const arm = pages[i]?.arm;
      if (arm === undefined) continue;
      readings.set(arm, [...(readings.get(arm) ?? []), ...(byPage[i] ?? [])]);
      bytes.set(arm, [...(bytes.get(arm) ?? []), allocation[i] ?? NaN]);
    }
    const meanBytes = new Map(
      [...bytes].map(([arm, values]) => [arm, values.reduce((a, b) => a + b) / values.length]),
    );
    return { readings, bytesPerFrame: meanBytes, shedLevels };
  } finally {
    await browser.close();
  }
}

/** Runs the sessions and prints the report; `describe` says which browser and how long. */
export async function runConcurrent(
  settings: ConcurrentSettings,
  describe: () => string,
): Promise<void> {
  const { arms, sessions: count } = settings;
  const unavailable = new Map<Arm, string>();
  const sessions: SessionResult[] = [];
  for (let session = 0; session < count; session++) {
    const order = shuffled(
      slotsOf(arms, settings.copies).filter(({ arm }) => !unavailable.has(arm)),
    );
    const result = await runSession(settings, order, unavailable);
    sessions.push(result);
    const bare = msPerFrame(result.readings.get('bare') ?? []);
    console.log(
      `session ${String(session + 1)}/${String(count)} (pages loaded in the order ${order.map(({ label }) => label).join(', ')}): ` +
        [...result.readings]
          .map(([arm, readings]) => {
            const ms = msPerFrame(readings);
            const change = arm === 'bare' ? '' : ` ${signedPercent(ms / bare - 1)}`;
            return `${arm} ${ms.toFixed(3)} ms${change} at ${framesPerSecond(readings).toFixed(1)} fps`;
          })
          .join('; '),
    );
  }

  const measured = arms.filter((arm) => !unavailable.has(arm));
  const readingsOf = (arm: Arm): Reading[][] =>
    sessions.map((session) => session.readings.get(arm) ?? []);
  const comparisons = new Map<Arm, BareComparison>(
    measured
      .filter((arm) => arm !== 'bare')
      .map((arm) => {
        const bare = readingsOf('bare');
        return [
          arm,
          compareWithBare(
            readingsOf(arm).map((readings, i) => ({ arm: readings, bare: bare[i] ?? [] })),
          ),
        ] as const;
      }),
  );

  console.log(
    `\nRenderer main-thread CPU time per frame, all arms at once (MODE=concurrent), page moving ` +
      `and drawing ${String(settings.points)} points per frame (draw=${settings.draw}); ` +
      `${String(count)} sessions × ${String(settings.rounds)} rounds of ` +
      `${String(settings.roundMs / 1000)} s after ${String(settings.warmupMs / 1000)} s of ` +
      `warm-up; ${describe()}. Intervals: 95 %, Student's t over the sessions.\n`,
  );
  console.log(
    table(
      [
        'arm',
        'CPU ms per frame',
        'vs bare (95 % CI)',
        'added ms per frame (95 % CI)',
        'frames per second (lowest session)',
        'JS heap B per frame',
      ],
      measured.map((arm) => {
        const readings = readingsOf(arm);
        const comparison = comparisons.get(arm);
        const fps = readings.map(framesPerSecond);
        return [
          arm,
          (readings.map(msPerFrame).reduce((sum, ms) => sum + ms, 0) / readings.length).toFixed(3),
          comparison ? ratioChange(comparison.ratio) : '—',
          comparison ? millisecondsWithInterval(comparison.addedMs) : '—',
          `${framesPerSecond(readings.flat()).toFixed(1)} (${Math.min(...fps).toFixed(1)})`,
          median(sessions.map((session) => session.bytesPerFrame.get(arm) ?? NaN)).toFixed(0),
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
    const shedLevel = Math.max(...sessions.map((session) => session.shedLevels.get(arm) ?? 0));
    if (shedLevel > 0) {
      console.log(
        `${arm}: its own meter was over its budget while measured (it shed work, up to level ${String(shedLevel)})`,
      );
    }
  }
  for (const [arm, error] of unavailable) {
    if (!arm.startsWith('perfwarden')) console.log(`${arm}: unavailable (${error})`);
  }
  console.log('\nSpread: one round against bare, and one session against the mean of all:\n');
  console.log(
    table(
      ['arm', 'one round vs bare, min to max', 'SD of one round', 'SD of one session'],
      [...comparisons].map(([arm, comparison]) => [
        arm,
        `${signedPercent(Math.min(...comparison.roundRatios) - 1)} to ${signedPercent(Math.max(...comparison.roundRatios) - 1)}`,
        `${(standardDeviation(comparison.roundRatios.map(Math.log)) * 100).toFixed(1)} %`,
        `${(comparison.sessionLogSd * 100).toFixed(1)} %`,
      ]),
    ),
  );
}
