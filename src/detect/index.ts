/**
 * perfwarden/detect: the regression detector and what goes with it — `createDetector` for a
 * monitor, `createAnalyzer` for code that measures by other means, versioned baselines and
 * their storage, and the statistics toolkit (log histogram, online moments, robust scale, the
 * normal-mixture boundary of the sequential tests). Side-effect free.
 *
 * @packageDocumentation
 */
export { createDetector } from './create-detector.js';
export type { DetectorOptions } from './create-detector.js';
export { createAnalyzer } from './create-analyzer.js';
export type { AnalyzerOptions } from './create-analyzer.js';
export type { Analyzer, AnalyzerEventMap, AnalyzerSnapshot } from '../analysis/analysis.js';
export type { Detector, DetectorEvents, MetricVerdict } from '../analysis/detector.js';
export {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  mergeBaselines,
  parseBaseline,
  validateBaseline,
} from '../baseline/baseline.js';
export type { Baseline, BaselineEntry, BaselineValidation } from '../baseline/baseline.js';
export { loadBaseline, removeBaseline, saveBaseline } from '../baseline/browser-storage.js';
export type { BaselineStorageOptions } from '../baseline/browser-storage.js';
export { mixtureBoundary, mixtureRho } from './mixture.js';
export * from '../stats/index.js';
