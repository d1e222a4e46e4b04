/**
 * The pipeline against exporters, hooks and results that break the contract: whatever they
 * do, push/start/flush/shutdown neither throw nor reject, nothing becomes an unhandled
 * rejection, and every batch ends delivered, retried or dropped and counted.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportItem, ExportResult, Exporter } from '../../../src/export/exporter.js';
import { createPipeline } from '../../../src/export/pipeline.js';
import type { PipelineOptions } from '../../../src/export/pipeline.js';
import { windowItem } from './items.js';
import { hang, scriptedExporter } from './scripted-exporter.js';

const nth = (n: number): ExportItem => windowItem('cpu', [5, 6, 7], { scene: 'a' }, n);

/** A value whose conversion to text throws, as `String(value)` would. */
const unprintable = {
  toString(): string {
    throw new Error('toString is broken');
  },
};

/** Throws `value` as it is: hostile code is not bound to throw errors. */
function throwValue(value: unknown): never {
  throw value;
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeEach(() => {
  vi.useFakeTimers();
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  vi.useRealTimers();
  // Unhandled rejections are reported after a macrotask.
  await new Promise((resolve) => setTimeout(resolve, 0));
  process.off('unhandledRejection', onUnhandled);
});

function pipelineWith(options: PipelineOptions) {
  const errors: { kind: string; message: string }[] = [];
  const pipeline = createPipeline({
    onError: (error, kind) => {
      errors.push({ kind, message: error instanceof Error ? error.message : 'not an error' });
    },
    ...options,
  });
  return { pipeline, errors };
}

/** An exporter whose `export` does whatever `behave` does, outside the contract's types. */
function rawExporter(name: string, behave: () => unknown, extra: Partial<Exporter> = {}): Exporter {
  return { name, export: behave as Exporter['export'], ...extra };
}

describe('pipeline: exporter results are normalised', () => {
  it('counts a batch whose export forgot to return as failed, without throwing from push', async () => {
    const exporter = rawExporter('forgot', () => undefined);
    const { pipeline, errors } = pipelineWith({ exporters: [exporter], maxBatchItems: 1 });
    // A full batch is dispatched inside push(), as it is from a pagehide listener.
    expect(() => {
      pipeline.push(nth(1));
    }).not.toThrow();
    await pipeline.flush();
    expect(pipeline.dropped()).toEqual({ forgot: { overflow: 0, failed: 1 } });
    expect(errors).toEqual([
      {
        kind: 'export.forgot',
        message: 'the exporter resolved undefined (a missing return?): 1 items dropped',
      },
    ]);
  });

  it.each([
    ['a number', 42, /^not an export result \(code undefined\)/],
    ['null', null, /^not an export result \(code undefined\)/],
    ['an unknown code', { code: 'done' }, /^not an export result \(code done\)/],
    [
      'a result whose code getter throws',
      {
        get code(): never {
          throw new Error('x');
        },
      },
      /^not an export result \(code undefined\)/,
    ],
  ])('drops and counts a batch resolved with %s', async (_name, result, reason) => {
    const exporter = rawExporter('garbage', () => Promise.resolve(result));
    const { pipeline, errors } = pipelineWith({ exporters: [exporter] });
    pipeline.push(nth(1));
    await pipeline.flush();
    expect(pipeline.dropped()).toEqual({ garbage: { overflow: 0, failed: 1 } });
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(reason)]);
    expect(unhandled).toEqual([]);
  });

  it('accepts a well-formed result that is not wrapped in a promise', async () => {
    const exporter = rawExporter('sync', () => ({ code: 'ok' }));
    const { pipeline, errors } = pipelineWith({ exporters: [exporter] });
    pipeline.push(nth(1));
    await pipeline.flush();
    expect(pipeline.dropped()).toEqual({ sync: { overflow: 0, failed: 0 } });
    expect(errors).toEqual([]);
  });

  it('describes what an exporter threw even when it cannot be turned into text', async () => {
    const throwing = rawExporter('throws', () => {
      throwValue(unprintable);
    });
    const rejecting = rawExporter('rejects', () =>
      Promise.resolve().then(() => throwValue(unprintable)),
    );
    const { pipeline, errors } = pipelineWith({ exporters: [throwing, rejecting] });
    pipeline.push(nth(1));
    await pipeline.flush();
    expect(pipeline.dropped()).toEqual({
      throws: { overflow: 0, failed: 1 },
      rejects: { overflow: 0, failed: 1 },
    });
    expect(errors.map((error) => error.message)).toEqual([
      'exporter threw: an error that cannot be described: 1 items dropped',
      'exporter threw: an error that cannot be described: 1 items dropped',
    ]);
    expect(unhandled).toEqual([]);
  });

  it('ignores a retry whose retryAfterMs is NaN: the lane still backs off', async () => {
    const exporter = scriptedExporter('nan', () => ({
      code: 'retry',
      reason: 'HTTP 503',
      retryAfterMs: NaN,
    }));
    const { pipeline } = pipelineWith({
      exporters: [exporter],
      retryDelayMs: 1000,
      onError: () => undefined,
    });
    pipeline.push(nth(1));
    await pipeline.flush();
    await vi.advanceTimersByTimeAsync(1000);
    // First attempt, then at most one retry after 500–1000 ms; a 0 ms loop makes thousands.
    expect(exporter.calls.length).toBeLessThanOrEqual(2);
  });
});

