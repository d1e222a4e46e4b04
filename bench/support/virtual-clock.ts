/**
 * A virtual clock for benchmarks that simulate minutes of a page in a moment: it stands in for
 * `setTimeout`, `clearTimeout`, `setInterval`, `clearInterval`, `Date.now` and
 * `performance.now`, and runs the timers that fall due, in order, as the benchmark advances
 * it. Promises, streams (gzip) and I/O still run for real: after each timer the clock lets the
 * event loop settle before it moves on.
 */

interface VirtualTimer {
  at: number;
  /** Order of creation: timers due at the same time run in that order. */
  seq: number;
  run: () => void;
  /** Repeat interval for `setInterval`. */
  every: number | undefined;
}

export interface VirtualClock {
  /** The current virtual time (epoch ms). */
  now(): number;
  /** Runs every timer due up to `time`, in order, and sets the clock to `time`. */
  advanceTo(time: number): Promise<void>;
  /** Puts the real timers and clocks back. */
  restore(): void;
}

/** Lets promises, streams and I/O callbacks that are already under way finish. */
async function settle(realSetTimeout: typeof setTimeout): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }
}

/** Installs the virtual clock at `start` (epoch ms) until `restore()`. */
export function installVirtualClock(start: number): VirtualClock {
  const real = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    dateNow: Date.now,
    performanceNow: Object.getOwnPropertyDescriptor(performance, 'now'),
  };
  let current = start;
  let seq = 0;
  const timers = new Map<number, VirtualTimer>();
  const schedule = (run: () => void, ms: number | undefined, every?: number): number => {
    const id = ++seq;
    timers.set(id, { at: current + Math.max(0, ms ?? 0), seq: id, run, every });
    return id;
  };
  const cancel = (id: unknown): void => {
    if (typeof id === 'number') timers.delete(id);
  };
  const fakeSetTimeout = (callback: () => void, ms?: number): number => schedule(callback, ms);
  const fakeSetInterval = (callback: () => void, ms?: number): number =>
    schedule(callback, ms, Math.max(1, ms ?? 0));
  Object.assign(globalThis, {
    setTimeout: fakeSetTimeout,
    clearTimeout: cancel,
    setInterval: fakeSetInterval,
    clearInterval: cancel,
  });
  Date.now = () => Math.floor(current);
  const origin = performance.timeOrigin;
  Object.defineProperty(performance, 'now', {
    configurable: true,
    value: () => current - origin,
  });

  const nextDue = (time: number): [number, VirtualTimer] | undefined => {
    let next: [number, VirtualTimer] | undefined;
    for (const entry of timers) {
      const timer = entry[1];
      if (timer.at > time) continue;
      if (!next || timer.at < next[1].at || (timer.at === next[1].at && timer.seq < next[1].seq)) {
        next = entry;
      }
    }
    return next;
  };

  return {
    now: () => current,
    async advanceTo(time) {
      for (let due = nextDue(time); due; due = nextDue(time)) {
        const [id, timer] = due;
        current = Math.max(current, timer.at);
        if (timer.every === undefined) timers.delete(id);
        else timer.at += timer.every;
        timer.run();
        await settle(real.setTimeout);
      }
      current = Math.max(current, time);
      await settle(real.setTimeout);
    },
    restore() {
      Object.assign(globalThis, {
        setTimeout: real.setTimeout,
        clearTimeout: real.clearTimeout,
        setInterval: real.setInterval,
        clearInterval: real.clearInterval,
      });
      Date.now = real.dateNow;
      if (real.performanceNow) Object.defineProperty(performance, 'now', real.performanceNow);
      else delete (performance as { now?: unknown }).now;
    },
  };
}
