/**
 * Brings the monitor's analysis in: the deferred code (the analysis and the delivery, see
 * src/deferred/) loads in idle time after the first start; until it arrives, frames wait in
 * their ring and samples in the late analysis.
 */
import type { AnalysisConfig } from '../analysis/analysis.js';
import { loadDeferred, loadedDeferred } from '../deferred/load.js';
import type { DeferredModule } from '../deferred/load.js';
import type { ReportError } from '../errors.js';
import type { Guard } from '../guard.js';
import { whenIdle } from '../page/idle.js';
import type { FrameSampling } from './frame-sampling.js';
import type { LateAnalysis } from './late-analysis.js';

/** The longest the deferred code waits for idle time after the first start (ms). */
const LOAD_TIMEOUT_MS = 1000;

/** What the loader attaches the deferred code to. */
export interface DeferredAnalysisTarget {
  analyzer: LateAnalysis;
  /** The analysis the monitor asks for. */
  config: AnalysisConfig;
  /** The frame sampling running now, if any (it analyses its ring once the code is there). */
  frames: () => FrameSampling | undefined;
  guard: Guard;
  report: ReportError;
}

/**
 * Returns the function that loads the analysis for `target`: at once when the deferred code
 * is already there (another monitor, or a restart), else in idle time; calling it again while
 * it loads or once it is attached does nothing.
 */
export function deferredAnalysisLoader(target: DeferredAnalysisTarget): () => void {
  const { analyzer, guard, report } = target;
  let requested = false;
  const attach = guard('monitor.load', (deferred: DeferredModule) => {
    if (analyzer.ready) return;
    analyzer.attach(deferred.createAnalysis(target.config));
    target.frames()?.analyseWith(deferred.FrameAnalysis);
  });
  return () => {
    if (analyzer.ready || requested) return;
    const loaded = loadedDeferred();
    if (loaded) {
      attach(loaded);
      return;
    }
    requested = true;
    whenIdle(() => {
      loadDeferred().then(attach, (error: unknown) => {
        report('monitor.load', error);
      });
    }, LOAD_TIMEOUT_MS);
  };
}
