/**
 * CPU time of operating-system threads, from Linux's per-thread scheduler statistics
 * (`/proc/<pid>/task/<tid>/schedstat`: nanoseconds the thread has run, then nanoseconds it
 * waited to run, then the number of times it ran). Time the OS gave to other programs is not
 * in it, so a busy neighbour does not inflate it. Used by the CLI for the CPU time of Chromium's
 * GPU process (`cpu.gpu`) and by the overhead benchmark for renderer main threads. Node-only.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** A thread of a Linux process (the ids Chromium's traces and `/proc` use alike). */
export interface Thread {
  pid: number;
  tid: number;
}

/**
 * The run time (ns) in the text of a `schedstat` file. Throws on text that does not start with a
 * whole number: a misread file must not pass as zero CPU time.
 */
export function parseSchedstat(text: string): number {
  const first = text.trim().split(/\s+/)[0] ?? '';
  if (!/^\d+$/.test(first)) {
    throw new Error(`not a schedstat line: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return Number(first);
}

/** CPU time (ns) a thread has run so far. Throws when the thread is gone or not on Linux. */
export function threadCpuNs({ pid, tid }: Thread): number {
  return parseSchedstat(readFileSync(`/proc/${String(pid)}/task/${String(tid)}/schedstat`, 'utf8'));
}

/**
 * CPU time (ns) the live threads of process `pid` have run so far, summed. A thread that ends
 * between two readings takes its time with it, so a difference of two readings can fall short;
 * a thread that ends while being read is skipped.
 */
export function processThreadsCpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${String(pid)}/task`)) {
    try {
      total += threadCpuNs({ pid, tid: Number(tid) });
    } catch {
      // The thread ended after the listing.
    }
  }
  return total;
}

/** Whether this system gives per-thread CPU time through `/proc` (Linux with schedstat). */
export function hasThreadCpu(): boolean {
  try {
    threadCpuNs({ pid: process.pid, tid: process.pid });
    return true;
  } catch {
    return false;
  }
}
