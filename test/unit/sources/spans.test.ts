import { describe, expect, it, vi } from 'vitest';
import { runSpan, spanMetric } from '../../../src/sources/spans.js';

function recorder() {
  const spans: [string, number][] = [];
  return { spans, record: (name: string, ms: number) => spans.push([name, ms]) };
}

describe('spans', () => {
  it('names the metric span.<name>, the same string each time', () => {
    expect(spanMetric('layout')).toBe('span.layout');
    expect(spanMetric('layout')).toBe(spanMetric('layout'));
  });

  it('times a synchronous function and returns its result', () => {
    const clock = vi.spyOn(performance, 'now').mockReturnValueOnce(10).mockReturnValueOnce(14.5);
    const { spans, record } = recorder();
    expect(runSpan('layout', () => 42, record)).toBe(42);
    expect(spans).toEqual([['layout', 4.5]]);
    clock.mockRestore();
  });

  it('records a throwing function and rethrows its exception unchanged', () => {
    const { spans, record } = recorder();
    const error = new Error('app bug');
    expect(() =>
      runSpan(
        'parse',
        () => {
          throw error;
        },
        record,
      ),
    ).toThrow(error);
    expect(spans.map(([name]) => name)).toEqual(['parse']);
  });

  it('times an async function until it settles, passing the value or the rejection', async () => {
    const { spans, record } = recorder();
    await expect(runSpan('fetch', () => Promise.resolve('ok'), record)).resolves.toBe('ok');
    const error = new Error('network');
    await expect(runSpan('fetch', () => Promise.reject(error), record)).rejects.toBe(error);
    expect(spans.map(([name]) => name)).toEqual(['fetch', 'fetch']);
    expect(spans.every(([, ms]) => ms >= 0)).toBe(true);
  });
});
