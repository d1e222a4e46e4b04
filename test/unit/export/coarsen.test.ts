// @vitest-environment happy-dom
/**
 * Export windows (src/export/coarsen.ts) through the public pipeline: the 1 s analysis windows
 * of each metric and context leave as one window per `windowMs`, merged exactly, on time, and
 * at every flush; events and counters are never held.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import { LATE_WINDOW_MS } from '../../../src/export/coarsen.js';
import { exportEvents } from '../../../src/export/connect.js';
import type { ExportItem } from '../../../src/export/exporter.js';
import { createPipeline } from '../../../src/export/pipeline.js';
import type { PipelineOptions } from '../../../src/export/pipeline.js';
import { windowDataPoint } from '../../../src/otlp/metrics.js';
import { nanos } from '../../../src/otlp/json.js';
import { createHistogram } from '../../../src/stats/histogram.js';
import { histogramLayoutFor, MAX_ATTRIBUTION_KEYS } from '../../../src/analysis/windows.js';
import type { ClosedWindow } from '../../../src/analysis/windows.js';
import { normalFrom, seededRandom } from '../../support/random.js';
import { makeWindow, regressionItem } from './items.js';
import { scriptedExporter } from './scripted-exporter.js';

const MINUTE = 60_000;
/** The start of an export window on the 60 s grid (epoch ms, like the monitor's times). */
const SLOT = 28_333_334 * MINUTE;
const scene = { scene: 'a' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A pipeline into one recording exporter; batches leave 1 ms after they start. */
function pipelineWith(options: Partial<PipelineOptions> = {}) {
  const exporter = scriptedExporter('a');
  const errors: string[] = [];
  const pipeline = createPipeline({
    exporters: [exporter],
    batchDelayMs: 1,
    onError: (error, kind) => errors.push(`${kind}: ${String(error)}`),
    ...options,
  });
  /** Every window that reached the exporter, in order. */
  const windows = (): ClosedWindow[] =>
    exporter.calls.flatMap((call) =>
      call.batch.flatMap((item) => (item.kind === 'window' ? [item.window] : [])),
    );
  return { pipeline, exporter, windows, errors };
}

/** The 1 s window of `metric` from `start`, of `values`. */
const second = (start: number, values: number[], metric = 'cpu'): ExportItem => ({
  kind: 'window',
  window: makeWindow(metric, values, scene, start),
});

describe('export windows: merging', () => {
  it('sends one window per minute, equal to all of its samples in one histogram', async () => {
    const { pipeline, windows } = pipelineWith();
    const analyzer = createAnalyzer({ window: 1000 });
    exportEvents(analyzer, pipeline);
    const normal = normalFrom(seededRandom(7));
    const all = createHistogram(histogramLayoutFor('cpu'));
    for (let time = SLOT; time < SLOT + MINUTE; time += 16.7) {
      const value = Math.exp(Math.log(6) + 0.4 * normal());
      all.add(value);
      analyzer.add('cpu', value, time, scene);
    }
    // The next minute's first sample closes the minute's last window: its export window is
    // complete and leaves without waiting for a timer or a flush.
    analyzer.add('cpu', 6, SLOT + MINUTE + 5, scene);
    await vi.advanceTimersByTimeAsync(1);
    const [merged, ...others] = windows();
    expect(others).toEqual([]);
    expect(merged).toMatchObject({
      metric: 'cpu',
      context: scene,
      start: SLOT,
      end: SLOT + MINUTE,
      count: all.count,
      min: all.min,
      max: all.max,
      p50: all.quantile(0.5),
      p95: all.quantile(0.95),
      p99: all.quantile(0.99),
    });
    expect(merged?.mean).toBeCloseTo(all.mean, 9);
    const { sum, ...buckets } = all.toJSON();
    expect(merged?.histogram).toMatchObject(buckets);
    expect(merged?.histogram.sum).toBeCloseTo(sum, 6);
  });

  it('keeps metrics and contexts apart, and sends no window for what had no samples', async () => {
    const { pipeline, windows } = pipelineWith();
    const analyzer = createAnalyzer({ window: 1000 });
    exportEvents(analyzer, pipeline);
    for (let s = 0; s < 60; s++) {
      const time = SLOT + s * 1000;
      analyzer.add('cpu', 5, time, { scene: 'a' });
      analyzer.add('cpu', 9, time, { scene: 'b' });
      if (s < 10) analyzer.add('gpu', 3, time, { scene: 'a' });
    }
    // The tick completes both cpu export windows; gpu's last window ended at second 10, so
    // its export window is still open until the flush.
    analyzer.tick(SLOT + MINUTE);
    await pipeline.flush();
    const sent = windows().map((w) => [w.metric, w.context['scene'], w.count]);
    expect(sent).toEqual([
      ['cpu', 'a', 60],
      ['cpu', 'b', 60],
      ['gpu', 'a', 10],
    ]);
  });

  it('adds up attribution tallies, at most 16 details plus (other)', async () => {
    const { pipeline, windows } = pipelineWith();
    const attributed = (start: number, attribution: Record<string, number>): ExportItem => ({
      kind: 'window',
      window: { ...makeWindow('loaf', [60], scene, start), attribution },
    });
    pipeline.push(attributed(SLOT, { 'a.js': 10, 'b.js': 5 }));
    pipeline.push(attributed(SLOT + 1000, { 'a.js': 7, 'c.js': 1 }));
    await pipeline.flush();
    expect(windows()[0]?.attribution).toEqual({ 'a.js': 17, 'b.js': 5, 'c.js': 1 });

    // 20 details over two windows: the 16 largest stay, the rest goes to (other).
    const many = (from: number): Record<string, number> =>
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${String(from + i)}`, from + i]));
    pipeline.push(attributed(SLOT + 2000, { ...many(1), '(other)': 100 }));
    pipeline.push(attributed(SLOT + 3000, many(11)));
    await pipeline.flush();
    const capped = windows()[1]?.attribution ?? {};
    expect(Object.keys(capped)).toHaveLength(MAX_ATTRIBUTION_KEYS + 1);
    expect(capped['s1']).toBeUndefined();
    expect(capped['s20']).toBe(20);
    // 1 + … + 4 moved to (other), beside the 100 already there; nothing is lost.
    expect(capped['(other)']).toBe(110);
    const total = Object.values(capped).reduce((a, b) => a + b, 0);
    expect(total).toBe(100 + (20 * 21) / 2);
  });

  it('encodes a merged window as one OTLP data point over the export window', async () => {
    const { pipeline, windows } = pipelineWith();
    for (let s = 0; s < 60; s++) pipeline.push(second(SLOT + s * 1000, [4, 5, 6 + s / 10]));
    await vi.advanceTimersByTimeAsync(1);
    const [merged] = windows();
    if (!merged) throw new Error('no export window was sent');
    const point = windowDataPoint(merged);
    expect(point.startTimeUnixNano).toBe(nanos(SLOT));
    expect(point.timeUnixNano).toBe(nanos(SLOT + MINUTE));
    expect(point.count).toBe('180');
    const buckets = point.positive?.bucketCounts.map(Number) ?? [];
    expect(buckets.reduce((a, b) => a + b, 0) + Number(point.zeroCount)).toBe(180);
  });

  it('passes a window it cannot merge (no histogram, odd labels) on unchanged', async () => {
    const { pipeline, exporter } = pipelineWith();
    const bare: Partial<ClosedWindow> = makeWindow('cpu', [5], scene, SLOT);
    delete bare.histogram;
    const odd = { ...makeWindow('cpu', [5], scene, SLOT), context: { n: 1 } };
    const items = [bare, odd].map((window) => ({ kind: 'window', window }) as ExportItem);
    for (const item of items) pipeline.push(item);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.calls.flatMap((call) => call.batch)).toEqual(items);
  });
});

describe('export windows: when they leave', () => {
  it('sends an incomplete export window LATE_WINDOW_MS after its end, not before', async () => {
    const { pipeline, windows } = pipelineWith();
    // A sparse metric: windows at seconds 10 and 20 of the minute, each pushed as it closes.
    pipeline.push(second(SLOT + 10_000, [80], 'longtask'));
    await vi.advanceTimersByTimeAsync(10_000);
    pipeline.push(second(SLOT + 20_000, [90], 'longtask'));
    const untilDue = MINUTE - 21_000 + LATE_WINDOW_MS;
    await vi.advanceTimersByTimeAsync(untilDue - 1);
    expect(windows()).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(windows()).toMatchObject([
      { metric: 'longtask', start: SLOT + 10_000, end: SLOT + 21_000, count: 2, min: 80 },
    ]);
  });

  it('sends the open export window at once when a window of a later one arrives', async () => {
    const { pipeline, windows } = pipelineWith();
    pipeline.push(second(SLOT + 58_000, [5]));
    pipeline.push(second(SLOT + 65_000, [6]));
    await vi.advanceTimersByTimeAsync(1);
    expect(windows().map((w) => [w.start, w.count])).toEqual([[SLOT + 58_000, 1]]);
  });

  it('does not hold regressions, recoveries or counters', async () => {
    const { pipeline, exporter } = pipelineWith();
    pipeline.push(second(SLOT, [5]));
    pipeline.push(regressionItem());
    pipeline.push({
      kind: 'counter',
      counter: { name: 'perfwarden.samples.dropped', value: 2, start: 0, time: 1, attributes: {} },
    });
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.calls.flatMap((call) => call.batch.map((item) => item.kind))).toEqual([
      'regression',
      'counter',
    ]);
  });

  it('flush() sends the partial export window; the rest of the minute follows as its own', async () => {
    const { pipeline, windows } = pipelineWith();
    for (let s = 0; s < 3; s++) pipeline.push(second(SLOT + s * 1000, [5 + s]));
    await pipeline.flush();
    expect(windows().map((w) => [w.start, w.end, w.count, w.max])).toEqual([
      [SLOT, SLOT + 3000, 3, 7],
    ]);
    // Nothing is open, so nothing waits (a stopped monitor leaves no timer behind).
    expect(vi.getTimerCount()).toBe(0);
    for (let s = 3; s < 60; s++) pipeline.push(second(SLOT + s * 1000, [5]));
    await vi.advanceTimersByTimeAsync(1);
    expect(windows().map((w) => [w.start, w.end, w.count])).toEqual([
      [SLOT, SLOT + 3000, 3],
      [SLOT + 3000, SLOT + MINUTE, 57],
    ]);
  });

  it('shutdown() sends the partial export window', async () => {
    const { pipeline, windows } = pipelineWith();
    pipeline.push(second(SLOT, [5]));
    pipeline.push(second(SLOT + 1000, [6]));
    await pipeline.shutdown();
    expect(windows().map((w) => [w.start, w.end, w.count])).toEqual([[SLOT, SLOT + 2000, 2]]);
  });

  it('the final flush on hidden and on pagehide sends the partial export window in that task', () => {
    for (const leave of [
      () => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      },
      () => window.dispatchEvent(new Event('pagehide')),
    ]) {
      const { pipeline, exporter } = pipelineWith({ batchDelayMs: 60_000 });
      const stop = pipeline.start();
      pipeline.push(second(SLOT, [5]));
      pipeline.push(second(SLOT + 1000, [6]));
      leave();
      const [call] = exporter.calls;
      expect(call?.context.final).toBe(true);
      expect(call?.batch).toMatchObject([{ kind: 'window', window: { count: 2 } }]);
      stop();
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    }
  });

  it('holds at most maxQueueItems export windows: beyond it the oldest leaves early', async () => {
    const { pipeline, windows } = pipelineWith({ maxQueueItems: 2 });
    for (const metric of ['a', 'b', 'c']) pipeline.push(second(SLOT, [5], metric));
    await vi.advanceTimersByTimeAsync(1);
    expect(windows().map((w) => w.metric)).toEqual(['a']);
  });
});

describe('export windows: windowMs 1000', () => {
  it('sends every complete 1 s window at once and unchanged, as without export windows', async () => {
    const { pipeline, exporter } = pipelineWith({ windowMs: 1000 });
    const analyzer = createAnalyzer({ window: 1000 });
    const closed: ExportItem[] = [];
    analyzer.on('window', (window) => {
      const item: ExportItem = { kind: 'window', window };
      closed.push(item);
      pipeline.push(item);
    });
    for (let s = 0; s < 5; s++) {
      for (let frame = 0; frame < 60; frame++) {
        analyzer.add('cpu', 5 + (frame % 3), SLOT + s * 1000 + frame * 16.6, scene);
      }
      analyzer.tick(SLOT + (s + 1) * 1000);
      await vi.advanceTimersByTimeAsync(1);
      // Each window reached the exporter within its batch delay, as the very item pushed.
      expect(exporter.calls.flatMap((call) => call.batch)).toEqual(closed);
      exporter.calls
        .flatMap((call) => call.batch)
        .forEach((item, i) => {
          expect(item).toBe(closed[i]);
        });
    }
    expect(closed).toHaveLength(5);
  });

  it('merges the pieces of a window cut short by a gate with the rest of that second', async () => {
    const { pipeline, windows } = pipelineWith({ windowMs: 1000 });
    const analyzer = createAnalyzer({ window: 1000 });
    exportEvents(analyzer, pipeline);
    analyzer.add('cpu', 5, SLOT + 100, scene);
    analyzer.interrupt('resize', SLOT + 300);
    analyzer.add('cpu', 6, SLOT + 800, scene);
    analyzer.tick(SLOT + 1000);
    await vi.advanceTimersByTimeAsync(1);
    expect(windows().map((w) => [w.start, w.end, w.count])).toEqual([[SLOT, SLOT + 1000, 2]]);
  });
});
