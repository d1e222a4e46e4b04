import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import { exportEvents } from '../../../src/export/connect.js';
import type { ExportItem } from '../../../src/export/exporter.js';

describe('exportEvents', () => {
  it("pushes the analyzer's windows as items until unsubscribed", () => {
    const analyzer = createAnalyzer({ window: 1000 });
    const pushed: ExportItem[] = [];
    const stop = exportEvents(analyzer, { push: (item) => pushed.push(item) });
    analyzer.add('cpu', 5, 100);
    analyzer.add('cpu', 6, 1100);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({
      kind: 'window',
      window: { metric: 'cpu', count: 1, start: 0 },
    });
    stop();
    analyzer.add('cpu', 7, 2100);
    expect(pushed).toHaveLength(1);
  });
});
