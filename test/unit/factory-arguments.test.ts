// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../src/stats/histogram.js';
import { createHud } from '../../src/hud/index.js';
import { gpuTimer, instrumentThree } from '../../src/webgl/index.js';
import { preview } from '../../src/validate.js';
import { FakeGl } from '../support/fake-gl.js';

/** Hostile and mistaken arguments a fuzzer (or a hurried user) passes. */
const GARBAGE: unknown[] = [
  null,
  42,
  'x',
  [],
  () => 1,
  { foo: 1 },
  Object.create(null) as unknown,
  new Proxy(
    {},
    {
      get() {
        throw new Error('hostile getter');
      },
    },
  ),
];

/** Calls `factory` with each garbage value in turn at `position` and returns the messages. */
function messages(call: (value: unknown) => unknown): string[] {
  return GARBAGE.map((value) => {
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
    ['gpuTimer', (value: unknown) => gpuTimer(value as WebGL2RenderingContext, { sink: () => 0 })],
    ['gpuTimer', (value: unknown) => gpuTimer(new FakeGl() as never, value as never)],
    ['instrumentThree', (value: unknown) => instrumentThree(value as never, {} as never)],
    ['createHud', (value: unknown) => createHud(value as never)],
  ] as const)('%s', (name, call) => {
    for (const message of messages(call)) expect(message).toMatch(new RegExp(`^${name}: `));
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
    expect(GARBAGE.map(preview)).toEqual([
      'null',
      '42',
      '"x"',
      'an array',
      'a function',
      '{"foo":1}',
      '{}',
      'an object',
    ]);
    expect(preview(10n)).toBe('10n');
    expect(preview('y'.repeat(100))).toHaveLength(60);
  });
});
