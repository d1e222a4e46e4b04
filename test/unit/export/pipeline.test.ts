import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportItem } from '../../../src/export/exporter.js';
import { indexedDBStore } from '../../../src/export/indexeddb-store.js';
import { createPipeline } from '../../../src/export/pipeline.js';
import type { PipelineOptions } from '../../../src/export/pipeline.js';
import { regressionItem, windowItem } from './items.js';
import { countersIn, hang, scriptedExporter, startsIn } from './scripted-exporter.js';

/**
 * Window number `n` (its start time is `n`), so batches can be compared by number. The pipelines
 * here take `windowMs: 1000`: each such 1 s window is an export window of its own.
 */
const nth = (n: number): ExportItem => windowItem('cpu', [5, 6, 7], { scene: 'a' }, n);

function pipelineWith(options: PipelineOptions) {
  const errors: { kind: string; message: string }[] = [];
  const pipeline = createPipeline({
    windowMs: 1000,
    onError: (error, kind) => {
      errors.push({ kind, message: error instanceof Error ? error.message : String(error) });
    },
    ...options,
  });
  return { pipeline, errors };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createPipeline: batching', () => {
  it('sends as soon as a batch holds maxBatchItems', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline } = pipelineWith({ exporters: [exporter], maxBatchItems: 3 });
    for (let n = 1; n <= 4; n++) pipeline.push(nth(n));
    await vi.advanceTimersByTimeAsync(0);
    expect(exporter.calls.map((call) => startsIn(call.batch))).toEqual([[1, 2, 3]]);
  });

  it('sends a partial batch after batchDelayMs, and not before', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline } = pipelineWith({ exporters: [exporter], batchDelayMs: 5000 });
    pipeline.push(nth(1));
    await vi.advanceTimersByTimeAsync(4999);
    expect(exporter.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.calls.map((call) => startsIn(call.batch))).toEqual([[1]]);
  });

  it('keeps each batch within maxBatchBytes (estimated as JSON characters)', async () => {
    const exporter = scriptedExporter('a');
    const size = JSON.stringify(nth(1)).length;
    const { pipeline } = pipelineWith({
      exporters: [exporter],
      maxBatchBytes: size * 2 + 10,
      maxBatchItems: 50,
    });
    for (let n = 1; n <= 5; n++) pipeline.push(nth(n));
    await pipeline.flush();
    expect(exporter.calls.map((call) => startsIn(call.batch))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('flush() sends everything now and resolves once the exports settled', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline } = pipelineWith({ exporters: [exporter], maxBatchItems: 2 });
    for (let n = 1; n <= 5; n++) pipeline.push(nth(n));
    await pipeline.flush();
    expect(
      exporter.delivered.map((item) => (item.kind === 'window' ? item.window.start : 0)),
    ).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('createPipeline: bounded queue', () => {
  it('drops the oldest items beyond maxQueueItems and exports the count as a counter', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline } = pipelineWith({
      exporters: [exporter],
      maxQueueItems: 5,
      maxBatchItems: 100,
    });
    for (let n = 1; n <= 8; n++) pipeline.push(nth(n));
    await pipeline.flush();
    const [first] = exporter.calls;
    expect(startsIn(first?.batch ?? [])).toEqual([4, 5, 6, 7, 8]);
    const counter = first?.batch.find((item) => item.kind === 'counter');
    expect(counter).toMatchObject({
      kind: 'counter',
      counter: {
        name: 'perfwarden.export.dropped',
        value: 3,
        attributes: { exporter: 'a', reason: 'overflow' },
      },
    });
    expect(pipeline.dropped()).toEqual({ a: { overflow: 3, failed: 0 } });

    // Acknowledged: the next batch carries no counter until something else is dropped.
    pipeline.push(nth(9));
    await pipeline.flush();
    expect(countersIn(exporter.calls[1]?.batch ?? [])).toEqual([]);
  });

  it('keeps counting while the endpoint is down, and reports the total once it is back', async () => {
    let down = true;
    const exporter = scriptedExporter('a', () =>
      down ? { code: 'retry', reason: 'HTTP 503' } : { code: 'ok' },
    );
    const { pipeline } = pipelineWith({
      exporters: [exporter],
      maxQueueItems: 3,
      maxBatchItems: 100,
      retryDelayMs: 100,
    });
    for (let n = 1; n <= 3; n++) pipeline.push(nth(n));
    await pipeline.flush();
    for (let n = 4; n <= 7; n++) pipeline.push(nth(n));
    down = false;
    await vi.advanceTimersByTimeAsync(100);
    const last = exporter.calls.at(-1)?.batch ?? [];
    expect(startsIn(last)).toEqual([5, 6, 7]);
    expect(countersIn(last)).toEqual([{ value: 4, reason: 'overflow' }]);
  });
});

describe('createPipeline: retry', () => {
  it('retries the same items first after a backoff with jitter', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const exporter = scriptedExporter('a', (call) =>
      call === 1 ? { code: 'retry', reason: 'HTTP 503' } : { code: 'ok' },
    );
    const { pipeline, errors } = pipelineWith({ exporters: [exporter], retryDelayMs: 1000 });
    pipeline.push(nth(1));
    await pipeline.flush();
    pipeline.push(nth(2));
    await vi.advanceTimersByTimeAsync(499);
    expect(exporter.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.calls.map((call) => startsIn(call.batch))).toEqual([[1], [1, 2]]);
    expect(errors).toEqual([{ kind: 'export.a', message: 'HTTP 503 (will retry)' }]);
    vi.mocked(Math.random).mockRestore();
  });

  it("waits exactly the server's Retry-After", async () => {
    const exporter = scriptedExporter('a', (call) =>
      call === 1 ? { code: 'retry', reason: 'HTTP 429', retryAfterMs: 7000 } : { code: 'ok' },
    );
    const { pipeline } = pipelineWith({ exporters: [exporter] });
    pipeline.push(nth(1));
    await pipeline.flush();
    await vi.advanceTimersByTimeAsync(6999);
    expect(exporter.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.calls).toHaveLength(2);
  });

  it('retries only the items a partial result asks for', async () => {
    const exporter = scriptedExporter('a', (call, batch) =>
      call === 1
        ? {
            code: 'retry',
            reason: 'logs: HTTP 503',
            items: batch.filter((i) => i.kind === 'regression'),
          }
        : { code: 'ok' },
    );
    const { pipeline } = pipelineWith({ exporters: [exporter], retryDelayMs: 10 });
    pipeline.push(nth(1));
    pipeline.push(regressionItem());
    await pipeline.flush();
    await vi.advanceTimersByTimeAsync(10);
    expect(exporter.calls[1]?.batch.map((item) => item.kind)).toEqual(['regression']);
  });

  it('drops a failed batch, counts it, and reports why', async () => {
    const exporter = scriptedExporter('a', (call) =>
      call === 1 ? { code: 'failed', reason: 'HTTP 400' } : { code: 'ok' },
    );
    const { pipeline, errors } = pipelineWith({ exporters: [exporter] });
    pipeline.push(nth(1));
    pipeline.push(nth(2));
    await pipeline.flush();
    expect(pipeline.dropped()).toEqual({ a: { overflow: 0, failed: 2 } });
    expect(errors).toEqual([{ kind: 'export.a', message: 'HTTP 400: 2 items dropped' }]);
    pipeline.push(nth(3));
    await pipeline.flush();
    expect(countersIn(exporter.calls[1]?.batch ?? [])).toEqual([{ value: 2, reason: 'failed' }]);
  });

  it('aborts an export that outlives exportTimeoutMs and retries it', async () => {
    const exporter = scriptedExporter('a', (call) => (call === 1 ? hang() : { code: 'ok' }));
    const { pipeline } = pipelineWith({
      exporters: [exporter],
      exportTimeoutMs: 1000,
      retryDelayMs: 100,
    });
    pipeline.push(nth(1));
    void pipeline.flush();
    await vi.advanceTimersByTimeAsync(999);
    expect(exporter.calls[0]?.context.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.calls[0]?.context.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(exporter.calls.map((call) => startsIn(call.batch))).toEqual([[1], [1]]);
  });

  it('treats an exporter that throws or rejects as a failed export, never throwing itself', async () => {
    const throwing = scriptedExporter('throws', () => {
      throw new Error('bug');
    });
    const rejecting = scriptedExporter('rejects', () => Promise.reject(new Error('bug')));
    const { pipeline, errors } = pipelineWith({ exporters: [throwing, rejecting] });
    expect(() => {
      pipeline.push(nth(1));
    }).not.toThrow();
    await pipeline.flush();
    expect(pipeline.dropped()).toEqual({
      throws: { overflow: 0, failed: 1 },
      rejects: { overflow: 0, failed: 1 },
    });
    expect(errors.map((error) => error.kind).sort()).toEqual(['export.rejects', 'export.throws']);
  });
});

describe('createPipeline: isolation and concurrency', () => {
  it('keeps at most maxConcurrentExports exports in flight per exporter', async () => {
    const exporter = scriptedExporter('a', () => hang());
    const { pipeline } = pipelineWith({
      exporters: [exporter],
      maxBatchItems: 1,
      maxConcurrentExports: 2,
    });
    for (let n = 1; n <= 5; n++) pipeline.push(nth(n));
    await vi.advanceTimersByTimeAsync(0);
    expect(exporter.calls).toHaveLength(2);
  });

  it('delivers to a healthy exporter on schedule while another hangs or fails', async () => {
    const hung = scriptedExporter('hung', () => hang());
    const failing = scriptedExporter('failing', () => ({ code: 'retry', reason: 'HTTP 503' }));
    const healthy = scriptedExporter('healthy');
    const { pipeline } = pipelineWith({
      exporters: [hung, failing, healthy],
      batchDelayMs: 1000,
      maxConcurrentExports: 1,
    });
    for (let second = 1; second <= 5; second++) {
      pipeline.push(nth(second));
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(healthy.calls.map((call) => startsIn(call.batch))).toEqual([[1], [2], [3], [4], [5]]);
    expect(hung.calls).toHaveLength(1);
  });
});

describe('createPipeline: what goes out', () => {
  it('strips query strings and fragments from URLs by default', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline } = pipelineWith({ exporters: [exporter] });
    pipeline.push(regressionItem());
    await pipeline.flush();
    const [item] = exporter.calls[0]?.batch ?? [];
    expect(item?.kind === 'regression' && item.regression.hints).toEqual([
      'cpu grew in script https://cdn.example.com/app.js (+0.9 ms per frame)',
    ]);
  });

  it('keeps URLs whole with scrubUrls: false', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline } = pipelineWith({ exporters: [exporter], scrubUrls: false });
    pipeline.push(regressionItem());
    await pipeline.flush();
    const [item] = exporter.calls[0]?.batch ?? [];
    expect(item?.kind === 'regression' && item.regression.hints[0]).toContain('?v=3#x');
  });

  it('lets beforeSend change or drop items, and drops (and reports) on a throwing hook', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline, errors } = pipelineWith({
      exporters: [exporter],
      beforeSend: (item) => {
        if (item.kind === 'regression') return null;
        if (item.kind === 'window' && item.window.start === 3) throw new Error('hook bug');
        return item.kind === 'window'
          ? { ...item, window: { ...item.window, context: { scene: 'redacted' } } }
          : item;
      },
    });
    pipeline.push(nth(1));
    pipeline.push(regressionItem());
    pipeline.push(nth(3));
    await pipeline.flush();
    expect(exporter.calls[0]?.batch).toHaveLength(1);
    expect(exporter.calls[0]?.batch[0]).toMatchObject({
      window: { context: { scene: 'redacted' } },
    });
    expect(errors).toEqual([{ kind: 'export.push', message: 'hook bug' }]);
  });

  it('reports, and does not queue, something that is not an export item', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline, errors } = pipelineWith({ exporters: [exporter] });
    pipeline.push({ kind: 'nonsense' } as unknown as ExportItem);
    pipeline.push(null as unknown as ExportItem);
    await pipeline.flush();
    expect(exporter.calls).toHaveLength(0);
    expect(errors.map((error) => error.kind)).toEqual(['export.push']);
  });
});

