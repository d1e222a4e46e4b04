/**
 * perfwarden/otlp: an exporter that speaks OTLP/HTTP with JSON encoding, so that windows,
 * counters and regression events reach an OpenTelemetry Collector or any OTLP backend. Use it
 * with the pipeline from the root entry:
 *
 * ```ts
 * import { createPipeline } from 'perfwarden';
 * import { otlpExporter } from 'perfwarden/otlp';
 * const pipeline = createPipeline({ exporters: [otlpExporter({ url: 'https://otel.example.com:4318' })] });
 * ```
 *
 * @packageDocumentation
 */
export { otlpExporter } from './otlp-exporter.js';
export type { OtlpExporterOptions } from './otlp-exporter.js';
export { encodeMetrics, otlpMetricName } from './metrics.js';
export { encodeLogs } from './logs.js';
export { buildResource } from './resource.js';
export type * from './json.js';