describe('pipeline: nothing throws or rejects, whatever the exporters do', () => {
  /** Exporter behaviours that break the contract, each a function of the call. */
  const behaviours: Record<string, () => unknown> = {
    'throws an Error': () => {
      throw new Error('bug');
    },
    'throws a string': () => {
      throwValue('bug');
    },
    'throws an unprintable object': () => {
      throwValue(unprintable);
    },
    'returns a non-promise': () => 'sent',
    'returns nothing': () => undefined,
    'rejects with a non-Error': () => Promise.resolve().then(() => throwValue(unprintable)),
    'never settles': () => hang(),
    'resolves garbage': () => Promise.resolve({ code: 7, reason: unprintable }),
    'resolves a retry with garbage items': () =>
      Promise.resolve({ code: 'retry', reason: 'x', items: [null, 5], retryAfterMs: -1 }),
    succeeds: () => Promise.resolve<ExportResult>({ code: 'ok' }),
  };
  const shutdowns: Record<string, Exporter['shutdown']> = {
    none: undefined,
    throws: () => {
      throw new Error('shutdown bug');
    },
    rejects: () => Promise.reject(new Error('shutdown bug')),
    'never settles': () => new Promise<void>(() => undefined),
  };
  const names = Object.keys(behaviours);
  const hook: Record<string, PipelineOptions['beforeSend']> = {
    none: undefined,
    throws: () => {
      throwValue(unprintable);
    },
    'returns garbage': () => 5 as unknown as ExportItem,
  };

  it('holds for any mix of hostile exporters, hooks and calls', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...Object.keys(shutdowns)),
        fc.constantFrom(...Object.keys(hook)),
        fc.array(fc.constantFrom('push', 'push', 'flush', 'tick', 'start'), { maxLength: 12 }),
        async (chosen, shutdown, beforeSend, calls) => {
          const exporters = chosen.map((behaviour, i) =>
            rawExporter(`e${String(i)}`, behaviours[behaviour] ?? (() => undefined), {
              ...(shutdowns[shutdown] ? { shutdown: shutdowns[shutdown] } : {}),
            }),
          );
          const pipeline = createPipeline({
            exporters,
            maxBatchItems: 2,
            exportTimeoutMs: 1000,
            onError: () => undefined,
            ...(hook[beforeSend] ? { beforeSend: hook[beforeSend] } : {}),
          });
          const settled: Promise<void>[] = [];
          let n = 0;
          for (const call of calls) {
            if (call === 'push') pipeline.push(nth(++n));
            else if (call === 'flush') settled.push(pipeline.flush());
            else if (call === 'start') pipeline.start()();
            else await vi.advanceTimersByTimeAsync(600);
          }
          settled.push(pipeline.shutdown());
          // Everything settles within the bounds: exports time out, shutdown waits no longer.
          await vi.advanceTimersByTimeAsync(5000);
          const outcomes = await Promise.allSettled(settled);
          expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
          await vi.advanceTimersByTimeAsync(0);
          expect(unhandled).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('resolves shutdown within its bound when an export and the exporter shutdown hang', async () => {
    const exporter = rawExporter('hung', () => hang(), {
      shutdown: () => new Promise<void>(() => undefined),
    });
    const { pipeline } = pipelineWith({ exporters: [exporter], exportTimeoutMs: 1000 });
    pipeline.push(nth(1));
    let done = false;
    void pipeline.shutdown().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(1999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shuts down once, however often it is called, even while the first call runs', async () => {
    const shutdown = vi.fn(() => Promise.resolve());
    const exporter = Object.assign(scriptedExporter('a'), { shutdown });
    const { pipeline } = pipelineWith({ exporters: [exporter] });
    const first = pipeline.shutdown();
    const second = pipeline.shutdown();
    expect(second).toBe(first);
    await first;
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('reports, and does not queue, what beforeSend returns that is not an item', async () => {
    const exporter = scriptedExporter('a');
    const { pipeline, errors } = pipelineWith({
      exporters: [exporter],
      beforeSend: () => 5 as unknown as ExportItem,
    });
    pipeline.push(nth(1));
    await pipeline.flush();
    expect(exporter.calls).toHaveLength(0);
    expect(errors.map((error) => error.kind)).toEqual(['export.push']);
  });
});
