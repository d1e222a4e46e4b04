/**
 * A noisy neighbour for tests and benchmarks: busy-loop processes that share the machine's
 * cores with the browser. Each ends by itself after `boundMs` at the latest, so that a test
 * that dies cannot leave the machine loaded.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';

/** Busy loops running; `stop()` ends them. */
export interface BusyNeighbour {
  stop(): void;
}

/** Starts `processes` busy loops (default: one per core). */
export function startBusyNeighbour(
  boundMs: number,
  processes: number = cpus().length,
): BusyNeighbour {
  const children = Array.from({ length: processes }, () =>
    spawn(
      process.execPath,
      [
        '-e',
        `const end = Date.now() + ${String(boundMs)}; let x = 0; while (Date.now() < end) x++;`,
      ],
      { stdio: 'ignore' },
    ),
  );
  return {
    stop: () => {
      for (const child of children) child.kill();
    },
  };
}
