// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportItem } from '../../../src/export/exporter.js';
import { indexedDBStore } from '../../../src/export/indexeddb-store.js';
import { createPipeline } from '../../../src/export/pipeline.js';
import type { PersistedSnapshot, PersistStore } from '../../../src/export/persistence.js';
import { windowItem } from './items.js';
import { countersIn, hang, scriptedExporter, startsIn } from './scripted-exporter.js';
import type { ScriptedExporter } from './scripted-exporter.js';

// 1 s windows whose starts are n ms apart: the pipelines here take `windowMs: 1000`, so each
// window is an export window of its own and the tests see the windows they push.
const nth = (n: number): ExportItem => windowItem('cpu', [5, 6, 7], { scene: 'a' }, n);
const ITEM_BYTES = JSON.stringify(nth(1)).length;
const quiet = (): void => undefined;

function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

/**
 * An exporter that behaves like the HTTP ones in a final export: it claims its body's bytes and
 * sends only when granted. `sent` holds what went out in final exports.
 */
function claimingExporter(name: string): ScriptedExporter & { sent: ExportItem[][] } {
  const sent: ExportItem[][] = [];
  const exporter = scriptedExporter(name, (_call, batch, context) => {
    if (!context.final) return { code: 'ok' };
    if (!context.keepalive.claim(JSON.stringify(batch).length)) {
      return { code: 'retry', reason: 'keepalive budget exhausted' };
    }
    sent.push([...batch]);
    return { code: 'ok' };
  });
  return Object.assign(exporter, { sent });
}

/** A store in memory, shared by the "page loads" of a test. */
function memoryStore(
  maxBytes = 1_000_000,
): PersistStore & { records: Map<string, PersistedSnapshot> } {
  const records = new Map<string, PersistedSnapshot>();
  return {
    records,
    maxBytes,
    save: (snapshot) => {
      records.set(snapshot.id, structuredClone(snapshot));
      return Promise.resolve();
    },
    remove: (id) => {
      records.delete(id);
      return Promise.resolve();
    },
    takeAll: (exceptId) => {
      const taken = [...records.values()].filter((snapshot) => snapshot.id !== exceptId);
      for (const snapshot of taken) records.delete(snapshot.id);
      return Promise.resolve(taken);
    },
  };
}

afterEach(() => {
  setVisibility('visible');
  vi.restoreAllMocks();
});

