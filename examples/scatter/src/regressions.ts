/**
 * Regressions the example can inject on purpose, so that detection can be shown and tested:
 * extra CPU work per frame, extra GPU work per pixel (see scene.shaderWork), periodic long
 * tasks, and a memory leak.
 */

/** What is injected right now. All zero means the app runs as written. */
export interface Injected {
  /** Extra main-thread milliseconds per frame. */
  cpuMs: number;
  /** Extra fragment-shader iterations per pixel. */
  gpuWork: number;
  /** A task of this many ms every two seconds (0 = none). */
  longTaskMs: number;
  /** Kilobytes retained forever per frame (0 = none). */
  leakKbPerFrame: number;
}

export const NOTHING_INJECTED: Injected = {
  cpuMs: 0,
  gpuWork: 0,
  longTaskMs: 0,
  leakKbPerFrame: 0,
};

/** Reads injections from URL parameters: `?cpu=4&gpu=40&longtask=120&leak=64`. */
export function injectedFromUrl(search: string): Injected {
  const params = new URLSearchParams(search);
  const number = (name: string): number => {
    const value = Number(params.get(name) ?? 0);
    return Number.isFinite(value) && value > 0 ? value : 0;
  };
  return {
    cpuMs: number('cpu'),
    gpuWork: Math.round(number('gpu')),
    longTaskMs: number('longtask'),
    leakKbPerFrame: number('leak'),
  };
}

/** Spins the main thread for `ms` milliseconds (what a slower algorithm would cost). */
export function burnCpu(ms: number): void {
  if (ms <= 0) return;
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  if (x < 0) console.log(x); // keeps the loop from being optimised away
}

const leaked: Float64Array[] = [];

/** Retains `kb` kilobytes forever (a leak, on purpose). */
export function leak(kb: number): void {
  if (kb > 0) leaked.push(new Float64Array((kb * 1024) / 8).fill(leaked.length));
}

/** Starts periodic long tasks of `ms` every two seconds; returns the stop function. */
export function startLongTasks(getMs: () => number): () => void {
  const timer = setInterval(() => {
    burnCpu(getMs());
  }, 2000);
  return () => {
    clearInterval(timer);
  };
}
