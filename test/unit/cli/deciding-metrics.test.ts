import { describe, expect, it } from 'vitest';
import { armsOf, decidingChecks, reportedLine } from '../../../src/cli/deciding-metrics.js';
import { DEFAULT_AB_METRICS } from '../../../src/cli/options.js';
import { parseMetricStatistic } from '../../../src/cli/run-statistics.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { flatWindowWithHistogram, flatWindow } from '../../support/windows.js';

const defaults = { checks: [...DEFAULT_AB_METRICS], requested: false, notes: [] };
const names = (checks: readonly { metric: string; statistic: string }[]): string[] =>
  checks.map((check) => `${check.metric} ${check.statistic}`);

describe('decidingChecks', () => {
  it('decides on the main thread CPU time by default, and reports wall-clock cpu beside it', () => {
    const deciding = decidingChecks(defaults, { mainThreadTime: true, gpuProcessTime: false });
    expect(names(deciding.checks)).toEqual(['cpu.thread mean', 'gpu p10']);
    expect(names(deciding.reported)).toEqual(['cpu p10']);
    expect(deciding.notes[0]).toMatch(
      /^decided on cpu\.thread mean: the renderer main thread's CPU time per frame, which leaves out time the OS gave to other programs/,
    );
  });

  it('falls back to wall-clock cpu where the browser gives no thread time, and says so', () => {
    const deciding = decidingChecks(defaults, { mainThreadTime: false, gpuProcessTime: false });
    expect(names(deciding.checks)).toEqual(['cpu p10', 'gpu p10']);
    expect(deciding.reported).toEqual([]);
    expect(deciding.notes[0]).toMatch(
      /^decided on wall-clock cpu p10: this browser gives no main-thread CPU time/,
    );
  });

  it("decides the GPU side on the GPU process's CPU time with a software renderer", () => {
    const deciding = decidingChecks(defaults, { mainThreadTime: true, gpuProcessTime: true });
    expect(names(deciding.checks)).toEqual(['cpu.thread mean', 'cpu.gpu mean']);
    expect(names(deciding.reported)).toEqual(['cpu p10', 'gpu p10']);
    expect(deciding.notes[1]).toMatch(
      /^decided on cpu\.gpu mean: .*the renderer is software.*gpu p10 \(timer queries\) is reported, not deciding/,
    );
    // Without --monitor there is no gpu p10, but the GPU process is still measured.
    const injected = decidingChecks(
      { ...defaults, checks: defaults.checks.filter((check) => check.metric !== 'gpu') },
      { mainThreadTime: true, gpuProcessTime: true },
    );
    expect(names(injected.checks)).toEqual(['cpu.thread mean', 'cpu.gpu mean']);
    expect(names(injected.reported)).toEqual(['cpu p10']);
  });

  it('keeps checks that were asked for, and says that they decide', () => {
    const deciding = decidingChecks(
      { checks: [parseMetricStatistic('cpu:p10')], requested: true, notes: [] },
      { mainThreadTime: true, gpuProcessTime: true },
    );
    expect(names(deciding.checks)).toEqual(['cpu p10']);
    expect(deciding.notes).toEqual(['decided on cpu p10, as asked (--metric)']);
  });
});

describe('reportedLine', () => {
  it('gives both arms and the median change of the pairs', () => {
    const pairs = [4, 4.2, 3.8].map((level) => ({
      baseline: [flatWindowWithHistogram('cpu', level)],
      candidate: [flatWindowWithHistogram('cpu', level * 1.25)],
    }));
    expect(reportedLine(parseMetricStatistic('cpu:p10'), pairs)).toMatch(
      /^wall-clock cpu p10, reported, not deciding: 4\.0\d* ms → 5\.0\d* ms, \+25\.\d % \(median of 3 pairs\)$/,
    );
    expect(reportedLine(parseMetricStatistic('gpu:p10'), pairs)).toBeUndefined();
  });
});

describe('metrics with one value per run', () => {
  it('default to their mean and refuse any other statistic', () => {
    expect(parseMetricStatistic('cpu.thread')).toEqual({ metric: 'cpu.thread', statistic: 'mean' });
    expect(parseMetricStatistic('cpu.gpu:mean')).toEqual({ metric: 'cpu.gpu', statistic: 'mean' });
    expect(() => parseMetricStatistic('cpu.thread:p10')).toThrow(UsageError);
    expect(() => parseMetricStatistic('cpu.thread:p10')).toThrow(
      /cpu\.thread has one value per run \(its mean per frame\), so no p10; write "cpu\.thread" or "cpu\.thread:mean"/,
    );
    expect(flatWindow('cpu.thread', 1).metric).toBe('cpu.thread');
  });
});

describe('armsOf', () => {
  const thread = parseMetricStatistic('cpu.thread:mean');
  const gpuProcess = parseMetricStatistic('cpu.gpu:mean');

  it('runs the pages side by side when only CPU time is judged', () => {
    const arms = armsOf({ arms: undefined }, [thread, gpuProcess]);
    expect(arms.parallel).toBe(true);
    expect(arms.note).toMatch(/^both pages of a pair ran at the same time, in two browsers/);
  });

  it('alternates when a wall-clock metric decides or a budget judges one', () => {
    expect(armsOf({ arms: undefined }, [parseMetricStatistic('cpu:p10')]).parallel).toBe(false);
    // A budget on wall-clock cpu p95 beside the CPU-time checks.
    const budgeted = armsOf({ arms: undefined }, [thread, parseMetricStatistic('cpu:p95')]);
    expect(budgeted.parallel).toBe(false);
    expect(budgeted.note).toMatch(/one after the other.*wall-clock metrics are judged/);
  });

  it('does as --arms asks, and says so', () => {
    expect(armsOf({ arms: 'alternate' }, [thread]).note).toMatch(/alternating order \(--arms\)$/);
    const forced = armsOf({ arms: 'parallel' }, [parseMetricStatistic('cpu:p10')]);
    expect(forced.parallel).toBe(true);
    expect(forced.note).toMatch(
      /\(--arms\): wall-clock metrics then count time the other page took/,
    );
  });
});
