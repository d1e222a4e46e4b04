import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import { Page, runSeconds } from './simulate.js';

describe('createAnalyzer detection API', () => {
  it('rejects wrong detector options with a TypeError naming them', () => {
    expect(() => createAnalyzer({ detector: { falseAlarmRate: 0 } })).toThrow(
      /option "detector\.falseAlarmRate" must be in \(0, 0\.5\)/,
    );
    expect(() => createAnalyzer({ detector: { warmup: 5 } })).toThrow(/option "detector\.warmup"/);
    expect(() => createAnalyzer({ detector: { margin: -1 } })).toThrow(/option "detector\.margin"/);
    expect(() => createAnalyzer({ detector: { horizon: 0 } })).toThrow(
      /option "detector\.horizon"/,
    );
    expect(() => createAnalyzer({ detector: { watch: 'cpu' as unknown as string[] } })).toThrow(
      /option "detector\.watch"/,
    );
  });

  it('snapshots verdicts per metric with their test, and the open windows', () => {
    const analyzer = createAnalyzer();
    const page = new Page(81);
    runSeconds(analyzer, 0, 40, ({ time }) => {
      page.frame(analyzer, time);
    });
    analyzer.add('cpu', 9, 40_100);
    const snapshot = analyzer.snapshot();
    expect(snapshot.time).toBe(40_100);
    expect(snapshot.dropped).toBe(0);
    expect(snapshot.windows).toEqual([
      expect.objectContaining({ metric: 'cpu', count: 1, start: 40_000 }),
    ]);
    expect(snapshot.verdicts.map((v) => [v.metric, v.test, v.verdict.state])).toEqual([
      ['cpu', 'location', 'stable'],
      ['gpu', 'location', 'stable'],
      ['frame.dropped', 'proportion', 'stable'],
      ['frame.long', 'proportion', 'stable'],
      ['frame.frozen', 'proportion', 'stable'],
    ]);
    expect(snapshot.verdicts[0]?.reference?.p50).toBeCloseTo(8, 0);
    expect(analyzer.verdict('cpu', { scene: 'other' })).toBeUndefined();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('with detector: false keeps windows only', () => {
    const analyzer = createAnalyzer({ detector: false });
    let windows = 0;
    analyzer.on('window', () => windows++);
    const page = new Page(82);
    runSeconds(analyzer, 0, 60, ({ time, second }) => {
      page.cpu.factor = second >= 30 ? 3 : 1;
      page.frame(analyzer, time);
    });
    expect(windows).toBe(180);
    expect(analyzer.snapshot().verdicts).toEqual([]);
    expect(analyzer.verdict('cpu')).toBeUndefined();
    expect(analyzer.captureBaseline().entries).toEqual([]);
  });

  it('keeps detecting when a regression listener throws, and reports it', () => {
    const errors: string[] = [];
    const analyzer = createAnalyzer({ onError: (_error, kind) => errors.push(kind) });
    analyzer.on('regression', () => {
      throw new Error('listener bug');
    });
    const page = new Page(83);
    runSeconds(analyzer, 0, 200, ({ time, second }) => {
      page.cpu.factor = second >= 100 ? 1.5 : 1;
      page.frame(analyzer, time);
    });
    expect(errors).toEqual(['listener.regression']);
    expect(analyzer.verdict('cpu')?.state).toBe('regressed');
  });

  it('drops and counts what is not a sample instead of throwing at the caller', () => {
    const errors: string[] = [];
    const analyzer = createAnalyzer({ onError: (_error, kind) => errors.push(kind) });
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('hostile');
        },
      },
    );
    const garbage: unknown[] = [undefined, null, 10n, Symbol('s'), {}, 'x', hostile];
    for (const value of garbage) {
      expect(() => {
        analyzer.add(value as never, 1, 1000);
        analyzer.add('cpu', value as never, 1000);
        analyzer.add('cpu', 1, value as never);
        analyzer.add('cpu', 1, 1000, value as never);
        analyzer.attribute('loaf', value as never, 1, 1000);
        analyzer.tick(value as never);
        analyzer.interrupt(value as never, 1000);
        analyzer.verdict('cpu', value as never);
      }).not.toThrow();
    }
    // Each bad argument dropped its sample; three were not bad: 'x' is a custom metric name,
    // and undefined and {} are empty contexts.
    expect(analyzer.dropped).toBe(garbage.length * 4 - 3);
    expect(errors).toContain('analyzer.interrupt');
    analyzer.add('cpu', 2, 1000);
    expect(analyzer.snapshot().windows.map((w) => [w.metric, w.count])).toEqual([
      ['cpu', 3],
      ['x', 1],
    ]);
  });
});
