import { describe, expect, it } from 'vitest';
import { compareInterleaved } from '../../../src/cli/interleaved.js';
import type { Arm } from '../../../src/cli/interleaved.js';
import { parseMetricStatistic } from '../../../src/cli/run-statistics.js';
import type { WindowSummary } from '../../../src/types.js';
import { normalFrom, seededRandom } from '../../support/random.js';
import { flatWindow } from '../../support/windows.js';

function windows(level: number): WindowSummary[] {
  return [flatWindow('cpu', level)];
}

/** A fake page: log-normal run noise of `spread`, the candidate `effect` slower; a clock of 4 s per run. */
function fakeRuns(effect: number, spread: number, seed: number) {
  const normal = normalFrom(seededRandom(seed));
  let clock = 0;
  return {
    now: () => clock,
    run: (arm: Arm) => {
      clock += 4000;
      const noise = Math.exp(spread * normal());
      return Promise.resolve(windows(5 * noise * (arm === 'candidate' ? 1 + effect : 1)));
    },
  };
}

const options = {
  subject: 'page',
  checks: [parseMetricStatistic('cpu'), parseMetricStatistic('gpu')],
  alpha: 0.05,
  threshold: 0.05,
  timeLimitMs: 60_000,
  minPairs: 2,
};

describe('interleaved A/B', () => {
  it('fails a +25 % change on the metric, before the time limit', async () => {
    const result = await compareInterleaved({ ...options, ...fakeRuns(0.25, 0.03, 1) });
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({
      metric: 'cpu',
      outcome: 'fail',
      check: 'interleaved',
    });
    expect(result.verdicts[0]?.interval?.[0]).toBeGreaterThan(0.05);
    expect(result.durationMs).toBeLessThan(60_000);
    expect(result.unmeasured.map((check) => check.metric)).toEqual(['gpu']);
  });

  it('passes identical arms, and stops at the time limit when the runs are too noisy to decide', async () => {
    const quiet = await compareInterleaved({ ...options, ...fakeRuns(0, 0.01, 2) });
    expect(quiet.verdicts[0]?.outcome).toBe('pass');
    const noisy = await compareInterleaved({ ...options, ...fakeRuns(0, 0.5, 3) });
    expect(noisy.verdicts[0]?.outcome).toBe('inconclusive');
    expect(noisy.durationMs).toBeLessThanOrEqual(60_000);
    expect(noisy.verdicts[0]?.hints[0]).toMatch(/undecided after \d+ pairs/);
  });

  it('does not let one disrupted run hold back a clear verdict', async () => {
    const clean = await compareInterleaved({
      ...options,
      timeLimitMs: 120_000,
      ...fakeRuns(0.25, 0.08, 4),
    });
    // The stall below falls in pair 5, which the clean job needs too.
    expect(clean.pairs).toBeGreaterThanOrEqual(5);
    const { now, run } = fakeRuns(0.25, 0.08, 4);
    let runs = 0;
    const stalled = await compareInterleaved({
      ...options,
      timeLimitMs: 120_000,
      now,
      run: async (arm) => {
        const windows = await run(arm);
        // Run 10 (the candidate of pair 5) hit a stall of the machine: 4 times slower.
        return ++runs === 10 ? windows.map((w) => ({ ...w, p50: w.p50 * 4 })) : windows;
      },
    });
    expect(stalled.verdicts[0]?.outcome).toBe('fail');
    expect(stalled.pairs).toBeLessThanOrEqual(clean.pairs + 2);
  });

  it('does not compare a metric measured on one page only, and does not wait for it', async () => {
    const { now, run } = fakeRuns(0, 0.01, 5);
    const result = await compareInterleaved({
      ...options,
      checks: [parseMetricStatistic('cpu')],
      now,
      // The candidate page never draws: only the baseline has cpu windows.
      run: async (arm) => (arm === 'candidate' ? [] : run(arm)),
    });
    expect(result.pairs).toBe(options.minPairs);
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({ metric: 'cpu', outcome: 'inconclusive' });
    expect(result.verdicts[0]?.delta).toBeUndefined();
    expect(result.verdicts[0]?.hints[0]).toMatch(/no pair of runs measured cpu on both pages/);
  });

  it('stops at the first confident regression instead of waiting for the other metrics', async () => {
    const normal = normalFrom(seededRandom(6));
    let clock = 0;
    const result = await compareInterleaved({
      ...options,
      timeLimitMs: 600_000,
      now: () => clock,
      run: (arm) => {
        clock += 4000;
        const slower = arm === 'candidate' ? 1.25 : 1;
        // cpu: +25 %, quiet runs; gpu: unchanged, but far too noisy to decide in 10 minutes.
        return Promise.resolve([
          flatWindow('cpu', 5 * slower * Math.exp(0.02 * normal())),
          flatWindow('gpu', 5 * Math.exp(0.5 * normal())),
        ]);
      },
    });
    expect(result.verdicts.find((v) => v.metric === 'cpu')?.outcome).toBe('fail');
    expect(result.verdicts.find((v) => v.metric === 'gpu')?.outcome).toBe('inconclusive');
    expect(result.pairs).toBeLessThan(15);
  });

  it('never fails identical arms across 200 simulated jobs', async () => {
    let failures = 0;
    for (let seed = 10; seed < 210; seed++) {
      const result = await compareInterleaved({ ...options, ...fakeRuns(0, 0.05, seed) });
      if (result.verdicts.some((verdict) => verdict.outcome === 'fail')) failures++;
    }
    expect(failures).toBe(0);
  });

  it('runs the two arms of a pair at once with parallel, in runners that swap arms every pair', async () => {
    const normal = normalFrom(seededRandom(7));
    let clock = 0;
    let running = 0;
    let mostAtOnce = 0;
    const seen: string[] = [];
    const result = await compareInterleaved({
      ...options,
      checks: [parseMetricStatistic('cpu')],
      parallel: true,
      now: () => clock,
      run: async (arm, runner) => {
        seen.push(`${String(runner)}:${arm}`);
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await Promise.resolve();
        running--;
        // Runner 1 is 4 % slower than runner 0 (another browser): swapping cancels it.
        clock += 2000;
        const runnerEffect = runner === 1 ? 1.04 : 1;
        return windows(5 * runnerEffect * Math.exp(0.01 * normal()));
      },
    });
    expect(mostAtOnce).toBe(2);
    expect(seen.slice(0, 4)).toEqual(['0:baseline', '1:candidate', '0:candidate', '1:baseline']);
    // Without the swap every pair would read the runners' +4 %.
    expect(result.verdicts[0]?.outcome).not.toBe('fail');
    expect(Math.abs(result.verdicts[0]?.delta ?? 1)).toBeLessThan(0.015);
  });
});
