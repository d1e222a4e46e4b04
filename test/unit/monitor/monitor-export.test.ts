// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryExporter } from '../../../src/export/memory-exporter.js';
import type { ExportItem } from '../../../src/export/exporter.js';
import { createMonitor } from '../../../src/monitor.js';
import type { Monitor } from '../../../src/monitor.js';
import type { GpuSource } from '../../../src/types.js';
import { useFakeBrowser } from '../sources/fake-browser.js';

const browser = useFakeBrowser(['event', 'measure', 'long-animation-frame']);

const monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
});

function fakeGpu(): GpuSource & { disjoint: number } {
  const source = {
    every: 1,
    disjoint: 0,
    renderer: { vendor: 'Mesa', renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)', software: true },
    stats: () => ({ disjoint: source.disjoint, skipped: 0, contextLosses: 0 }),
  };
  return source;
}

const items = (exporter: ReturnType<typeof memoryExporter>, kind: ExportItem['kind']) =>
  exporter.items.filter((item) => item.kind === kind);

describe('monitor with exporters', () => {
  it('exports closed windows, the last ones on stop, and data-quality counters', async () => {
    const exporter = memoryExporter();
    const monitor = createMonitor({
      sources: { vitals: false, memory: false },
      exporters: [exporter],
      export: { batchDelayMs: 10 },
    });
    monitors.push(monitor);
    monitor.start();
    const gpu = fakeGpu();
    monitor.attachGpu(gpu);
    const last = browser.frames(0, 90, 16.7);
    browser.now = last + 1;
    vi.advanceTimersByTime(1000);
    gpu.disjoint = 3;
    browser.now += 1000;
    vi.advanceTimersByTime(1000);
    monitor.stop();
    await monitor.flush();
    const windows = items(exporter, 'window');
    expect(windows.map((item) => item.kind === 'window' && item.window.metric)).toContain('cpu');
    const counters = items(exporter, 'counter').map((item) =>
      item.kind === 'counter' ? item.counter : undefined,
    );
    expect(counters).toContainEqual(
      expect.objectContaining({
        name: 'perfwarden.gpu.renderer',
        value: 1,
        attributes: expect.objectContaining({ software: 'true' }) as unknown,
      }),
    );
    expect(counters).toContainEqual(
      expect.objectContaining({ name: 'perfwarden.gpu.disjoint', value: 3 }),
    );
    expect(monitor.gpu?.software).toBe(true);
  });

  it('sheds GPU queries first and detaches a GPU source', () => {
    const monitor = createMonitor({
      sources: { vitals: false, memory: false },
      overheadBudget: 0.001,
    });
    monitors.push(monitor);
    monitor.start();
    const gpu = fakeGpu();
    const detach = monitor.attachGpu(gpu);
    expect(gpu.every).toBe(1);
    monitor.on('window', () => {
      browser.now += 5; // every listener call looks expensive
    });
    let t = 0;
    for (let second = 0; second < 12; second++) {
      t = browser.frames(t + 16.7, 60, 16.7);
      browser.now = t;
      vi.advanceTimersByTime(1000);
    }
    expect(gpu.every).toBe(4);
    detach();
    expect(monitor.gpu).toBeUndefined();
  });

  it('resolves flush without exporters and rejects exporters that are not exporters', async () => {
    const monitor = createMonitor({ sources: { vitals: false } });
    await expect(monitor.flush()).resolves.toBeUndefined();
    expect(() => createMonitor({ exporters: [{ name: 'x' } as never] })).toThrow(
      /option "exporters\[0\]" must be an exporter/,
    );
    expect(() => createMonitor({ export: 5 as never })).toThrow(/option "export"/);
  });
});
