/**
 * `createAnalyzer`: an analysis with a regression detector, for code that measures by other
 * means than the monitor's sources (a worker, Node, the CLI, tests): samples in, windows,
 * verdicts and regression events out.
 */
import { createAnalysis } from '../analysis/analysis.js';
import { resolveWindowOptions } from '../analysis/window-options.js';
import type { Analyzer } from '../analysis/analysis.js';
import type { ErrorHandler } from '../errors.js';
import { functionOption, optionsObject, rejectUnknown } from '../validate.js';
import type { Baseline } from '../baseline/baseline.js';
import { createDetector, resolveDetectorOptions } from './create-detector.js';
import type { DetectorOptions } from './create-detector.js';

export interface AnalyzerOptions {
  /** Window span in ms; also the detector's block. Default 1000. */
  window?: number;
  /** Most (metric, context) series tracked at once. Default 512. */
  maxSeries?: number;
  /** Receives internal errors (a throwing listener, for instance). */
  onError?: ErrorHandler;
  /** Detector options, or `false` for windows only. */
  detector?: Omit<DetectorOptions, 'baseline' | 'onError'> | false;
  /**
   * A stored reference (object or JSON text, validated here): metrics it has are compared with
   * it, after a short check of their spread, with `baselineMargin`.
   */
  baseline?: Baseline | string;
}

const WHERE = 'createAnalyzer';

/**
 * Creates an analyzer. Options are validated here (a `TypeError` names a wrong one); nothing
 * runs until samples arrive.
 *
 * @example
 * ```ts
 * import { createAnalyzer } from 'perfwarden/detect';
 * const analyzer = createAnalyzer({ detector: { warmup: 20 } });
 * analyzer.on('regression', (r) => console.log(r.metric, r.delta));
 * analyzer.add('cpu', 8.2, Date.now());
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function createAnalyzer(input?: AnalyzerOptions): Analyzer {
  const options = optionsObject(WHERE, input) as AnalyzerOptions;
  rejectUnknown(WHERE, options, ['window', 'maxSeries', 'onError', 'detector', 'baseline']);
  const { window, maxSeries } = resolveWindowOptions(WHERE, options.window, options.maxSeries);
  const onError = functionOption(WHERE, 'onError', options.onError) as ErrorHandler | undefined;
  let detector;
  if (options.detector !== false) {
    const detectorOptions = optionsObject(WHERE, options.detector, 'detector');
    // Checked under this function's name and option paths, then made with the same values.
    resolveDetectorOptions(detectorOptions, WHERE, 'detector.');
    const { baseline } = resolveDetectorOptions({ baseline: options.baseline }, WHERE);
    detector = createDetector({
      ...detectorOptions,
      ...(baseline === undefined ? {} : { baseline }),
      ...(onError === undefined ? {} : { onError }),
    });
  }
  detector?.bind(window, WHERE);
  return createAnalysis({ window, maxSeries, detector, onError });
}
