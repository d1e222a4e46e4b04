import { describe, expect, it, vi } from 'vitest';
import { consoleExporter } from '../../../src/export/console-exporter.js';
import { createKeepaliveBudget } from '../../../src/export/keepalive-budget.js';
import { recoveryItem, regressionItem, windowItem } from './items.js';

const context = {
  signal: new AbortController().signal,
  keepalive: createKeepaliveBudget(1000),
  final: false,
};

function fakeConsole() {
  return {
    groupCollapsed: vi.fn(),
    groupEnd: vi.fn(),
    table: vi.fn(),
    warn: vi.fn(),
    info: vi.fn(),
  };
}

describe('consoleExporter', () => {
  it('prints one collapsed group: windows as a table, events and counters as lines', async () => {
    const out = fakeConsole();
    const counter = {
      kind: 'counter' as const,
      counter: {
        name: 'perfwarden.export.dropped',
        value: 3,
        start: 0,
        time: 1,
        attributes: { exporter: 'otlp', reason: 'overflow' },
      },
    };
    const batch = [windowItem(), regressionItem(), recoveryItem(), counter];
    expect(await consoleExporter({ console: out }).export(batch, context)).toEqual({ code: 'ok' });
    expect(out.groupCollapsed).toHaveBeenCalledWith('[perfwarden] 4 items');
    expect(out.table).toHaveBeenCalledWith([
      expect.objectContaining({ metric: 'cpu', context: 'scene=graph-10k', count: 6 }),
    ]);
    expect(out.warn).toHaveBeenCalledWith(
      'regression: cpu p50 +12.0 % [+8.0 %, +16.0 %] (p50 8.10 ms → 9.07 ms), confidence ≥ 99.9 %, major in scene=graph-10k',
      expect.any(Array),
    );
    expect(out.info).toHaveBeenCalledWith(
      'recovery: cpu p50 recovered from +12.0 % (major) in scene=graph-10k',
    );
    expect(out.info).toHaveBeenCalledWith(
      'perfwarden.export.dropped = 3 (exporter=otlp, reason=overflow)',
    );
    expect(out.groupEnd).toHaveBeenCalledTimes(1);
  });

  it('closes the group and reports failure when the console throws, without throwing', async () => {
    const out = fakeConsole();
    out.table.mockImplementation(() => {
      throw new Error('no table');
    });
    const result = await consoleExporter({ console: out }).export([windowItem()], context);
    expect(result).toMatchObject({ code: 'failed' });
    expect(out.groupEnd).toHaveBeenCalledTimes(1);
  });
});
