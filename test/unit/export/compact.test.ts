import { describe, expect, it } from 'vitest';
import { compactItem, LEVEL_DIGITS, roundSignificant } from '../../../src/export/compact.js';
import type { ExportItem } from '../../../src/export/exporter.js';
import { histogramFromJSON } from '../../../src/stats/histogram.js';
import { logNormalValues } from '../../support/random.js';
import { makeWindow, regressionItem, T0 } from './items.js';

/** Significant digits of a number as JSON writes it. */
const digits = (value: number): number =>
  JSON.stringify(value)
    .replace(/e.*$/, '')
    .replace(/[-.]/g, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '').length;

describe('roundSignificant', () => {
  it.each([
    [6.083412797430372, 6.083],
    [16.66666, 16.67],
    [0.00012346, 0.0001235],
    [52_428_812, 52_430_000],
    [0, 0],
    [Number.NaN, Number.NaN],
  ])('%d → %d', (value, rounded) => {
    expect(roundSignificant(value, 4)).toBe(rounded);
  });
});

describe('compactItem (httpExporter bodies)', () => {
  const window = {
    ...makeWindow('cpu', logNormalValues(600, 3, 1.8, 0.4), { scene: 'a' }, T0),
    end: T0 + 712.3456,
    attribution: { 'https://cdn.example.com/app.js': 123.456789 },
  };
  const item: ExportItem = { kind: 'window', window };
  const before = structuredClone(item);
  const compact = compactItem(item);

  it('rounds levels to 4 significant digits and times to the millisecond', () => {
    if (compact.kind !== 'window') throw new Error('not a window');
    const sent = compact.window;
    expect([sent.start, sent.end]).toEqual([Math.round(T0), Math.round(T0 + 712.3456)]);
    for (const key of ['mean', 'min', 'max', 'p50', 'p95', 'p99'] as const) {
      expect(digits(sent[key])).toBeLessThanOrEqual(LEVEL_DIGITS);
      expect(Math.abs(sent[key] / window[key] - 1)).toBeLessThanOrEqual(5e-4);
    }
    expect(sent.attribution).toEqual({ 'https://cdn.example.com/app.js': 123.5 });
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(item).length - 100);
  });

  it('keeps the buckets as they are, and a histogram that still restores', () => {
    if (compact.kind !== 'window') throw new Error('not a window');
    const sent = compact.window.histogram;
    expect({ ...sent, sum: 0, min: 0, max: 0 }).toEqual({
      ...window.histogram,
      sum: 0,
      min: 0,
      max: 0,
    });
    expect(Math.abs(sent.sum / window.histogram.sum - 1)).toBeLessThanOrEqual(5e-4);
    expect([sent.min, sent.max]).toEqual([compact.window.min, compact.window.max]);
    const restored = histogramFromJSON(compact.window.histogram);
    expect(restored.quantile(0.5)).toBeCloseTo(window.p50, 1);
  });

  it('leaves the item it was given alone, and events exactly as they are', () => {
    expect(item).toEqual(before);
    const regression = regressionItem();
    expect(compactItem(regression)).toBe(regression);
    const counter: ExportItem = {
      kind: 'counter',
      counter: { name: 'n', value: 3, start: T0, time: T0 + 0.6, attributes: {} },
    };
    expect(compactItem(counter)).toEqual({
      kind: 'counter',
      counter: { ...counter.counter, start: Math.round(T0), time: Math.round(T0 + 0.6) },
    });
  });
});
