// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatConfidence, formatDelta, formatMs } from '../../../src/hud/format.js';
import { resolveHudOptions } from '../../../src/hud/options.js';

describe('resolveHudOptions', () => {
  it('applies the defaults', () => {
    expect(resolveHudOptions()).toEqual({
      corner: 'top-right',
      theme: 'auto',
      metrics: ['cpu', 'gpu', 'frame'],
      refresh: 250,
      history: 60,
      minimised: false,
      maxRecords: 10_000,
    });
  });

  it.each([
    ['refresh', { refresh: 100 }],
    ['history', { history: 1.5 }],
    ['corner', { corner: 'middle' }],
    ['theme', { theme: 'blue' }],
    ['metrics', { metrics: 'cpu' }],
    ['target', { target: {} }],
    ['onBaseline', { onBaseline: 'download' }],
    ['maxRecords', { maxRecords: 1 }],
  ])('throws a TypeError naming "%s" when it is wrong', (name, options) => {
    expect(() => resolveHudOptions(options as never)).toThrow(
      new RegExp(`^createHud: option "${name}"`),
    );
    expect(() => resolveHudOptions(options as never)).toThrow(TypeError);
  });

  it('accepts an element as target', () => {
    const target = document.createElement('div');
    expect(resolveHudOptions({ target }).target).toBe(target);
  });
});

describe('HUD number formats', () => {
  it('formats milliseconds with fewer decimals as they grow', () => {
    expect([formatMs(1.234), formatMs(12.34), formatMs(123.4), formatMs(NaN)]).toEqual([
      '1.23',
      '12.3',
      '123',
      '–',
    ]);
  });

  it('signs deltas and never rounds a confidence up to certainty', () => {
    expect([formatDelta(0.123), formatDelta(-0.08), formatDelta(0)]).toEqual([
      '+12 %',
      '−8 %',
      '+0 %',
    ]);
    expect([formatConfidence(0.99999), formatConfidence(0.95)]).toEqual(['≥ 99.9 %', '95.0 %']);
  });
});