describe('createPipeline: shutdown', () => {
  it('flushes, shuts the exporters down once, and ignores later pushes', async () => {
    const shutdown = vi.fn(() => Promise.resolve());
    const exporter = Object.assign(scriptedExporter('a'), { shutdown });
    const { pipeline } = pipelineWith({ exporters: [exporter] });
    pipeline.push(nth(1));
    await pipeline.shutdown();
    await pipeline.shutdown();
    pipeline.push(nth(2));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exporter.calls.map((call) => startsIn(call.batch))).toEqual([[1]]);
    expect(shutdown).toHaveBeenCalledTimes(1);
  });
});

describe('createPipeline: options', () => {
  it.each([
    [{ exporters: undefined }, /option "exporters" must be an array/],
    [{ exporters: [{}] }, /option "exporters\[0\]" must be an exporter/],
    [{ exporters: [scriptedExporter('a'), scriptedExporter('a')] }, /two exporters named "a"/],
    [{ exporters: [], maxBatchItems: 0 }, /option "maxBatchItems" must be a positive integer/],
    [{ exporters: [], batchDelayMs: 1.5 }, /option "batchDelayMs"/],
    [{ exporters: [], keepaliveBytes: -1 }, /option "keepaliveBytes"/],
    [{ exporters: [], beforeSend: 'no' }, /option "beforeSend" must be a function/],
    // setTimeout fires at once beyond 2³¹−1 ms: every export would time out immediately.
    [
      { exporters: [], exportTimeoutMs: 2 ** 31 },
      /^createPipeline: option "exportTimeoutMs" must be a positive integer number of ms, at most 2147483647, got 2147483648$/,
    ],
    [{ exporters: [], batchDelayMs: 2 ** 40 }, /option "batchDelayMs" .* at most 2147483647/],
    [{ exporters: [], retryDelayMs: 2 ** 31 }, /option "retryDelayMs"/],
    [{ exporters: [], maxRetryDelayMs: Infinity }, /option "maxRetryDelayMs"/],
    [{ exporters: [], windowMs: 0 }, /option "windowMs" must be a positive integer number of ms/],
    [{ exporters: [], windowMs: 2 ** 31 }, /option "windowMs" .* at most 2147483647/],
    [{ exporters: [], scrubUrls: 'no' }, /option "scrubUrls" must be a boolean/],
    [
      { exporters: [], batchDelay: 100 },
      /^createPipeline: unknown option "batchDelay" \(known: maxBatchItems, .*, exporters, onError\)$/,
    ],
    [
      { exporters: [], persist: {} },
      /option "persist" must be a store \(an object with maxBytes, save, remove and takeAll\)/,
    ],
    [
      { exporters: [], persist: indexedDBStore },
      /^createPipeline: option "persist" must be a store .*, got a function: did you mean indexedDBStore\(\)\?$/,
    ],
  ])('rejects %j with a TypeError naming the option', (options, message) => {
    expect(() => createPipeline(options as unknown as PipelineOptions)).toThrow(TypeError);
    expect(() => createPipeline(options as unknown as PipelineOptions)).toThrow(message);
  });
});

