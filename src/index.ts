/**
 * perfwarden: watches the rendering performance of visualization apps and says when it
 * got slower. This root entry is side-effect free: nothing runs until you call into it.
 *
 * @packageDocumentation
 */
export * from './stats/index.js';
export { createAnalyzer } from './analyzer.js';
export type {
  Analyzer,
  AnalyzerEventMap,
  AnalyzerOptions,
  AnalyzerSnapshot,
  DetectorOptions,
} from './analyzer.js';
export type { MetricVerdict } from './detect/detection.js';
export {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  mergeBaselines,
  parseBaseline,
  validateBaseline,
} from './detect/baseline.js';
export type { Baseline, BaselineEntry, BaselineValidation } from './detect/baseline.js';
export { loadBaseline, removeBaseline, saveBaseline } from './baseline-storage.js';
export type { BaselineStorageOptions } from './baseline-storage.js';
export { mixtureBoundary, mixtureRho } from './detect/mixture.js';
export type { ClosedWindow } from './windows.js';
export { createErrorReporter } from './errors.js';
export type { ErrorHandler, ReportError } from './errors.js';
export type * from './types.js';
