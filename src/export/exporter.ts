/**
 * The exporter contract (modelled on OpenTelemetry's `PushMetricExporter`): an exporter
 * translates a batch and sends it, nothing more. It does not throw, does not queue, does not
 * retry and does not schedule: the pipeline (`createPipeline`) owns batching, the bounded
 * queue, timeouts, retry with backoff and the final flush when the page goes away.
 */
import type { Recovery, Regression } from '../types.js';
import type { ClosedWindow } from '../analysis/windows.js';

/**
 * A cumulative count since `start`, e.g. items the pipeline had to drop. Cumulative, so that a
 * lost counter item costs nothing: the next one carries the total.
 */
export interface Counter {
  /** Dotted name, e.g. `perfwarden.export.dropped`. */
  name: string;
  /** Total since `start` (a non-negative integer). */
  value: number;
  /** When counting began and when `value` was read (ms, like window times). */
  start: number;
  time: number;
  /** What is counted, e.g. `{ exporter: 'otlp', reason: 'overflow' }`. */
  attributes: Readonly<Record<string, string>>;
}

/** One thing to export, tagged by `kind`. */
export type ExportItem =
  | { kind: 'window'; window: ClosedWindow }
  | { kind: 'regression'; regression: Regression }
  | { kind: 'recovery'; recovery: Recovery }
  | { kind: 'counter'; counter: Counter };

/** The kinds of {@link ExportItem}. */
export type ExportItemKind = ExportItem['kind'];

/**
 * What became of one export, as a tagged union:
 * - `ok`: delivered (or deliberately discarded by the exporter);
 * - `retry`: worth another attempt later (network error, timeout, HTTP 408/429/5xx);
 *   `retryAfterMs` is the server's `Retry-After`; `items`, when given, are the only items of
 *   the batch that still need sending (a batch split over several requests);
 * - `failed`: will never succeed (HTTP 400, an encoding error): the pipeline drops the batch
 *   and counts it.
 */
export type ExportResult =
  | { code: 'ok' }
  | {
      code: 'retry';
      reason: string;
      retryAfterMs?: number;
      items?: readonly ExportItem[];
    }
  | { code: 'failed'; reason: string };

/**
 * Bytes of request bodies that may be in flight with `fetch(..., { keepalive: true })` or
 * `sendBeacon`. Browsers refuse keepalive bodies beyond 64 KiB in flight per page; the pipeline
 * shares one budget among its exporters so that together they never exceed it.
 */
export interface KeepaliveBudget {
  /**
   * Reserves `bytes` for one request. Returns the function that gives them back (call it when
   * the request settles), or `undefined` when they do not fit.
   */
  claim(bytes: number): (() => void) | undefined;
}

/** What the pipeline tells an exporter about one export call. */
export interface ExportContext {
  /** Aborted when the export times out or the pipeline shuts down. */
  readonly signal: AbortSignal;
  /** Shared keepalive budget: claim from it to send with `keepalive`, so requests survive the page. */
  readonly keepalive: KeepaliveBudget;
  /**
   * True when the page is being hidden or unloaded. The exporter must then start its request
   * before its first `await` (the page may be gone after this task), without compression, with
   * `keepalive` (or `sendBeacon`) and only after `keepalive.claim()` granted the body's bytes.
   * When the claim is refused it sends nothing and resolves `retry`: the pipeline notices the
   * refusal, splits the batch and keeps what does not fit for later (or for persistence).
   */
  readonly final: boolean;
}

/** Sends batches somewhere. See the module comment for what an exporter must not do. */
export interface Exporter {
  /**
   * Unique within a pipeline; names its drop counters and its persisted batches, so keep it
   * stable across page loads.
   */
  readonly name: string;
  /** Translates and sends one batch. Must not throw: failures are results. */
  export(batch: readonly ExportItem[], context: ExportContext): Promise<ExportResult>;
  /** Releases what the exporter holds; the pipeline calls it once, after its last export. */
  shutdown?(): Promise<void>;
}
