/**
 * What the overhead benchmark reads from Chromium traces: which thread is each page's main
 * thread, and how much JavaScript heap each page allocates. Tracing is browser-wide, so one
 * trace covers every page of a session at once.
 */
import type { Thread } from '../../src/cli/thread-cpu.js';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  args?: { data?: { jsHeapSizeUsed?: number } };
}

/** The `performance.mark` name a page leaves so that its main thread can be found. */
export const markFor = (label: string): string => `overhead-bench:${label}`;

/**
 * Each label's main thread: the thread that recorded the label's mark (`markFor`) and runs
 * animation frames. Throws when a label has no such thread, or when two labels share a
 * process: the benchmark reads each page's main thread alone, so each page needs its own
 * renderer process.
 */
export function mainThreads(
  events: readonly TraceEvent[],
  labels: readonly string[],
): Map<string, Thread> {
  const animating = new Set(
    events
      .filter((event) => event.name === 'AnimationFrame' && event.ph === 'b')
      .map((event) => `${String(event.pid)}/${String(event.tid)}`),
  );
  const threads = new Map<string, Thread>();
  const owners = new Map<number, string>();
  for (const label of labels) {
    const mark = events.find((event) => event.name === markFor(label));
    if (!mark) throw new Error(`no mark from the page of ${label} in the trace`);
    if (!animating.has(`${String(mark.pid)}/${String(mark.tid)}`)) {
      throw new Error(`the thread that marked ${label} ran no animation frame during the trace`);
    }
    const owner = owners.get(mark.pid);
    if (owner !== undefined) {
      throw new Error(`${owner} and ${label} share renderer process ${String(mark.pid)}`);
    }
    owners.set(mark.pid, label);
    threads.set(label, { pid: mark.pid, tid: mark.tid });
  }
  return threads;
}

/**
 * JavaScript heap a renderer process allocated during the trace (bytes): the sum of the
 * increases of its JS heap between consecutive counter events (a collection shows as a drop).
 */
export function allocatedBytes(events: readonly TraceEvent[], pid: number): number {
  let allocated = 0;
  let previous: number | undefined;
  for (const event of events) {
    const used = event.name === 'UpdateCounters' ? event.args?.data?.jsHeapSizeUsed : undefined;
    if (used === undefined || event.pid !== pid) continue;
    if (previous !== undefined && used > previous) allocated += used - previous;
    previous = used;
  }
  return allocated;
}
