// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mergeBaselines } from '../../../src/baseline/baseline.js';
import type { Baseline, BaselineEntry } from '../../../src/baseline/baseline.js';
import {
  mergeRememberedRuns,
  RememberedSessions,
} from '../../../src/baseline/remembered-sessions.js';
import { MAD_TO_SIGMA, median } from '../../../src/stats/robust.js';

const WINDOW = 1000;
/** Block scale (log units) and blocks of one remembered load's cpu p50. */
const SCALE = 0.05;
const BLOCKS = 40;

/** A one-run capture whose cpu p50 sits at `level` ms (its center is on the log scale). */
function capture(level: number, created: string): Baseline {
  const entry: BaselineEntry = {
    metric: 'cpu',
    context: {},
    statistic: 'p50',
    center: Math.log(level),
    scale: SCALE,
    spread: 0,
    blocks: BLOCKS,
    runs: 1,
    levels: { p50: level, p95: level * 1.5, mean: level * 1.1 },
  };
  return { format: 'perfwarden-baseline', version: 1, created, window: WINDOW, entries: [entry] };
}

/** Saves one capture per level, each as its own earlier session, oldest first. */
async function remember(levels: readonly number[]): Promise<RememberedSessions> {
  const settings = {
    name: 'robust-test',
    sessions: levels.length,
    storage: 'localStorage' as const,
  };
  for (const [i, level] of levels.entries()) {
    await new RememberedSessions(settings, `load-${i}`).save(
      capture(level, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()),
    );
  }
  return new RememberedSessions(settings, 'now');
}

afterEach(() => {
  localStorage.clear();
});

describe('RememberedSessions.load: the merge of remembered loads', () => {
  it('keeps center and spread at the steady loads when one load was 25 % slower (a busier moment)', async () => {
    // Four unchanged loads (cpu p50 in ms) and one taken while the machine was busier.
    const steady = [5.0, 5.1, 4.95, 5.05];
    const loads = (busier: number) => [...steady.slice(0, 2), busier, ...steady.slice(2)];
    const merged = async (busier: number) => {
      localStorage.clear();
      const loaded = await (await remember(loads(busier))).load(WINDOW);
      return loaded?.entries[0];
    };
    const busier = median(steady) * 1.25;
    const entry = await merged(busier);
    expect(entry).toMatchObject({
      metric: 'cpu',
      statistic: 'p50',
      runs: loads(busier).length,
      blocks: loads(busier).length * BLOCKS,
    });
    const centers = steady.map(Math.log);
    const low = Math.min(...centers);
    const high = Math.max(...centers);
    // The center stays among the steady loads, and the spread within what their own extent
    // gives the MAD: the busier load does not widen the margin built on it.
    expect(entry?.center).toBeGreaterThanOrEqual(low);
    expect(entry?.center).toBeLessThanOrEqual(high);
    expect(entry?.spread).toBeLessThanOrEqual(MAD_TO_SIGMA * (high - low));
    expect(entry?.levels.p50).toBeLessThanOrEqual(Math.max(...steady));
    // However much busier that load was, it counts as one load above the others.
    const busiest = await merged(busier * 2);
    expect(busiest?.center).toBe(entry?.center);
    expect(busiest?.spread).toBe(entry?.spread);
  });

  it('floors the spread at a load center’s sampling error when two of three loads agree', () => {
    const runs = [
      capture(5, '2026-01-01T00:00:00Z'),
      capture(5, '2026-01-02T00:00:00Z'),
      capture(6, '2026-01-03T00:00:00Z'),
    ] as const;
    const [entry] = mergeRememberedRuns(runs).entries;
    // The median absolute deviation is 0 here; one load measures its level to about
    // scale / √blocks, so sessions cannot be shown to agree better than that.
    expect(entry?.spread).toBeCloseTo(SCALE / Math.sqrt(BLOCKS), 12);
    expect(entry?.center).toBe(Math.log(5));
    // Never wider than the plain merge's standard deviation of the centers.
    const plain = mergeBaselines(...runs).entries[0];
    expect(entry?.spread).toBeLessThanOrEqual(plain?.spread ?? NaN);
  });

  it('gives the same as mergeBaselines for scale and blocks, and keeps one window', () => {
    const runs = [
      capture(5, '2026-01-01T00:00:00Z'),
      capture(5.5, '2026-01-03T00:00:00Z'),
      capture(4.5, '2026-01-02T00:00:00Z'),
    ] as const;
    const robust = mergeRememberedRuns(runs);
    const plain = mergeBaselines(...runs);
    expect(robust.created).toBe(plain.created);
    expect(robust.entries[0]?.scale).toBeCloseTo(plain.entries[0]?.scale ?? NaN, 12);
    expect(robust.entries[0]?.blocks).toBe(plain.entries[0]?.blocks);
    expect(() => mergeRememberedRuns([runs[0], { ...runs[1], window: WINDOW / 2 }])).toThrow(
      `cannot merge remembered sessions of ${WINDOW} ms and ${WINDOW / 2} ms windows`,
    );
  });
});
