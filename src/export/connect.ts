/**
 * Feeds an analyzer's (or a monitor's) events into a pipeline: window summaries, regressions
 * and recoveries become export items. The monitor wires itself this way.
 */
import type { AnalyzerEventMap } from '../analysis/analysis.js';
import type { Stop } from '../types.js';
import type { Pipeline } from './pipeline.js';

/** Anything with the analyzer's `on('window' | 'regression' | 'recovery', …)`. */
export interface EventSource {
  on<E extends keyof AnalyzerEventMap>(
    event: E,
    listener: (payload: AnalyzerEventMap[E]) => void,
  ): () => void;
}

/** Subscribes `pipeline` to `source`'s events; returns the function that unsubscribes. */
export function exportEvents(source: EventSource, pipeline: Pick<Pipeline, 'push'>): Stop {
  const subscriptions = [
    source.on('window', (window) => {
      pipeline.push({ kind: 'window', window });
    }),
    source.on('regression', (regression) => {
      pipeline.push({ kind: 'regression', regression });
    }),
    source.on('recovery', (recovery) => {
      pipeline.push({ kind: 'recovery', recovery });
    }),
  ];
  return () => {
    for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
  };
}
