import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/create-analyzer.js';
import type { WindowSummary } from '../../src/types.js';

describe('createAnalyzer', () => {
  it('emits window summaries, closes them on tick and on interrupt', () => {
    const analyzer = createAnalyzer({ window: 500 });
    const windows: WindowSummary[] = [];
    const off = analyzer.on('window', (w) => windows.push(w));
    analyzer.add('cpu', 5, 0);
    analyzer.tick(499);
    expect(windows).toHaveLength(0);
    analyzer.tick(500);
    expect(windows).toHaveLength(1);
    analyzer.add('cpu', 7, 600);
    analyzer.interrupt('hidden', 700);
    expect(windows[1]).toMatchObject({ metric: 'cpu', start: 500, end: 700, count: 1 });
    off();
    analyzer.add('cpu', 7, 800);
    analyzer.tick(2000);
    expect(windows).toHaveLength(2);
  });

  it('rejects wrong options with a TypeError naming them', () => {
    expect(() => createAnalyzer({ window: 0 })).toThrow(/option "window"/);
    expect(() => createAnalyzer({ maxSeries: 1.5 })).toThrow(/option "maxSeries"/);
  });
});
