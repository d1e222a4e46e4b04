import { describe, expect, it } from 'vitest';
import { tracesDirectory } from '../../../bench/detect/paths.js';
import { perfwardenOnTrace, recordedTraces } from '../../../bench/detect/trace-report.js';
import { readTrace } from '../../../bench/detect/traces.js';
import { LASTING_MS } from '../../../src/detect/metric-detector.js';

// Real Chromium traces with injected changes (test/fixtures/traces/README.md).
const traces = new Map(recordedTraces().map((trace) => [trace.name, trace]));

function run(name: string) {
  const trace = traces.get(name);
  if (!trace) throw new Error(`missing trace ${name}: run npm run record:traces`);
  return { trace, ...perfwardenOnTrace(trace) };
}

describe('recorded Chromium traces', () => {
  it('has the four traces', () => {
    expect([...traces.keys()]).toEqual(['cpu-10', 'cpu-25', 'gpu-60', 'null']);
  });

  it('raises nothing on the trace without a change', () => {
    expect(run('null').regressions).toEqual([]);
  });

  // In cpu-25 the machine itself slowed every frame by 10-14 % from about 36 s on (block p10
  // 5.3 → 6.1 ms, median 6.7 → 7.4 ms), before the injected change at 75 s: a lasting step
  // that no measurement in the page can tell from the code, and that the test may catch. Any
  // regression before the change there must be that step, dated from it.
  const machineStepAt: Record<string, number> = { 'cpu-25': 36_000 };

  it.each([
    ['cpu-10', 'cpu'],
    ['cpu-25', 'cpu'],
    ['gpu-60', 'gpu'],
  ])('%s: catches the injected change on %s, after it, with a fitting hint', (name, metric) => {
    const { trace, regressions } = run(name);
    const at = trace.change?.at ?? NaN;
    const caught = regressions.find((r) => r.detectedAt > at);
    expect(caught?.metric).toBe(metric);
    expect(caught?.detectedAt).toBeLessThan(at + 60_000);
    // Other processes' load drifts the measured work a little too, so the estimated change time
    // is near the injected one, not on it.
    expect(caught?.changedAt).toBeGreaterThanOrEqual(at - 15_000);
    expect(caught?.changedAt).toBeLessThanOrEqual(at + 15_000);
    expect(caught?.delta).toBeGreaterThan(0.05);
    // On llvmpipe the GPU is CPU threads: more main-thread work can slow them too, which the
    // hint then says.
    expect(caught?.hints[0]).toMatch(
      metric === 'gpu'
        ? /^GPU-bound/
        : /^(Main-thread work grew|CPU and GPU work grew together): cpu p50/,
    );
    // Nothing before the change, on any metric, but the machine's own step where it took one.
    const step = machineStepAt[name];
    for (const early of regressions.filter((r) => r.detectedAt <= at)) {
      expect(step).toBeDefined();
      expect(early.metric).toBe(metric);
      expect(Math.abs(early.changedAt - (step ?? NaN))).toBeLessThanOrEqual(5_000);
    }
  });
});

// The same page with busy loops beside the browser and the environment probe running in it
// (test/fixtures/traces/README.md, "Under load").
describe('recorded Chromium traces under load, with the environment probe', () => {
  const loaded = (name: string) => {
    const trace = readTrace(`${tracesDirectory()}load/${name}.json.gz`);
    return { trace, ...perfwardenOnTrace(trace) };
  };

  it('raises nothing while the load steps on and off without a change', () => {
    const { trace, regressions } = loaded('load-null');
    expect(trace.probeTime.length).toBeGreaterThan(100);
    expect(trace.loadSteps).toEqual([30_000, 60_000, 90_000, 120_000]);
    expect(regressions).toEqual([]);
  });

  it.each(['load-cpu-25', 'steady-cpu-25'])(
    '%s: catches a quarter more main-thread work after the change, and nothing before',
    (name) => {
      const { trace, regressions } = loaded(name);
      const at = trace.change?.at ?? NaN;
      expect(regressions[0]?.metric).toBe('cpu');
      expect(regressions[0]?.detectedAt).toBeGreaterThan(at);
      expect(regressions.filter((r) => r.detectedAt <= at)).toEqual([]);
    },
  );

  // On a software renderer the page's own GPU work runs on the CPUs and cuts the probe: here
  // doubling the shaded area reads as a busier machine. GPU time must still be tested then (it
  // is not one of the metrics a busier machine holds back), or this change would wait until
  // the machine reads normal again.
  it('quiet-gpu-100: a GPU change that reads as a busier machine is still caught on gpu', () => {
    const { trace, regressions, environment } = loaded('quiet-gpu-100');
    const at = trace.change?.at ?? NaN;
    expect(trace.loadSteps).toEqual([]);
    const busier = environment.find((change) => change.state === 'busier');
    expect(busier?.time).toBeGreaterThan(at);
    const caught = regressions.find((r) => r.metric === 'gpu');
    expect(caught?.detectedAt).toBeGreaterThan(at);
    // Held back while the machine reads busier, it was caught 57 s after the change.
    expect(caught?.detectedAt).toBeLessThan(at + 2 * LASTING_MS);
  });
});
