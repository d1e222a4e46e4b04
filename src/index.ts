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
export { createMonitor } from './monitor.js';
export type { Monitor, MonitorEventMap } from './monitor.js';
export type { MonitorOptions, SourceOptions } from './options.js';
export type { ShedEvent, ShedStep } from './shedding.js';
export type { VitalName, VitalReport } from './sources/vitals.js';
