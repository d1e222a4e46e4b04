// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  loadBaseline,
  removeBaseline,
  saveBaseline,
} from '../../../src/baseline/browser-storage.js';
import type { Baseline } from '../../../src/baseline/baseline.js';

const baseline: Baseline = {
  format: 'perfwarden-baseline',
  version: 1,
  created: '2026-01-02T03:04:05.000Z',
  window: 1000,
  entries: [
    {
      metric: 'cpu',
      context: { scene: 'graph-10k' },
      statistic: 'p50',
      center: 2.08,
      scale: 0.05,
      spread: 0,
      blocks: 120,
      runs: 1,
      levels: { p50: 8, p95: 9.5, mean: 8.2 },
    },
  ],
};

describe('baseline storage (localStorage)', () => {
  it('saves, loads and removes a baseline under a key', async () => {
    await saveBaseline(baseline, { key: 'test:a' });
    expect(localStorage.getItem('test:a')).toContain('"perfwarden-baseline"');
    expect(await loadBaseline({ key: 'test:a' })).toEqual(baseline);
    await removeBaseline({ key: 'test:a' });
    expect(await loadBaseline({ key: 'test:a' })).toBeUndefined();
  });

  it('rejects a corrupt stored value with what is wrong, and refuses to store an invalid one', async () => {
    localStorage.setItem('test:b', '{"format":"perfwarden-baseline","version":1');
    await expect(loadBaseline({ key: 'test:b' })).rejects.toThrow(
      /^loadBaseline: baseline is not valid JSON/,
    );
    await expect(saveBaseline({ ...baseline, window: -1 }, { key: 'test:c' })).rejects.toThrow(
      'saveBaseline: baseline.window must be a finite number ≥ 0, got -1',
    );
    expect(localStorage.getItem('test:c')).toBeNull();
    await expect(loadBaseline(null as never)).rejects.toThrow(
      'loadBaseline: options must be an object, got null',
    );
    await expect(removeBaseline({ storage: 'sessionStorage' } as never)).rejects.toThrow(
      'removeBaseline: option "storage" must be "localStorage" or "indexedDB", got "sessionStorage"',
    );
  });
});
