import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gpuTimer } from '../../../src/webgl/gpu-timer.js';
import type { GpuTimerOptions } from '../../../src/webgl/gpu-timer.js';
import { FakeGl, FrameDriver } from '../../support/fake-gl.js';

interface Sample {
  metric: string;
  value: number;
  time: number;
}

let gl: FakeGl;
let frames: FrameDriver;
let samples: Sample[];
let errors: string[];

function setup(
  glOptions: ConstructorParameters<typeof FakeGl>[0] = {},
  options: Partial<GpuTimerOptions> = {},
) {
  gl = new FakeGl(glOptions);
  frames = new FrameDriver(gl);
  vi.stubGlobal('document', { timeline: frames.timeline });
  vi.stubGlobal('requestAnimationFrame', frames.requestAnimationFrame);
  vi.stubGlobal('cancelAnimationFrame', frames.cancelAnimationFrame);
  samples = [];
  errors = [];
  return gpuTimer(gl as unknown as WebGL2RenderingContext, {
    sink: (metric, value, time) => samples.push({ metric, value, time }),
    onError: (error, kind) => errors.push(`${kind}: ${String(error)}`),
    ...options,
  });
}

const metric = (name: string): number[] =>
  samples.filter((s) => s.metric === name).map((s) => s.value);

beforeEach(() => {
  samples = [];
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('gpuTimer with delayed results', () => {
  it('reports each span and the frame sum with the frame time, once results are available', () => {
    const timer = setup({ delay: 3 });
    expect(timer.supported).toBe(true);
    expect(timer.extension).toBe('EXT_disjoint_timer_query_webgl2');
    const frameTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      frames.frame(() => {
        frameTimes.push(frames.time);
        gl.nextNanoseconds = 2e6;
        timer.measure('scene', () => undefined);
        gl.nextNanoseconds = 3e6;
        timer.measure('labels', () => undefined);
      });
    }
    for (let i = 0; i < 5; i++) frames.frame();
    expect(gl.violations).toEqual([]);
    expect(metric('gpu.scene')).toEqual(Array(20).fill(2));
    expect(metric('gpu.labels')).toEqual(Array(20).fill(3));
    expect(metric('gpu')).toEqual(Array(20).fill(5));
    // Samples carry the time their frame started (timeOrigin + rAF timestamp), not arrival.
    const gpuTimes = samples.filter((s) => s.metric === 'gpu').map((s) => s.time);
    expect(gpuTimes).toEqual(frameTimes.map((t) => performance.timeOrigin + t));
    // Idle: nothing in flight, polling stopped, queries reused (not one per span).
    expect(timer.stats().inFlight).toBe(0);
    expect(frames.pending).toBe(0);
    expect(gl.created).toBeLessThanOrEqual(2 * 4 + 2);
  });

  it('groups spans by animation frame whichever rAF callback runs first', () => {
    const timer = setup({ delay: 1 });
    // The app's callback runs before the timer's poll in every frame here.
    for (let i = 0; i < 10; i++) {
      frames.time += 16.7;
      frames.timeline.currentTime = frames.time;
      gl.frameNumber++;
      timer.measure('a', () => undefined);
      timer.measure('b', () => undefined);
      frames.frame(); // the timer's poll of this frame (time moves on)
    }
    for (let i = 0; i < 3; i++) frames.frame();
    expect(metric('gpu')).toEqual(Array(10).fill(2));
  });

  it('polls availability at most once per query per frame and never reads early', () => {
    const timer = setup({ delay: 4 });
    for (let i = 0; i < 30; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    for (let i = 0; i < 6; i++) frames.frame();
    expect(gl.violations).toEqual([]);
    // One check per frame for the head query, plus one per result read.
    expect(gl.availabilityChecks).toBeLessThanOrEqual(36 + 30 * 2);
  });
});

describe('gpuTimer data quality', () => {
  it('drops every in-flight result on a disjoint event and counts them', () => {
    const timer = setup({ delay: 2 });
    for (let i = 0; i < 5; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    gl.disjointPending = true;
    for (let i = 0; i < 5; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    for (let i = 0; i < 4; i++) frames.frame();
    const stats = timer.stats();
    expect(stats.disjoint).toBeGreaterThan(0);
    expect(metric('gpu').length + stats.disjoint).toBeLessThanOrEqual(10);
    expect(metric('gpu').length).toBeGreaterThan(0); // frames after the event still count
    expect(gl.violations).toEqual([]);
  });

  it('survives context loss and resumes after restore', () => {
    const timer = setup({ delay: 2 });
    for (let i = 0; i < 3; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    gl.loseContext();
    expect(timer.supported).toBe(false);
    expect(() => {
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
      frames.frame();
    }).not.toThrow();
    expect(timer.stats()).toMatchObject({ contextLosses: 1, inFlight: 0 });
    gl.restoreContext();
    expect(timer.supported).toBe(true);
    const before = metric('gpu').length;
    for (let i = 0; i < 5; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    for (let i = 0; i < 3; i++) frames.frame();
    expect(metric('gpu').length - before).toBe(5);
    expect(gl.violations).toEqual([]);
  });

  it('skips spans when the pool is exhausted, never exceeding it, and reports no partial frame', () => {
    const timer = setup({ delay: 6 }, { maxQueries: 4 });
    let maxAlive = 0;
    for (let i = 0; i < 12; i++) {
      frames.frame(() => {
        for (const name of ['a', 'b', 'c']) timer.measure(name, () => undefined);
      });
      maxAlive = Math.max(maxAlive, gl.created - gl.deleted);
    }
    for (let i = 0; i < 8; i++) frames.frame();
    const stats = timer.stats();
    expect(maxAlive).toBeLessThanOrEqual(4);
    expect(stats.skipped).toBeGreaterThan(0);
    // Every reported frame had all three spans: 3 × 1 ms.
    expect(metric('gpu').every((v) => v === 3)).toBe(true);
    expect(gl.violations).toEqual([]);
  });

  it('refuses nested spans with an error and keeps timing the outer one', () => {
    const timer = setup({ delay: 1 });
    frames.frame(() => {
      timer.measure('outer', () => {
        expect(timer.begin('inner')).toBe(false);
        timer.end();
      });
    });
    frames.frame();
    frames.frame();
    expect(errors.some((e) => e.includes('webgl.nested-span') && e.includes('cannot nest'))).toBe(
      true,
    );
    expect(timer.stats().nested).toBe(1);
    expect(metric('gpu.outer')).toHaveLength(1);
    expect(gl.violations).toEqual([]);
  });

  it('a measure() nested in another neither times nor ends the outer span', () => {
    const timer = setup({ delay: 1 });
    let innerRan = false;
    frames.frame(() => {
      timer.measure('outer', () => {
        timer.measure('inner', () => {
          innerRan = true;
        });
        // Still inside the outer span: a new begin is refused as nested, not accepted.
        expect(timer.begin('late')).toBe(false);
      });
    });
    frames.frame();
    frames.frame();
    expect(innerRan).toBe(true);
    expect(errors.some((e) => e.includes('webgl.unbalanced-end'))).toBe(false);
    expect(timer.stats().nested).toBe(2);
    expect(metric('gpu.outer')).toHaveLength(1);
    expect(metric('gpu.inner')).toHaveLength(0);
    expect(gl.violations).toEqual([]);
  });

  it('reports a span name or function that is not one, and runs what it can', () => {
    const timer = setup({ delay: 1 });
    frames.frame(() => {
      expect(timer.measure(42 as never, () => 'ran')).toBe('ran');
      expect(timer.measure('x', 'not a function' as never)).toBeUndefined();
    });
    expect(errors.some((e) => e.includes('webgl.span-name'))).toBe(true);
    expect(errors.some((e) => e.includes('webgl.measure'))).toBe(true);
    expect(gl.violations).toEqual([]);
  });

  it('times only every Nth frame when asked', () => {
    const timer = setup({ delay: 1 }, { every: 3 });
    for (let i = 0; i < 30; i++)
      frames.frame(() => {
        timer.frame(() => undefined);
      });
    frames.frame();
    frames.frame();
    expect(metric('gpu')).toHaveLength(10);
    timer.every = 1;
    for (let i = 0; i < 6; i++)
      frames.frame(() => {
        timer.frame(() => undefined);
      });
    frames.frame();
    frames.frame();
    expect(metric('gpu')).toHaveLength(16);
    expect(metric('gpu.')).toHaveLength(0); // frame() reports only `gpu`
  });
});

describe('gpuTimer lifecycle and fallbacks', () => {
  it('deletes every query it created on stop, even with results in flight', () => {
    const timer = setup({ delay: 5 });
    for (let i = 0; i < 600; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    timer.begin('open');
    timer.stop();
    timer.stop();
    expect(gl.created).toBeGreaterThan(0);
    expect(gl.deleted).toBe(gl.created);
    expect(frames.pending).toBe(0);
    expect(gl.violations).toEqual([]);
    expect(timer.supported).toBe(false);
  });

  it('uses EXT_disjoint_timer_query where that is all there is', () => {
    const timer = setup({ extension: 'webgl1', delay: 1 });
    expect(timer.extension).toBe('EXT_disjoint_timer_query');
    for (let i = 0; i < 4; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    frames.frame();
    frames.frame();
    expect(metric('gpu')).toHaveLength(4);
    expect(gl.violations).toEqual([]);
  });

  it('costs nothing without an extension: no GL calls, no frame callbacks', () => {
    const timer = setup({ extension: 'none' });
    expect(timer.supported).toBe(false);
    let ran = 0;
    for (let i = 0; i < 5; i++) frames.frame(() => timer.measure('x', () => ran++));
    expect(ran).toBe(5);
    expect(frames.pending).toBe(0);
    expect(gl.created).toBe(0);
    expect(errors).toEqual([]);
  });

  it('reports end() without begin() instead of throwing', () => {
    const timer = setup();
    expect(() => {
      timer.end();
    }).not.toThrow();
    expect(errors[0]).toMatch(/webgl.unbalanced-end/);
  });

  it('validates its options, naming them', () => {
    const fake = new FakeGl() as unknown as WebGL2RenderingContext;
    const sink = () => undefined;
    expect(() => gpuTimer(fake, { sink: undefined as never })).toThrow(/option "sink"/);
    expect(() => gpuTimer(fake, { sink, every: 0 })).toThrow(/option "every"/);
    expect(() => gpuTimer(fake, { sink, maxQueries: 1e6 })).toThrow(/option "maxQueries"/);
  });

  it('reports to a monitor and attaches to it, detaching on stop', () => {
    setup();
    const recorded: [string, number, number | undefined][] = [];
    let attached = 0;
    let detached = 0;
    const monitor = {
      record: (metric: string, value: number, time?: number) =>
        recorded.push([metric, value, time]),
      attachGpu: () => {
        attached++;
        return () => detached++;
      },
    };
    const timer = gpuTimer(gl as unknown as WebGL2RenderingContext, { monitor });
    for (let i = 0; i < 3; i++)
      frames.frame(() => {
        timer.measure('x', () => undefined);
      });
    for (let i = 0; i < 4; i++) frames.frame();
    expect(recorded.filter(([metric]) => metric === 'gpu')).toHaveLength(3);
    expect(recorded.every(([, , time]) => typeof time === 'number')).toBe(true);
    expect(attached).toBe(1);
    timer.stop();
    expect(detached).toBe(1);
    expect(() =>
      gpuTimer(gl as unknown as WebGL2RenderingContext, { monitor: {} as never }),
    ).toThrow(/option "monitor"/);
  });
});
