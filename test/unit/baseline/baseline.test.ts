import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import {
  BASELINE_FORMAT,
  mergeBaselines,
  parseBaseline,
  validateBaseline,
} from '../../../src/baseline/baseline.js';
import type { Baseline } from '../../../src/baseline/baseline.js';
import type { Regression } from '../../../src/types.js';
import { Page, runSeconds } from '../detect/simulate.js';

/** A baseline captured from a 3-minute session of the seeded page. */
function capture(seed: number, factor = 1): Baseline {
  const analyzer = createAnalyzer();
  const page = new Page(seed);
  page.cpu.factor = factor;
  runSeconds(analyzer, 0, 180, ({ time }) => {
    page.frame(analyzer, time);
  });
  return analyzer.captureBaseline();
}

const captured = capture(61);

describe('captureBaseline', () => {
  it('keeps every metric and statistic with a reference past its warm-up (tested or witness), as JSON that reads back equal', () => {
    expect(captured).toMatchObject({ format: BASELINE_FORMAT, version: 1, window: 1000 });
    const keys = captured.entries.map((entry) => `${entry.metric} ${entry.statistic}`).sort();
    expect(keys).toEqual([
      'cpu p10',
      'cpu p50',
      'cpu p95',
      'frame.dropped proportion',
      'frame.frozen proportion',
      'frame.long proportion',
      'gpu p10',
      'gpu p50',
      'gpu p95',
    ]);
    const cpu = captured.entries.find((e) => e.metric === 'cpu' && e.statistic === 'p50');
    expect(cpu?.levels.p50).toBeCloseTo(8, 0);
    expect(Math.exp(cpu?.center ?? 0)).toBeCloseTo(8, 0);
    expect(cpu?.blocks).toBeGreaterThan(150);
    // Main-thread work is also tested on its undisturbed frames: their level is kept too.
    expect(cpu?.levels.p10).toBeLessThan(cpu?.levels.p50 ?? 0);
    expect(parseBaseline(JSON.stringify(captured))).toEqual(captured);
  });
});

describe('a session against a stored baseline', () => {
  function against(baseline: Baseline, factor: number, seed: number): Regression[] {
    const analyzer = createAnalyzer({ baseline: JSON.stringify(baseline) });
    const regressions: Regression[] = [];
    analyzer.on('regression', (r) => regressions.push(r));
    const page = new Page(seed);
    page.cpu.factor = factor;
    runSeconds(analyzer, 0, 120, ({ time }) => {
      page.frame(analyzer, time);
    });
    return regressions;
  }

  it('catches a build that is slower from its first second, which a session alone cannot', () => {
    const regressions = against(captured, 1.25, 62);
    expect(regressions.map((r) => r.metric)).toEqual(['cpu']);
    expect(regressions[0]?.detectedAt).toBeLessThan(40_000);
    expect(regressions[0]?.changedAt).toBeLessThan(15_000);
    expect(regressions[0]?.baseline.p50).toBeCloseTo(8, 0);
  });

  it('leaves a session within the margin alone', () => {
    expect(against(captured, 1.02, 63)).toEqual([]);
  });
});

describe('mergeBaselines', () => {
  it('combines runs: the mean of their centers, the spread between them, all blocks', () => {
    const runs = [capture(71), capture(72, 1.04), capture(73, 0.97)];
    const merged = mergeBaselines(...runs);
    const cpu = (b: Baseline) => b.entries.find((e) => e.metric === 'cpu' && e.statistic === 'p50');
    const centers = runs.map((run) => cpu(run)?.center ?? NaN);
    const mean = centers.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(centers.reduce((a, c) => a + (c - mean) ** 2, 0) / 2);
    expect(cpu(merged)).toMatchObject({ runs: 3 });
    expect(cpu(merged)?.center).toBeCloseTo(mean, 12);
    expect(cpu(merged)?.spread).toBeCloseTo(sd, 12);
    expect(cpu(merged)?.blocks).toBe(runs.reduce((a, run) => a + (cpu(run)?.blocks ?? 0), 0));
    // Merging in steps gives the same as at once.
    expect(cpu(mergeBaselines(mergeBaselines(runs[0], runs[1]), runs[2]))?.spread).toBeCloseTo(
      sd,
      12,
    );
  });

  it('refuses baselines of different windows, and invalid ones by position', () => {
    expect(() => mergeBaselines(captured, { ...captured, window: 500 })).toThrow(
      'cannot merge baselines of 1000 ms and 500 ms windows',
    );
    expect(() => mergeBaselines(captured, '{')).toThrow(
      /^baseline 2 of 2: baseline is not valid JSON/,
    );
  });
});

