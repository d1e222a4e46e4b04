/**
 * perfwarden: watches the rendering performance of visualization apps and says when it
 * got slower. This root entry is side-effect free: nothing runs until you call into it.
 *
 * @packageDocumentation
 */
export * from './stats/index.js';
export { createAnalyzer } from './analysis/analysis.js';
export type {
  Analyzer,
  AnalyzerEventMap,
  AnalyzerOptions,
  AnalyzerSnapshot,
  DetectorOptions,
} from './analysis/analysis.js';
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
export type { ClosedWindow } from './analysis/windows.js';
export { createErrorReporter } from './errors.js';
export type { ErrorHandler, ReportError } from './errors.js';
export type * from './types.js';
export { createPipeline } from './export/pipeline.js';
export type { Pipeline, PipelineOptions } from './export/pipeline.js';
export type {
  Counter,
  ExportContext,
  Exporter,
  ExportItem,
  ExportItemKind,
  ExportResult,
  KeepaliveBudget,
} from './export/exporter.js';
export { exportEvents } from './export/connect.js';
export type { EventSource } from './export/connect.js';
export { consoleExporter } from './export/console-exporter.js';
export type { ConsoleExporterOptions, ConsoleLike } from './export/console-exporter.js';
export { memoryExporter } from './export/memory-exporter.js';
export type { MemoryExporter, MemoryExporterOptions } from './export/memory-exporter.js';
export { httpExporter, HTTP_FORMAT_VERSION } from './export/http-exporter.js';
export type { HttpExporterOptions, HttpPayload } from './export/http-exporter.js';
export type { Compression } from './export/http-transport.js';
export { indexedDBStore } from './export/indexeddb-store.js';
export type { IndexedDBStoreOptions } from './export/indexeddb-store.js';
export type { PersistedSnapshot, PersistStore } from './export/persistence.js';
export { stripUrlQueries } from './export/scrub.js';
export { createMonitor } from './monitor/create-monitor.js';
export type { GateEvent, Monitor, MonitorEventMap } from './monitor/create-monitor.js';
export type { MonitorOptions, SourceOptions } from './monitor/options.js';
export type { ShedEvent, ShedStep } from './monitor/shedding.js';
export type { VitalName, VitalReport } from './sources/vitals.js';
