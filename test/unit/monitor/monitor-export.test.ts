// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryExporter } from '../../../src/export/memory-exporter.js';
import type { PersistStore } from '../../../src/export/persistence.js';
import type { ExportItem } from '../../../src/export/exporter.js';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
import type { GpuSource } from '../../../src/types.js';
import type { ClosedWindow } from '../../../src/analysis/windows.js';
import { useFakeBrowser } from '../sources/fake-browser.js';

const browser = useFakeBrowser(['event', 'measure', 'long-animation-frame']);

const monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
});

function fakeGpu(): GpuSource & { disjoint: number } {
  const source = {
    until: Infinity,
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

describe('monitor export windows', () => {
  /**
   * The frame windows a monitor exports for 3 s of frames from `from` (ms on the page's
   * clock), with `windowMs` if given.
   */
  async function frameWindows(from: number, windowMs?: number): Promise<ClosedWindow[]> {
    const exporter = memoryExporter();
    const monitor = createMonitor({
      sources: { frames: { sampling: 'full' }, vitals: false, memory: false },
      exporters: [exporter],
      export: { batchDelayMs: 10, ...(windowMs === undefined ? {} : { windowMs }) },
    });
    monitors.push(monitor);
    browser.now = from;
    monitor.start();
    let t = from;
    for (let second = 0; second < 3; second++) {
      t = browser.frames(t + 16.7, 60, 16.7);
      browser.now = t;
      vi.advanceTimersByTime(1000);
    }
    monitor.stop();
    await monitor.flush();
    return items(exporter, 'window').flatMap((item) =>
      item.kind === 'window' && item.window.metric === 'frame' ? [item.window] : [],
    );
  }

  it('sends one window per metric and minute by default, the partial minute when it stops', async () => {
    const perSecond = await frameWindows(0, 1000);
    // A minute later: the same samples at the same place on the grids of 1 s and 60 s.
    const perMinute = await frameWindows(60_000);
    expect(perSecond.length).toBeGreaterThanOrEqual(3);
    // Whichever minutes of the clock the 3 s fall in: one export window each.
    const minutes = new Set(perSecond.map((window) => Math.floor(window.start / 60_000)));
    expect(perMinute).toHaveLength(minutes.size);
    const total = (windows: ClosedWindow[]): number =>
      windows.reduce((sum, window) => sum + window.count, 0);
    expect(total(perMinute)).toBe(total(perSecond));
    expect(perMinute.every((window) => window.count > 0)).toBe(true);
  });
});

describe('monitor export wiring', () => {
  it('detaches the pipeline on stop even when delivering stored items fails at start', () => {
    let saves = 0;
    const store: PersistStore = {
      maxBytes: 1_000_000,
      save: () => {
        saves++;
        return Promise.resolve();
      },
      remove: () => Promise.resolve(),
      takeAll: () => {
        throw new TypeError('takeAll is broken');
      },
    };
    const monitor = createMonitor({
      sources: { vitals: false, memory: false },
      exporters: [memoryExporter()],
      export: { persist: store },
      onError: () => undefined,
    });
    monitors.push(monitor);
    monitor.start();
    monitor.stop();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    expect(() => document.dispatchEvent(new Event('visibilitychange'))).not.toThrow();
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    expect(saves).toBe(0);
  });
});

describe('monitor.shutdown', () => {
  it('stops, delivers what is queued, shuts the exporters down, and is final', async () => {
    const shutdown = vi.fn(() => Promise.resolve());
    const exporter = Object.assign(memoryExporter(), { shutdown });
    const monitor = createMonitor({
      sources: { vitals: false, memory: false },
      exporters: [exporter],
      export: { batchDelayMs: 60_000 },
    });
    monitors.push(monitor);
    monitor.start();
    const last = browser.frames(0, 90, 16.7);
    browser.now = last + 1;
    vi.advanceTimersByTime(1000);
    const first = monitor.shutdown();
    expect(monitor.shutdown()).toBe(first);
    await first;
    expect(monitor.running).toBe(false);
    expect(items(exporter, 'window').length).toBeGreaterThan(0);
    expect(shutdown).toHaveBeenCalledTimes(1);
    monitor.start();
    expect(monitor.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves within its bound when an exporter hangs, and never rejects', async () => {
    const hung = {
      name: 'hung',
      export: () => new Promise<never>(() => undefined),
      shutdown: () => Promise.reject(new Error('shutdown bug')),
    };
    const monitor = createMonitor({
      sources: { vitals: false, memory: false },
      exporters: [hung],
      export: { exportTimeoutMs: 1000 },
      onError: () => undefined,
    });
    monitors.push(monitor);
    monitor.start();
    monitor.record('custom', 1);
    browser.now += 2000;
    vi.advanceTimersByTime(1000);
    let settled = false;
    void monitor.shutdown().then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(settled).toBe(true);
  });

  it('resolves at once without exporters', async () => {
    const monitor = createMonitor({ sources: { vitals: false } });
    await expect(monitor.shutdown()).resolves.toBeUndefined();
  });
});