describe('createPipeline: a server as slow as the timeout', () => {
  it('delivers each window a bounded number of times, and every window gets through', async () => {
    const timeout = 1000;
    /** Every copy the server received, by window start: it records a body on arrival. */
    const received = new Map<number, number>();
    // Answers "ok" exactly when the lane's timeout fires, and loses that race (its timer is
    // set after the lane's), as a server that takes exactly exportTimeoutMs does half the time.
    const exporter = scriptedExporter(
      'slow',
      (_call, batch) =>
        new Promise((resolve) => {
          for (const start of startsIn(batch)) received.set(start, (received.get(start) ?? 0) + 1);
          queueMicrotask(() => {
            setTimeout(() => {
              resolve({ code: 'ok' });
            }, timeout);
          });
        }),
    );
    const { pipeline } = pipelineWith({
      exporters: [exporter],
      exportTimeoutMs: timeout,
      batchDelayMs: 500,
      retryDelayMs: 200,
      maxRetryDelayMs: 2000,
      onError: () => undefined,
    });
    const windows = 120;
    for (let n = 1; n <= windows; n++) {
      pipeline.push(nth(n));
      await vi.advanceTimersByTimeAsync(250);
    }
    await vi.advanceTimersByTimeAsync(30_000);
    expect([...received.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: windows }, (_, i) => i + 1),
    );
    // One copy that timed out, one answered in time under the raised limit: never more.
    expect(Math.max(...received.values())).toBeLessThanOrEqual(2);
    expect(pipeline.dropped()).toEqual({ slow: { overflow: 0, failed: 0 } });
  });

  it('drops, and counts, an item whose export timed out three times', async () => {
    const exporter = scriptedExporter('hung', () => hang());
    const { pipeline, errors } = pipelineWith({
      exporters: [exporter],
      exportTimeoutMs: 1000,
      retryDelayMs: 100,
      maxRetryDelayMs: 100,
    });
    pipeline.push(nth(1));
    void pipeline.flush();
    // Limits 1 s, 2 s, 4 s, with backoffs of at most 100 ms between the attempts.
    await vi.advanceTimersByTimeAsync(7400);
    expect(exporter.calls.map((call) => startsIn(call.batch))).toEqual([[1], [1], [1]]);
    expect(pipeline.dropped()).toEqual({ hung: { overflow: 0, failed: 1 } });
    expect(errors).toContainEqual({
      kind: 'export.hung',
      message: 'timed out 3 times: 1 items dropped',
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(exporter.calls).toHaveLength(3);
  });
});
