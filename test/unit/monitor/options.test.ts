import { describe, expect, it } from 'vitest';
import { indexedDBStore } from '../../../src/export/indexeddb-store.js';
import { createMonitor } from '../../../src/monitor/create-monitor.js';
import { resolveMonitorOptions } from '../../../src/monitor/options.js';
import type { MonitorOptions } from '../../../src/monitor/options.js';

describe('monitor options', () => {
  it('applies the defaults', () => {
    const options = resolveMonitorOptions(undefined);
    expect(options).toMatchObject({
      sampleRate: 1,
      window: 1000,
      maxSeries: 512,
      context: {},
      overheadBudget: 0.02,
      sources: {
        frames: { sampling: 'adaptive' },
        longFrames: true,
        interactions: { threshold: 40 },
        measures: { match: undefined },
        vitals: false,
        memory: { interval: 5000 },
      },
    });
    expect(Object.isFrozen(options.context)).toBe(true);
  });

  it('takes source settings and switches', () => {
    const options = resolveMonitorOptions({
      sources: { vitals: false, interactions: { threshold: 100 }, measures: { match: /^app/ } },
    });
    expect(options.sources.vitals).toBe(false);
    expect(options.sources.interactions).toEqual({ threshold: 100 });
    expect(options.sources.measures).toEqual({ match: /^app/ });
  });

  const wrong: [string, unknown, RegExp][] = [
    ['options', 42, /options must be an object/],
    ['unknown', { sampelRate: 0.5 }, /unknown option "sampelRate"/],
    [
      'sampleRate',
      { sampleRate: 1.5 },
      /option "sampleRate" must be a number from 0 to 1, got 1.5/,
    ],
    ['sampleRate type', { sampleRate: '0.5' }, /option "sampleRate" .* got "0.5"/],
    ['sessionId', { sessionId: '' }, /option "sessionId" must be a non-empty string/],
    ['window', { window: 0 }, /option "window" must be a positive number of ms/],
    ['maxSeries', { maxSeries: 2.5 }, /option "maxSeries" must be a positive integer/],
    ['context', { context: { scene: 10 } }, /option "context" must be an object of string labels/],
    ['context array', { context: ['a'] }, /option "context" .* got an array/],
    ['overheadBudget', { overheadBudget: 0 }, /option "overheadBudget" must be a fraction/],
    ['onError', { onError: 'log' }, /option "onError" must be a function/],
    ['sources', { sources: true }, /option "sources" must be an object/],
    ['unknown source', { sources: { gpu: true } }, /unknown option "sources.gpu"/],
    [
      'frames',
      { sources: { frames: 1 } },
      /option "sources.frames" must be a boolean or an options object/,
    ],
    [
      'frame sampling',
      { sources: { frames: { sampling: 'sometimes' } } },
      /option "sources.frames.sampling" must be "adaptive" or "full", got "sometimes"/,
    ],
    [
      'threshold',
      { sources: { interactions: { threshold: 8 } } },
      /option "sources.interactions.threshold" must be a number of ms, at least 16/,
    ],
    [
      'unknown source setting',
      { sources: { interactions: { treshold: 100 } } },
      /unknown option "sources.interactions.treshold"/,
    ],
    [
      'match',
      { sources: { measures: { match: 'app' } } },
      /option "sources.measures.match" must be a RegExp/,
    ],
    [
      'memory interval',
      { sources: { memory: { interval: 10 } } },
      /option "sources.memory.interval"/,
    ],
  ];
  it.each(wrong)('rejects a wrong %s with a TypeError naming it', (_name, options, message) => {
    expect(() => resolveMonitorOptions(options)).toThrow(TypeError);
    expect(() => resolveMonitorOptions(options)).toThrow(message);
  });

  const exporter = { name: 'a', export: () => Promise.resolve({ code: 'ok' as const }) };
  // What the monitor passes on to the pipeline and the analyzer is named as the caller wrote it.
  const passedOn: [string, unknown, RegExp][] = [
    [
      'export setting',
      { export: { maxBatchItems: 0 } },
      /^createMonitor: option "export.maxBatchItems" must be a positive integer, got 0$/,
    ],
    [
      'export timer beyond setTimeout',
      { export: { exportTimeoutMs: 2 ** 31 } },
      /^createMonitor: option "export.exportTimeoutMs" must be a positive integer number of ms, at most 2147483647, got 2147483648$/,
    ],
    [
      'export window that is not a whole number of ms',
      { export: { windowMs: 1.5 } },
      /^createMonitor: option "export.windowMs" must be a positive integer number of ms, at most 2147483647, got 1.5$/,
    ],
    [
      'unknown export setting',
      { export: { batchDelay: 100 } },
      /^createMonitor: unknown option "export.batchDelay" \(known: export.maxBatchItems, .*export.scrubUrls\)$/,
    ],
    ['exporters under export', { export: { exporters: [] } }, /unknown option "export.exporters"/],
    [
      'store factory',
      { export: { persist: indexedDBStore } },
      /^createMonitor: option "export.persist" must be a store .*: did you mean indexedDBStore\(\)\?$/,
    ],
    [
      'exporters with one name',
      { exporters: [exporter, exporter] },
      /^createMonitor: option "exporters" has two exporters named "a"/,
    ],
    [
      'detector given as its options',
      { detector: { warmup: 30 } },
      /^createMonitor: option "detector" must be a detector from createDetector\(\) .*: pass createDetector\(options\) instead of its options$/,
    ],
    [
      'baseline, which belongs to the detector',
      { baseline: '{' },
      /^createMonitor: option "baseline" belongs to the detector now/,
    ],
    [
      'memory interval beyond setTimeout',
      { sources: { memory: { interval: 2 ** 31 } } },
      /^createMonitor: option "sources.memory.interval" must be a number of ms, at least 100 and at most 2147483647/,
    ],
  ];
  it.each(passedOn)(
    'names the monitor and the option path for a wrong %s',
    (_name, options, message) => {
      expect(() => createMonitor(options as MonitorOptions)).toThrow(TypeError);
      expect(() => createMonitor(options as MonitorOptions)).toThrow(message);
    },
  );
});
