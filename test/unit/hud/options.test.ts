// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
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
