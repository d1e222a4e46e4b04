/**
 * Feeds an analyzer's (or a monitor's) events into a pipeline: window summaries, regressions
 * and recoveries become export items. The monitor wires itself this way.
 */
import type { ClosedWindow } from '../analysis/windows.js';
import type { Recovery, Regression, Stop } from '../types.js';
import type { Pipeline } from './pipeline.js';

/** The events whose payloads become export items (a subset of the analyzer's and the monitor's). */
export interface ExportedEventMap {
  window: ClosedWindow;
  regression: Regression;
  recovery: Recovery;
}

/** Anything with `on('window' | 'regression' | 'recovery', …)`: an analyzer or a monitor. */
export interface ExportedEventEmitter {
  on<E extends keyof ExportedEventMap>(
    event: E,
    listener: (payload: ExportedEventMap[E]) => void,
  ): () => void;
}

/** Subscribes `pipeline` to `emitter`'s events; returns the function that unsubscribes. */
export function exportEvents(
  emitter: ExportedEventEmitter,
  pipeline: Pick<Pipeline, 'push'>,
): Stop {
  const subscriptions = [
    emitter.on('window', (window) => {
      pipeline.push({ kind: 'window', window });
    }),
    emitter.on('regression', (regression) => {
      pipeline.push({ kind: 'regression', regression });
    }),
    emitter.on('recovery', (recovery) => {
      pipeline.push({ kind: 'recovery', recovery });
    }),
  ];
  return () => {
    for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
  };
}
