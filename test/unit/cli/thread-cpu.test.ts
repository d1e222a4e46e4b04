import { describe, expect, it } from 'vitest';
import {
  hasThreadCpu,
  parseSchedstat,
  processThreadsCpuNs,
  threadCpuNs,
} from '../../../src/cli/thread-cpu.js';

describe('parseSchedstat', () => {
  it('reads the run time, the first of the three numbers, in ns', () => {
    expect(parseSchedstat('1234567890 55 12\n')).toBe(1_234_567_890);
  });

  it('refuses text that is not a schedstat line, rather than reading it as zero', () => {
    expect(() => parseSchedstat('')).toThrow(/not a schedstat line/);
    expect(() => parseSchedstat('-5 1 1')).toThrow(/not a schedstat line/);
    expect(() => parseSchedstat('abc 1 1')).toThrow(/not a schedstat line/);
  });
});

const SCHEDULER_TICK_NS = 10e6;

// The CLI's CI runs on Linux, where /proc gives per-thread CPU time.
describe('thread CPU time from /proc (Linux)', () => {
  it('counts the CPU time this thread spends, never more than the wall time', () => {
    expect(hasThreadCpu()).toBe(true);
    const self = { pid: process.pid, tid: process.pid };
    const before = threadCpuNs(self);
    const started = performance.now();
    // Spin until the thread has run 20 ms, however busy the machine (bounded at 10 s).
    let spent = 0;
    while (spent < 20e6 && performance.now() - started < 10_000) {
      spent = threadCpuNs(self) - before;
    }
    const wallNs = (performance.now() - started) * 1e6;
    expect(spent).toBeGreaterThanOrEqual(20e6);
    // The kernel adds a running thread's time to schedstat at scheduler ticks and context
    // switches, so a reading can lag by up to one tick (10 ms at the coarsest HZ=100): the
    // first reading may be a tick behind, making `spent` exceed the wall time by that much.
    expect(spent).toBeLessThanOrEqual(wallNs + SCHEDULER_TICK_NS);
    expect(processThreadsCpuNs(process.pid)).toBeGreaterThanOrEqual(threadCpuNs(self));
  });

  it('throws for a thread that does not exist', () => {
    expect(() => threadCpuNs({ pid: process.pid, tid: 2 ** 30 })).toThrow();
  });
});