describe('pipeline page lifecycle', () => {
  it('attaches no listener before start(), and removes what it attached on stop', () => {
    const addDocument = vi.spyOn(document, 'addEventListener');
    const addWindow = vi.spyOn(window, 'addEventListener');
    const removeDocument = vi.spyOn(document, 'removeEventListener');
    const removeWindow = vi.spyOn(window, 'removeEventListener');
    const pipeline = createPipeline({ windowMs: 1000, exporters: [scriptedExporter('a')] });
    pipeline.push(nth(1));
    expect(addDocument).not.toHaveBeenCalled();
    expect(addWindow).not.toHaveBeenCalled();
    const stop = pipeline.start();
    const attached = [...addDocument.mock.calls, ...addWindow.mock.calls].map(([type]) => type);
    expect(attached.sort()).toEqual(['pagehide', 'pageshow', 'visibilitychange']);
    expect(attached).not.toContain('unload');
    expect(attached).not.toContain('beforeunload');
    stop();
    const detached = [...removeDocument.mock.calls, ...removeWindow.mock.calls];
    for (const [type, listener] of [...addDocument.mock.calls, ...addWindow.mock.calls]) {
      expect(detached).toContainEqual([type, listener, true]);
    }
  });

  it('on visibilitychange → hidden sends what is queued at once, as final exports', () => {
    const exporter = claimingExporter('a');
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [exporter],
      batchDelayMs: 60_000,
    });
    const stop = pipeline.start();
    for (let n = 1; n <= 3; n++) pipeline.push(nth(n));
    expect(exporter.calls).toHaveLength(0);
    setVisibility('hidden');
    // Synchronously, in the event's task: the page may be gone after it.
    expect(exporter.sent.map(startsIn)).toEqual([[1, 2, 3]]);
    stop();
  });

  it('on pagehide sends too', () => {
    const exporter = claimingExporter('a');
    const pipeline = createPipeline({ windowMs: 1000, exporters: [exporter] });
    const stop = pipeline.start();
    pipeline.push(nth(1));
    window.dispatchEvent(new Event('pagehide'));
    expect(exporter.sent.map(startsIn)).toEqual([[1]]);
    stop();
  });

  it('splits the final batch to fit the keepalive budget and keeps what does not fit', async () => {
    const exporter = claimingExporter('a');
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [exporter],
      keepaliveBytes: ITEM_BYTES * 3 + 50,
    });
    const stop = pipeline.start();
    for (let n = 1; n <= 10; n++) pipeline.push(nth(n));
    setVisibility('hidden');
    const claimed = exporter.sent.map((batch) => JSON.stringify(batch).length);
    expect(claimed.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThanOrEqual(ITEM_BYTES * 3 + 50);
    expect(exporter.sent.flatMap(startsIn)).toEqual([1, 2, 3]);
    // Back to visible: the rest goes out normally.
    setVisibility('visible');
    await pipeline.flush();
    expect(
      exporter.delivered.map((item) => (item.kind === 'window' ? item.window.start : 0)),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    stop();
  });

  it('gives every exporter a fair share of the keepalive budget', () => {
    const a = claimingExporter('a');
    const b = claimingExporter('b');
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [a, b],
      keepaliveBytes: ITEM_BYTES * 4 + 50,
    });
    const stop = pipeline.start();
    for (let n = 1; n <= 10; n++) pipeline.push(nth(n));
    setVisibility('hidden');
    expect(a.sent.flatMap(startsIn)).toEqual([1, 2]);
    expect(b.sent.flatMap(startsIn)).toEqual([1, 2]);
    stop();
  });

  it('sends items pushed while hidden (windows closed by the same event) in the same task', async () => {
    const exporter = claimingExporter('a');
    const pipeline = createPipeline({ windowMs: 1000, exporters: [exporter] });
    const stop = pipeline.start();
    setVisibility('hidden');
    pipeline.push(nth(1));
    await Promise.resolve();
    expect(exporter.sent.map(startsIn)).toEqual([[1]]);
    stop();
  });

  it('batches as usual again in a background tab, after the task that hid the page', async () => {
    const exporter = claimingExporter('a');
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [exporter],
      batchDelayMs: 60_000,
    });
    const stop = pipeline.start();
    setVisibility('hidden');
    await new Promise((resolve) => setTimeout(resolve, 0));
    pipeline.push(nth(1));
    await Promise.resolve();
    expect(exporter.calls).toHaveLength(0);
    stop();
  });
});

