import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/detect/create-analyzer.js';
import type { Regression } from '../../../src/types.js';
import { WorkStream } from '../../../bench/detect/trace-model.js';
import { GPU_MODEL, Page, runSeconds } from './simulate.js';

function setup() {
  const analyzer = createAnalyzer();
  const regressions: Regression[] = [];
  analyzer.on('regression', (r) => regressions.push(r));
  return { analyzer, regressions };
}

describe('hints', () => {
  it('CPU-bound: names main-thread work, the user span and the script whose share grew', () => {
    const { analyzer, regressions } = setup();
    const page = new Page(31);
    const layout = new WorkStream({ ...GPU_MODEL, median: 2 }, 32);
    const draw = new WorkStream({ ...GPU_MODEL, median: 1 }, 33);
    runSeconds(analyzer, 0, 240, ({ time, second }) => {
      const slower = second >= 120;
      layout.factor = slower ? 2.2 : 1;
      // The frame's CPU work is the app's own work plus its two spans.
      const spans = [layout.next(), draw.next()] as const;
      analyzer.add('cpu', page.cpu.next() + spans[0] + spans[1], time);
      analyzer.add('gpu', page.gpu.next(), time);
      analyzer.add('frame', 1000 / 60, time);
      analyzer.add('span.layout', spans[0], time);
      analyzer.add('span.draw', spans[1], time);
      if (Math.round(time) % 1000 === 0) {
        // One long animation frame per second, its script time shifting to chart.js.
        analyzer.add('loaf', 80, time);
        analyzer.attribute('loaf', 'https://app/chart.js', slower ? 60 : 20, time);
        analyzer.attribute('loaf', 'https://app/vendor.js', 30, time);
      }
    });
    const cpu = regressions.find((r) => r.metric === 'cpu');
    expect(cpu).toBeDefined();
    const hints = cpu?.hints ?? [];
    expect(hints[0]).toMatch(
      /^Main-thread work grew: cpu p50 \d+\.\d+ ms → \d+\.\d+ ms \(\+[\d.]+ %\) while gpu (stayed flat|fell) \([34]\.\d+ ms → [34]\.\d+ ms, [+−]\d\.\d %\)\.$/,
    );
    expect(
      hints.some((h) =>
        /^User span span\.layout p50 2\.\d+ ms → 4\.\d+ ms \(\+1[0-4]\d %\) grew\.$/.test(h),
      ),
    ).toBe(true);
    expect(hints.some((h) => h.includes('span.draw'))).toBe(false);
    expect(hints).toContain(
      'Long-animation-frame time in https://app/chart.js grew: 20.0 → 60.0 ms per s.',
    );
    expect(hints.some((h) => h.includes('vendor.js'))).toBe(false);
  });

  it.each([
    // [cpu factor, gpu factor, expected start of the first hint]
    [2, 1.06, /^Main-thread work grew: cpu p50 [\d.]+ ms → [\d.]+ ms \(\+[\d.]+ %\) and gpu p50 /],
    [
      1.5,
      1.5,
      /^CPU and GPU work grew together: cpu p50 .* and gpu p50 .*: more data or more draw calls per frame\?$/,
    ],
  ])('CPU ×%s, GPU ×%s: the GPU grew together only when it grew alike', (cpu, gpu, hint) => {
    const { analyzer, regressions } = setup();
    const page = new Page(61);
    runSeconds(analyzer, 0, 200, ({ time, second }) => {
      page.cpu.factor = second >= 120 ? cpu : 1;
      page.gpu.factor = second >= 120 ? gpu : 1;
      page.frame(analyzer, time);
    });
    const regression = regressions.find((r) => r.metric === 'cpu');
    expect(regression?.hints[0]).toMatch(hint);
  });

  it('GPU-bound: says so and names the GPU pass that grew', () => {
    const { analyzer, regressions } = setup();
    const page = new Page(41);
    const bloom = new WorkStream({ ...GPU_MODEL, median: 1 }, 42);
    const shadows = new WorkStream({ ...GPU_MODEL, median: 2 }, 43);
    runSeconds(analyzer, 0, 240, ({ time, second }) => {
      bloom.factor = second >= 120 ? 3 : 1;
      page.gpu.factor = second >= 120 ? 1.5 : 1;
      page.frame(analyzer, time);
      analyzer.add('gpu.bloom', bloom.next(), time);
      analyzer.add('gpu.shadows', shadows.next(), time);
    });
    const gpu = regressions.find((r) => r.metric === 'gpu');
    expect(gpu?.hints[0]).toMatch(
      /^GPU-bound \(shader cost, fill rate, overdraw\): gpu p50 4\.\d+ ms → [56]\.\d+ ms \(\+[45]\d\.\d %\) while cpu stayed flat/,
    );
    expect(
      gpu?.hints.some((h) =>
        /^GPU pass gpu\.bloom p50 1\.\d+ ms → [23]\.\d+ ms \(\+[\d.]+ %\) grew\.$/.test(h),
      ),
    ).toBe(true);
    expect(gpu?.hints.some((h) => h.includes('gpu.shadows'))).toBe(false);
    expect(regressions.find((r) => r.metric === 'cpu')).toBeUndefined();
  });

  it('memory rising steadily: a possible leak, with its slope', () => {
    const { analyzer, regressions } = setup();
    const noise = new WorkStream({ ...GPU_MODEL, sigma: 0.01, phi: 0 }, 51);
    for (let second = 0; second < 400; second += 2) {
      // A garbage-collection sawtooth around 50 MB; from 200 s on, 0.1 MB/s that never returns.
      const sawtooth = ((second % 20) / 20) * 4e6;
      const leak = second >= 200 ? (second - 200) * 1e5 : 0;
      analyzer.add('memory', ((50e6 + sawtooth + leak) * noise.next()) / 4, second * 1000);
      analyzer.tick((second + 2) * 1000);
    }
    const memory = regressions.find((r) => r.metric === 'memory');
    expect(memory).toBeDefined();
    expect(memory?.statistic).toBe('level');
    expect(memory?.hints[0]).toMatch(
      /^Memory rising steadily: \d+\.\d+ → \d+\.\d+ MB over \d+ s \(Theil-Sen 0\.\d+ MB\/s, \d+ % of block pairs rising\): possible leak\.$/,
    );
  });
});