describe('parseBaseline rejects bad files with what is wrong', () => {
  const text = JSON.stringify(captured);
  const entry = captured.entries[0];
  const cases: [string, unknown, RegExp][] = [
    ['truncated', text.slice(0, text.length / 2), /^baseline is not valid JSON/],
    ['not an object', '[1, 2]', /^baseline must be an object/],
    [
      'another format',
      { ...captured, format: 'other' },
      /^baseline\.format must be "perfwarden-baseline"/,
    ],
    [
      'a newer version',
      { ...captured, version: 2 },
      /^baseline\.version is newer than this perfwarden reads \(1\)/,
    ],
    [
      'a bad date',
      { ...captured, created: 'yesterday' },
      /^baseline\.created must be an ISO 8601 date/,
    ],
    ['no entries', { ...captured, entries: {} }, /^baseline\.entries must be an array/],
    [
      'a negative scale',
      { ...captured, entries: [{ ...entry, scale: -1 }] },
      /^baseline\.entries\[0\]\.scale must be a finite number ≥ 0, got -1/,
    ],
    [
      'an unknown statistic',
      { ...captured, entries: [{ ...entry, statistic: 'p99' }] },
      /^baseline\.entries\[0\]\.statistic must be one of/,
    ],
    [
      'more runs than blocks',
      { ...captured, entries: [{ ...entry, runs: 1e6 }] },
      /^baseline\.entries\[0\]\.runs must not exceed blocks/,
    ],
    [
      'a missing level',
      { ...captured, entries: [{ ...entry, levels: { p50: 1 } }] },
      /^baseline\.entries\[0\]\.levels\.p95 must be a finite number/,
    ],
    [
      'a negative undisturbed level',
      { ...captured, entries: [{ ...entry, levels: { p50: 1, p95: 2, mean: 1, p10: -1 } }] },
      /^baseline\.entries\[0\]\.levels\.p10 must be a finite number ≥ 0, got -1/,
    ],
    [
      'a duplicate',
      { ...captured, entries: [entry, entry] },
      /^baseline\.entries\[1\] repeats entries\[0\]/,
    ],
    [
      'a non-string label',
      { ...captured, entries: [{ ...entry, context: { scene: 5 } }] },
      /^baseline\.entries\[0\]\.context\.scene must be a non-empty string/,
    ],
    [
      'a prototype label',
      JSON.parse(
        `{"format":"perfwarden-baseline","version":1,"created":"2026-01-01T00:00:00Z","window":1000,"entries":[{"metric":"cpu","statistic":"p50","center":1,"scale":1,"spread":0,"blocks":1,"runs":1,"levels":{"p50":1,"p95":1,"mean":1},"context":{"__proto__":{"polluted":"yes"}}}]}`,
      ),
      /^baseline\.entries\[0\]\.context must not have the label "__proto__"/,
    ],
    ['too large', ' '.repeat(9 * 1024 * 1024), /^baseline is larger than/],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    expect(() => parseBaseline(input)).toThrow(TypeError);
    expect(() => parseBaseline(input)).toThrow(message);
    expect(validateBaseline(input)).toEqual({
      ok: false,
      error: expect.stringMatching(message) as string,
    });
  });

  it('turns a throwing getter into a TypeError', () => {
    const hostile = {
      ...captured,
      get entries(): never {
        throw new RangeError('boom');
      },
    };
    expect(() => parseBaseline(hostile)).toThrow('baseline could not be read: boom');
  });

  it('reaches createAnalyzer as a TypeError naming the option, and checks the window', () => {
    expect(() => createAnalyzer({ baseline: '{' })).toThrow(
      /^createAnalyzer: option "baseline": baseline is not valid JSON/,
    );
    expect(() => createAnalyzer({ window: 500, baseline: captured })).toThrow(
      "createAnalyzer: the detector's baseline was measured with 1000 ms windows, not 500 ms",
    );
  });

  it('never crashes, never pollutes, on fuzzed files', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: text.length - 1 }),
        fc.integer({ min: 0, max: 40 }),
        fc.string({ maxLength: 12 }),
        (at, cut, insert) => {
          const mutated = text.slice(0, at) + insert + text.slice(at + cut);
          const result = validateBaseline(mutated);
          if (result.ok) {
            // Whatever parses is a complete, consistent baseline that an analyzer accepts.
            expect(() => createAnalyzer({ baseline: result.baseline })).not.toThrow();
            for (const e of result.baseline.entries) expect(e.scale).toBeGreaterThan(0);
          } else {
            expect(result.error).toMatch(/^baseline/);
          }
          expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        },
      ),
      { numRuns: 400, seed: 5 },
    );
  });

  it('never crashes on fuzzed values in place of valid ones', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom('center', 'scale', 'blocks', 'runs', 'context', 'levels', 'metric'),
        (value, field) => {
          const result = validateBaseline({ ...captured, entries: [{ ...entry, [field]: value }] });
          if (!result.ok)
            expect(result.error).toMatch(new RegExp(`^baseline\\.entries\\[0\\]\\.${field}`));
        },
      ),
      { numRuns: 400, seed: 6 },
    );
  });
});
