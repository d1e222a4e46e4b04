// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/create-analyzer.js';
import { consoleExporter } from '../../src/export/console-exporter.js';
import { httpExporter } from '../../src/export/http-exporter.js';
import { indexedDBStore } from '../../src/export/indexeddb-store.js';
import { memoryExporter } from '../../src/export/memory-exporter.js';
import { createPipeline } from '../../src/export/pipeline.js';
import { createMonitor } from '../../src/monitor/create-monitor.js';
import { otlpExporter } from '../../src/otlp/index.js';
import { createHistogram } from '../../src/stats/histogram.js';
import { createHud } from '../../src/hud/index.js';
import { gpuTimer, instrumentThree } from '../../src/webgl/index.js';
import { preview } from '../../src/validate.js';
import { FakeGl } from '../support/fake-gl.js';

/** Mistaken arguments a fuzzer (or a hurried user) passes in place of options. */
const GARBAGE: unknown[] = [null, 42, 'x', [], () => 1, { foo: 1 }];
/** An object whose every property read throws (checked where an object is inspected). */
const HOSTILE: unknown = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter');
    },
  },
);

/** Calls `factory` with each garbage value in turn at `position` and returns the messages. */
function messages(call: (value: unknown) => unknown, values = GARBAGE): string[] {
  return values.map((value) => {
    try {
      call(value);
      return 'no error';
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      return (error as Error).message;
    }
  });
}

describe('factories reject wrong arguments with an error that names the factory', () => {
  it.each([
    ['createMonitor', (value: unknown) => createMonitor(value as never)],
    ['createAnalyzer', (value: unknown) => createAnalyzer(value as never)],
    ['createPipeline', (value: unknown) => createPipeline(value as never)],
    ['httpExporter', (value: unknown) => httpExporter(value as never)],
    ['otlpExporter', (value: unknown) => otlpExporter(value as never)],
    ['consoleExporter', (value: unknown) => consoleExporter(value as never)],
    ['memoryExporter', (value: unknown) => memoryExporter(value as never)],
    ['indexedDBStore', (value: unknown) => indexedDBStore(value as never)],
    ['createHistogram', (value: unknown) => createHistogram(value as never)],
    ['gpuTimer', (value: unknown) => gpuTimer(value as WebGL2RenderingContext, { sink: () => 0 })],
    ['gpuTimer', (value: unknown) => gpuTimer(new FakeGl() as never, value as never)],
    ['instrumentThree', (value: unknown) => instrumentThree(value as never, {} as never)],
    ['createHud', (value: unknown) => createHud(value as never)],
  ] as const)('%s', (name, call) => {
    for (const message of messages(call)) expect(message).toMatch(new RegExp(`^${name}: `));
  });

  it.each([
    ['gpuTimer', (value: unknown) => gpuTimer(value as WebGL2RenderingContext, { sink: () => 0 })],
    ['instrumentThree', (value: unknown) => instrumentThree(value as never, {} as never)],
    ['createHud', (value: unknown) => createHud(value as never)],
    ['consoleExporter', (value: unknown) => consoleExporter({ console: value as never })],
  ] as const)('%s inspects what it is handed without trusting it', (name, call) => {
    expect(messages(call, [HOSTILE])).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });

  it('createHistogram names the option and shows what it got', () => {
    expect(() => createHistogram(null as never)).toThrow(
      'createHistogram: options must be an object, got null',
    );
    expect(() => createHistogram({ lowest: -1 })).toThrow(
      'createHistogram: option "lowest" must be a positive finite number, got -1',
    );
    expect(() => createHistogram({ highest: 1, lowest: 2 })).toThrow(/option "highest"/);
    expect(() => createHistogram({ scale: 3 } as never)).toThrow(
      'createHistogram: unknown option "scale" (known: relativeError, lowest, highest)',
    );
  });
});

describe('preview', () => {
  it('shows any value briefly and never throws', () => {
    expect([...GARBAGE, HOSTILE].map(preview)).toEqual([
      'null',
      '42',
      '"x"',
      'an array',
      'a function',
      '{"foo":1}',
      'an object',
    ]);
    expect(preview(10n)).toBe('10n (a BigInt)');
    expect(preview('y'.repeat(100))).toHaveLength(60);
  });
});
