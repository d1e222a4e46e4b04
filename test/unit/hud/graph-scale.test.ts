import { describe, expect, it } from 'vitest';
import { scaleFor } from '../../../src/hud/graph.js';

function scale(values: number[]): number {
  return scaleFor(Float64Array.from(values), values.length, new Float64Array(values.length));
}

describe('HUD graph scale', () => {
  it('is not set by one early slow window', () => {
    // A stall while the page loaded, then a steady ~7 ms.
    const values = [1000, 480, ...Array.from({ length: 118 }, (_, i) => 6.5 + (i % 5) * 0.2)];
    expect(scale(values)).toBe(20);
  });

  it('follows the level on a 1-2-5 step, at least 1 ms', () => {
    expect(scale([3, 3.5, 4])).toBe(10);
    expect(scale([0.1, 0.2])).toBe(1);
    expect(scale([40, 45, 60])).toBe(200);
    expect(scale([])).toBe(1);
  });
});
