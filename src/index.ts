/**
 * perfwarden: watches the rendering performance of visualization apps and says when it got
 * slower. This root entry is the light collector: the monitor, its sources, the delivery
 * pipeline and the exporters. The regression detector and the statistics toolkit are behind
 * `perfwarden/detect`, so a monitor without them does not carry their bytes. Side-effect free:
 * nothing runs until you call into it.
 *
 * @packageDocumentation
 */
export { createMonitor } from './monitor/create-monitor.js';
export type { GateEvent, Monitor, MonitorEventMap } from './monitor/monitor.js';
export type { MonitorOptions, SourceOptions } from './monitor/options.js';
export type { FrameSamplingMode } from './monitor/duty-cycle.js';
export type { ShedEvent, ShedStep } from './monitor/shedding.js';
export type { VitalName, VitalReport } from './sources/vitals.js';
export type { Analyzer, AnalyzerEventMap, AnalyzerSnapshot } from './analysis/analysis.js';
export type { Detector, DetectorEvents, MetricVerdict } from './analysis/detector.js';
export type { ClosedWindow } from './analysis/windows.js';
export type { SerializedHistogram } from './stats/histogram.js';
export type { Baseline, BaselineEntry } from './baseline/baseline.js';
export type { ErrorHandler } from './errors.js';
export type * from './types.js';
export type {
  Counter,
  ExportContext,
  Exporter,
  ExportItem,
  ExportItemKind,
  ExportResult,
  KeepaliveBudget,
} from './export/exporter.js';
export type { ExportSettings } from './export/pipeline-options.js';
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