describe('pipeline persistence', () => {
  it('saves what a failing exporter could not send, and the next load delivers it first', async () => {
    const store = memoryStore();
    const down = scriptedExporter('http', () => ({ code: 'retry', reason: 'HTTP 503' }));
    const first = createPipeline({
      windowMs: 1000,
      exporters: [down],
      persist: store,
      maxQueueItems: 4,
      onError: quiet,
    });
    const stopFirst = first.start();
    for (let n = 1; n <= 3; n++) first.push(nth(n));
    await first.flush();
    for (let n = 4; n <= 6; n++) first.push(nth(n));
    setVisibility('hidden');
    // The failing endpoint gets no final export: its items are kept for the next load.
    expect(down.calls.filter((call) => call.context.final)).toHaveLength(0);
    const [snapshot] = [...store.records.values()];
    expect(startsIn(snapshot?.lanes['http'] ?? [])).toEqual([3, 4, 5, 6]);
    expect(countersIn(snapshot?.lanes['http'] ?? [])).toEqual([{ value: 2, reason: 'overflow' }]);
    stopFirst();
    await first.shutdown();

    setVisibility('visible');
    const up = scriptedExporter('http');
    const second = createPipeline({ windowMs: 1000, exporters: [up], persist: store });
    const stopSecond = second.start();
    second.push(nth(7));
    await vi.waitFor(() => {
      expect(up.calls.length).toBeGreaterThan(0);
    });
    await second.flush();
    expect(up.delivered.map((item) => (item.kind === 'window' ? item.window.start : 0))).toEqual([
      3, 4, 5, 6, 7,
    ]);
    expect(up.calls.flatMap((call) => countersIn(call.batch))).toEqual([
      { value: 2, reason: 'overflow' },
    ]);
    expect(store.records.size).toBe(0);
    stopSecond();
  });

  it('keeps exports in flight in the snapshot only while the endpoint is failing', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    // Fails once, then hangs: the retry is in flight when the page hides.
    const failing = scriptedExporter('failing', (call) =>
      call === 1 ? { code: 'retry', reason: 'HTTP 503' } : hang(),
    );
    const healthy = scriptedExporter('healthy', () => hang());
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [failing, healthy],
      persist: store,
      retryDelayMs: 100,
      onError: quiet,
    });
    const stop = pipeline.start();
    pipeline.push(nth(1));
    void pipeline.flush();
    await vi.advanceTimersByTimeAsync(100);
    expect(failing.calls).toHaveLength(2);
    setVisibility('hidden');
    const [snapshot] = [...store.records.values()];
    expect(startsIn(snapshot?.lanes['failing'] ?? [])).toEqual([1]);
    expect(snapshot?.lanes['healthy']).toBeUndefined();
    stop();
    vi.useRealTimers();
  });

  it('writes the snapshot ahead while an endpoint fails, and removes it once delivered', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    let down = true;
    const exporter = scriptedExporter('http', () =>
      down ? { code: 'retry', reason: 'HTTP 503' } : { code: 'ok' },
    );
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [exporter],
      persist: store,
      retryDelayMs: 100,
      onError: quiet,
    });
    const stop = pipeline.start();
    pipeline.push(nth(1));
    await pipeline.flush();
    // Visible, and already saved: an unload may not get to write.
    expect(startsIn([...store.records.values()][0]?.lanes['http'] ?? [])).toEqual([1]);
    down = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(exporter.delivered).toHaveLength(1);
    expect(store.records.size).toBe(0);
    stop();
    vi.useRealTimers();
  });

  it('saves nothing for healthy endpoints while the page is visible', async () => {
    const store = memoryStore();
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [scriptedExporter('http')],
      persist: store,
    });
    const stop = pipeline.start();
    pipeline.push(nth(1));
    await pipeline.flush();
    expect(store.records.size).toBe(0);
    stop();
  });

  it('keeps the newest items within the store cap and counts the cut ones as dropped', async () => {
    const store = memoryStore(ITEM_BYTES * 2 + 10);
    const down = scriptedExporter('http', () => ({ code: 'retry', reason: 'HTTP 503' }));
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [down],
      persist: store,
      maxBatchItems: 100,
      onError: quiet,
    });
    const stop = pipeline.start();
    for (let n = 1; n <= 5; n++) pipeline.push(nth(n));
    await pipeline.flush();
    setVisibility('hidden');
    const [snapshot] = [...store.records.values()];
    expect(startsIn(snapshot?.lanes['http'] ?? [])).toEqual([4, 5]);
    expect(countersIn(snapshot?.lanes['http'] ?? [])).toEqual([{ value: 3, reason: 'overflow' }]);
    // Nothing was lost in this page: the items are still queued in memory.
    expect(pipeline.dropped()).toEqual({ http: { overflow: 0, failed: 0 } });
    stop();
    await pipeline.shutdown();
  });
});

