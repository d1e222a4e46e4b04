/**
 * perfwarden: watches the rendering performance of visualization apps and says when it
 * got slower. This root entry is side-effect free: nothing runs until you call into it.
 *
 * @packageDocumentation
 */
export * from './stats/index.js';
export { createAnalyzer } from './analyzer.js';
export type { Analyzer, AnalyzerEventMap, AnalyzerOptions } from './analyzer.js';
export type { ClosedWindow } from './windows.js';
export { createErrorReporter } from './errors.js';
export type { ErrorHandler, ReportError } from './errors.js';
export type * from './types.js';
