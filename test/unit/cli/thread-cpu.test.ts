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

// The CLI's CI runs on Linux, where /proc gives per-thread CPU time.
describe('thread CPU time from /proc (Linux)', () => {
  it('counts the CPU time this thread spends, and the process counts at least as much', () => {
    expect(hasThreadCpu()).toBe(true);
    const self = { pid: process.pid, tid: process.pid };
    const before = threadCpuNs(self);
    const until = performance.now() + 30;
    let spins = 0;
    while (performance.now() < until) spins++;
    const spent = threadCpuNs(self) - before;
    expect(spins).toBeGreaterThan(0);
    // 30 ms of spinning: some of it at least, never more than the wall time and a tick.
    expect(spent).toBeGreaterThan(5e6);
    expect(spent).toBeLessThan(2e9);
    expect(processThreadsCpuNs(process.pid)).toBeGreaterThanOrEqual(threadCpuNs(self));
  });

  it('throws for a thread that does not exist', () => {
    expect(() => threadCpuNs({ pid: process.pid, tid: 2 ** 30 })).toThrow();
  });
});