describe('pipeline with a store that breaks its contract', () => {
  /** A store whose methods throw synchronously, as a hand-written one might. */
  function throwingStore(): PersistStore & { saves: number } {
    const store = {
      saves: 0,
      maxBytes: 1_000_000,
      save: () => {
        store.saves++;
        throw new TypeError('save is broken');
      },
      remove: () => {
        throw new TypeError('remove is broken');
      },
      takeAll: () => {
        throw new TypeError('takeAll is broken');
      },
    };
    return store;
  }

  it('never throws into the page from its lifecycle listeners, and reports instead', async () => {
    const errors: string[] = [];
    const down = scriptedExporter('http', () => ({ code: 'retry', reason: 'HTTP 503' }));
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [down],
      persist: throwingStore(),
      retryDelayMs: 60_000,
      onError: (error, kind) => errors.push(`${kind}: ${(error as Error).message}`),
    });
    const stop = pipeline.start();
    pipeline.push(nth(1));
    await pipeline.flush();
    pipeline.push(nth(2));
    expect(() => {
      setVisibility('hidden');
    }).not.toThrow();
    expect(() => window.dispatchEvent(new Event('pagehide'))).not.toThrow();
    expect(() => {
      setVisibility('visible');
    }).not.toThrow();
    await vi.waitFor(() => {
      expect(errors).toContain('export.persist: takeAll is broken');
    });
    expect(errors).toContain('export.persist: save is broken');
    stop();
  });

  it('detaches everything it attached even when delivering the stored items fails', () => {
    const removeDocument = vi.spyOn(document, 'removeEventListener');
    const removeWindow = vi.spyOn(window, 'removeEventListener');
    const store = throwingStore();
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [scriptedExporter('http')],
      persist: store,
      onError: quiet,
    });
    let stop: (() => void) | undefined;
    expect(() => {
      stop = pipeline.start();
    }).not.toThrow();
    stop?.();
    const removed = [...removeDocument.mock.calls, ...removeWindow.mock.calls].map(
      ([type]) => type,
    );
    expect(removed.sort()).toEqual(['pagehide', 'pageshow', 'visibilitychange']);
    pipeline.push(nth(1));
    setVisibility('hidden');
    expect(store.saves).toBe(0);
  });

  it('rejects the store factory passed instead of a store, naming the likely fix', () => {
    expect(() =>
      createPipeline({
        windowMs: 1000,
        exporters: [scriptedExporter('http')],
        persist: indexedDBStore as unknown as PersistStore,
      }),
    ).toThrow(/option "persist" must be a store .*: did you mean indexedDBStore\(\)\?/);
  });
});

describe('pipeline persistence at page exit', () => {
  it('does not write again at exit what it already wrote ahead', async () => {
    // Another page may have taken (and delivered) the written copy since: a write started
    // while this page unloads can commit after that, and the copy would be delivered twice.
    vi.useFakeTimers();
    const store = memoryStore();
    const save = vi.spyOn(store, 'save');
    const down = scriptedExporter('http', () => ({ code: 'retry', reason: 'HTTP 503' }));
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [down],
      persist: store,
      retryDelayMs: 60_000,
      onError: quiet,
    });
    const stop = pipeline.start();
    for (let n = 1; n <= 4; n++) pipeline.push(nth(n));
    await pipeline.flush();
    expect(save).toHaveBeenCalledTimes(1);
    setVisibility('hidden');
    window.dispatchEvent(new Event('pagehide'));
    expect(save).toHaveBeenCalledTimes(1);
    // Something new since the last write: the exit writes it.
    setVisibility('visible');
    pipeline.push(nth(5));
    setVisibility('hidden');
    expect(save).toHaveBeenCalledTimes(2);
    expect(startsIn([...store.records.values()][0]?.lanes['http'] ?? [])).toEqual([1, 2, 3, 4, 5]);
    stop();
    vi.useRealTimers();
  });

  it('writes again after a write that failed, even if nothing changed', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    let failWrites = true;
    const save = vi.spyOn(store, 'save').mockImplementation((snapshot) => {
      if (failWrites) return Promise.reject(new Error('quota exceeded'));
      store.records.set(snapshot.id, structuredClone(snapshot));
      return Promise.resolve();
    });
    const down = scriptedExporter('http', () => ({ code: 'retry', reason: 'HTTP 503' }));
    const pipeline = createPipeline({
      windowMs: 1000,
      exporters: [down],
      persist: store,
      retryDelayMs: 60_000,
      onError: quiet,
    });
    const stop = pipeline.start();
    pipeline.push(nth(1));
    await pipeline.flush();
    await vi.advanceTimersByTimeAsync(0);
    failWrites = false;
    setVisibility('hidden');
    expect(save).toHaveBeenCalledTimes(2);
    expect(startsIn([...store.records.values()][0]?.lanes['http'] ?? [])).toEqual([1]);
    stop();
    vi.useRealTimers();
  });
});
