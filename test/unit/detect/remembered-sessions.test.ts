// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import { createDetector } from '../../../src/detect/create-detector.js';
import { rememberedKey } from '../../../src/baseline/remembered-sessions.js';
import type { Regression } from '../../../src/types.js';
import { Page, runSeconds } from './simulate.js';

const NAME = 'test-app';

/** Lets the storage's promises settle (what a page's event loop does between frames). */
async function settle(): Promise<void> {
  await vi.dynamicImportSettled(); // the remembered sessions' code is loaded on use
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

interface SessionResult {
  regressions: Regression[];
  errors: string[];
}

/**
 * One page load of `seconds` s that remembers under NAME; its cpu work is `factor` × the
 * page's. Ends as a page does when it goes (hidden), which saves its capture.
 */
async function session(
  seed: number,
  options: { factor?: number; seconds?: number; context?: Record<string, string> } = {},
): Promise<SessionResult> {
  const errors: string[] = [];
  const analyzer = createAnalyzer({
    detector: { remember: NAME },
    onError: (_error, kind) => errors.push(kind),
  });
  const regressions: Regression[] = [];
  analyzer.on('regression', (r) => regressions.push(r));
  const page = new Page(seed);
  page.context = options.context;
  page.cpu.factor = options.factor ?? 1;
  const seconds = options.seconds ?? 45;
  runSeconds(analyzer, 0, 1, ({ time }) => {
    page.frame(analyzer, time);
  });
  await settle(); // the remembered sessions are read
  runSeconds(analyzer, 1, seconds, ({ time }) => {
    page.frame(analyzer, time);
  });
  analyzer.interrupt('hidden', seconds * 1000);
  await settle(); // the capture is written
  return { regressions, errors };
}

function storedRuns(): { session: string; baseline: { entries: { context: object }[] } }[] {
  const text = localStorage.getItem(rememberedKey(NAME));
  return text === null ? [] : (JSON.parse(text) as { runs: [] }).runs;
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('createDetector({ remember })', () => {
  it('catches a page that came slower with the load, against the last 5 sessions', async () => {
    for (let load = 1; load <= 5; load++) {
      const { regressions, errors } = await session(load * 7);
      expect(regressions).toEqual([]);
      expect(errors).toEqual([]);
    }
    expect(storedRuns()).toHaveLength(5);
    const { regressions } = await session(99, { factor: 1.3 });
    const cpu = regressions.find((r) => r.metric === 'cpu');
    expect(cpu).toMatchObject({ comparedWith: 'remembered', runs: 5, statistic: 'p50' });
    expect(cpu?.delta).toBeGreaterThan(0.15);
    // 2 settling blocks and 10 checking the session's spread: found at the end of them.
    expect(cpu?.detectedAt).toBeLessThanOrEqual(15_000);
    // Keeps the last 5 sessions: the slower one replaced the oldest.
    expect(storedRuns()).toHaveLength(5);
  });

  it('still catches a slower load when one remembered load was taken at a busier moment', async () => {
    const busier = 2; // the load whose cpu work was 25 % higher
    for (let load = 1; load <= 5; load++) {
      await session(load * 11, { factor: load === busier ? 1.25 : 1 });
    }
    expect(storedRuns()).toHaveLength(5);
    const { regressions } = await session(98, { factor: 1.3 });
    const cpu = regressions.find((r) => r.metric === 'cpu');
    expect(cpu).toMatchObject({ comparedWith: 'remembered', runs: 5, statistic: 'p50' });
    expect(cpu?.delta).toBeGreaterThan(0);
  });

  it('raises nothing over 20 loads of an unchanged page', async () => {
    for (let load = 1; load <= 20; load++) {
      const { regressions } = await session(1000 + load * 13, { seconds: 35 });
      expect(regressions).toEqual([]);
    }
    expect(storedRuns()).toHaveLength(5);
  });

  it('keeps the last sessions per context, so a scene seen once is not pushed out', async () => {
    await session(5, { context: { scene: 'b' } });
    for (let load = 1; load <= 6; load++) await session(load * 3, { context: { scene: 'a' } });
    const scenes = storedRuns().map((run) => run.baseline.entries[0]?.context);
    expect(scenes.filter((scene) => JSON.stringify(scene) === '{"scene":"a"}')).toHaveLength(5);
    expect(scenes).toContainEqual({ scene: 'b' });
  });

  it('sends storage failures to onError, never to the page', async () => {
    localStorage.setItem(rememberedKey(NAME), '{"not":"a record"');
    const failing = await session(3);
    expect(failing.errors).toContain('detector.remember');
    // The invalid record was replaced by this session's capture.
    expect(storedRuns()).toHaveLength(1);
    // A full storage: every write throws.
    vi.stubGlobal('localStorage', {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      },
    });
    const full = await session(4);
    expect(full.errors).toContain('detector.remember');
    expect(full.regressions).toEqual([]);
  });

  it('rejects a wrong remember option with a TypeError naming it', () => {
    expect(() => createDetector({ remember: '' })).toThrow(
      'createDetector: option "remember" must be a non-empty string, got ""',
    );
    expect(() => createDetector({ remember: 42 as never })).toThrow(
      /option "remember" must be an app name or \{ name, sessions, storage \}, got 42/,
    );
    expect(() => createDetector({ remember: { sessions: 3 } as never })).toThrow(
      'option "remember.name" must be a non-empty string',
    );
    expect(() => createDetector({ remember: { name: 'a', sessions: 0 } })).toThrow(
      'option "remember.sessions" must be an integer in [1, 20], got 0',
    );
    expect(() => createDetector({ remember: { name: 'a', storage: 'cookie' as never } })).toThrow(
      /option "remember.storage" must be "localStorage" or "indexedDB"/,
    );
    expect(() => createDetector({ remember: { name: 'a', days: 3 } as never })).toThrow(
      'unknown option "remember.days"',
    );
    expect(() =>
      createDetector({
        remember: 'a',
        baseline: {
          format: 'perfwarden-baseline',
          version: 1,
          created: '2026-01-01T00:00:00Z',
          window: 1000,
          entries: [],
        },
      }),
    ).toThrow('options "baseline" and "remember" cannot be used together');
  });
});
