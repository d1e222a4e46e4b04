/**
 * The delivery pipeline's options: defaults and validation. `createPipeline` validates them as
 * `createPipeline`; `createMonitor` validates the same settings under its `export` option as
 * `createMonitor` with the prefix `export.`, so that each error names what the caller wrote.
 */
import type { ErrorHandler } from '../errors.js';
import { delayOption, invalidOption, numberOption, preview, rejectUnknown } from '../validate.js';
import type { NumberRule } from '../validate.js';
import type { ExportItem, Exporter } from './exporter.js';
import { DEFAULT_KEEPALIVE_BYTES } from './keepalive-budget.js';
import type { PersistStore } from './persistence.js';

export interface PipelineOptions {
  /** Where items go; each needs a distinct `name`. */
  exporters: readonly Exporter[];
  /**
   * Span of an export window (ms, at most 2³¹−1): the windows of each metric and context are
   * merged into one window per `windowMs` on a grid before they are queued (see
   * docs/exporters.md). Events and counters are never held. `1000` sends every 1 s analysis
   * window as it is. Default 60 000 (OpenTelemetry's default metric export interval).
   */
  windowMs?: number;
  /** Most items per export call (drop counters ride along). Default 50. */
  maxBatchItems?: number;
  /** Most estimated bytes (JSON characters) per export call. Default 16 000. */
  maxBatchBytes?: number;
  /** Longest an item waits for its batch to fill (ms, at most 2³¹−1). Default 5000. */
  batchDelayMs?: number;
  /** Most items waiting per exporter; beyond it the oldest are dropped and counted. Default 1000. */
  maxQueueItems?: number;
  /**
   * An export that has not settled by then is aborted and retried (ms, at most 2³¹−1); after a
   * timeout the lane waits up to four times as long, and an item whose export timed out three
   * times is dropped and counted. Default 10 000.
   */
  exportTimeoutMs?: number;
  /** Most export calls in flight per exporter. Default 2. */
  maxConcurrentExports?: number;
  /** Backoff ceiling after the first failure; doubles per failure, with jitter (ms, at most 2³¹−1). Default 1000. */
  retryDelayMs?: number;
  /** Largest backoff, also caps a server's `Retry-After` (ms, at most 2³¹−1). Default 60 000. */
  maxRetryDelayMs?: number;
  /** Bytes of keepalive bodies in flight, shared by all exporters. Default 60 000. */
  keepaliveBytes?: number;
  /**
   * Keeps what could not be sent when the page went away, for the next load: a store such as
   * `indexedDBStore()` (the store it returns, not the function).
   */
  persist?: PersistStore;
  /**
   * Sees every item (after URL scrubbing) before it is queued: return it, a changed copy, or
   * `null` to drop it. A throwing hook drops the item and reports the error.
   */
  beforeSend?: (item: ExportItem) => ExportItem | null;
  /** Strip query strings and fragments from URLs in items (default true). */
  scrubUrls?: boolean;
  /** Receives internal errors (failed exports, retries, storage errors), deduplicated. */
  onError?: ErrorHandler;
}

/** The pipeline settings `createMonitor` takes under its `export` option. */
export type ExportSettings = Omit<PipelineOptions, 'exporters' | 'onError'>;

/** Options with their defaults applied, as the pipeline and its lanes use them. */
export interface PipelineSettings extends Record<NumericOption, number> {
  persist: PersistStore | undefined;
  beforeSend: ((item: ExportItem) => ExportItem | null) | undefined;
  scrubUrls: boolean;
}

/** The default span of an export window (ms): OpenTelemetry's default metric export interval. */
export const DEFAULT_EXPORT_WINDOW_MS = 60_000;

export const PIPELINE_DEFAULTS = {
  maxBatchItems: 50,
  maxBatchBytes: 16_000,
  batchDelayMs: 5000,
  maxQueueItems: 1000,
  exportTimeoutMs: 10_000,
  maxConcurrentExports: 2,
  retryDelayMs: 1000,
  maxRetryDelayMs: 60_000,
  keepaliveBytes: DEFAULT_KEEPALIVE_BYTES,
  windowMs: DEFAULT_EXPORT_WINDOW_MS,
} as const;

type NumericOption = keyof typeof PIPELINE_DEFAULTS;

const POSITIVE_INTEGER: NumberRule = { above: 0, integer: true, expected: 'a positive integer' };

/** The options that set timer delays: beyond 2³¹−1 ms a timer would fire at once. */
const DELAY_OPTIONS: ReadonlySet<string> = new Set<NumericOption>([
  'batchDelayMs',
  'exportTimeoutMs',
  'retryDelayMs',
  'maxRetryDelayMs',
  'windowMs',
]);

/**
 * Every key of {@link ExportSettings}, for the unknown-option check (a function: computed at
 * import, the list would keep this module in bundles that never validate).
 */
export function exportSettingNames(): (keyof ExportSettings)[] {
  return [
    ...(Object.keys(PIPELINE_DEFAULTS) as NumericOption[]),
    'persist',
    'beforeSend',
    'scrubUrls',
  ];
}

/**
 * Validates the settings of {@link ExportSettings} found in `options` (other keys are the
 * caller's to check) and applies the defaults. Errors name `owner` and `prefix + option`.
 */
export function resolveExportSettings(
  options: Readonly<Record<string, unknown>>,
  owner: string,
  prefix: string,
): PipelineSettings {
  const numbers = { ...PIPELINE_DEFAULTS } as Record<NumericOption, number>;
  for (const key of Object.keys(PIPELINE_DEFAULTS) as NumericOption[]) {
    const name = prefix + key;
    numbers[key] = DELAY_OPTIONS.has(key)
      ? delayOption(owner, name, options[key], numbers[key])
      : numberOption(owner, name, options[key], numbers[key], POSITIVE_INTEGER);
  }
  const beforeSend = options['beforeSend'];
  if (beforeSend !== undefined && typeof beforeSend !== 'function') {
    invalidOption(owner, `${prefix}beforeSend`, 'a function', beforeSend);
  }
  const scrubUrls = options['scrubUrls'] ?? true;
  if (typeof scrubUrls !== 'boolean') {
    invalidOption(owner, `${prefix}scrubUrls`, 'a boolean', scrubUrls);
  }
  return {
    ...numbers,
    persist: resolvePersist(options['persist'], owner, `${prefix}persist`),
    beforeSend: beforeSend as PipelineSettings['beforeSend'],
    scrubUrls,
  };
}

function resolvePersist(value: unknown, owner: string, option: string): PersistStore | undefined {
  if (value === undefined) return undefined;
  const expected = 'a store (an object with maxBytes, save, remove and takeAll)';
  if (typeof value === 'function') {
    invalidOption(owner, option, expected, value, 'did you mean indexedDBStore()?');
  }
  if (typeof value !== 'object' || value === null) invalidOption(owner, option, expected, value);
  const store: Partial<Record<keyof PersistStore, unknown>> = value;
  if (
    typeof store.save !== 'function' ||
    typeof store.remove !== 'function' ||
    typeof store.takeAll !== 'function' ||
    typeof store.maxBytes !== 'number' ||
    !(store.maxBytes > 0)
  ) {
    invalidOption(owner, option, expected, value);
  }
  return value as PersistStore;
}

/**
 * Checks `exporters` (an array of objects with a `name` and an `export` function, names
 * distinct); errors name `owner` and `option`, and `option[i]` for a wrong element.
 */
export function validateExporters(
  exporters: unknown,
  owner: string,
  option: string,
): readonly Exporter[] {
  if (!Array.isArray(exporters)) invalidOption(owner, option, 'an array of exporters', exporters);
  const names = new Set<string>();
  exporters.forEach((exporter: unknown, index) => {
    const candidate = exporter as Partial<Exporter> | null;
    if (typeof candidate?.name !== 'string' || typeof candidate.export !== 'function') {
      invalidOption(
        owner,
        `${option}[${String(index)}]`,
        'an exporter ({ name, export(batch) })',
        exporter,
      );
    }
    if (names.has(candidate.name)) {
      throw new TypeError(
        `${owner}: option "${option}" has two exporters named "${candidate.name}": give each a distinct name`,
      );
    }
    names.add(candidate.name);
  });
  return exporters as readonly Exporter[];
}

/** `createPipeline`'s options, validated (a `TypeError` names a wrong or unknown one). */
export function resolvePipelineOptions(
  options: unknown,
): PipelineSettings & { exporters: readonly Exporter[]; onError: ErrorHandler | undefined } {
  const owner = 'createPipeline';
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `${owner}: options must be an object with "exporters", got ${preview(options)}`,
    );
  }
  const record = options as Record<string, unknown>;
  rejectUnknown(owner, record, [...exportSettingNames(), 'exporters', 'onError'], '');
  const exporters = validateExporters(record['exporters'], owner, 'exporters');
  const onError = record['onError'];
  if (onError !== undefined && typeof onError !== 'function') {
    invalidOption(owner, 'onError', 'a function', onError);
  }
  return {
    ...resolveExportSettings(record, owner, ''),
    exporters,
    onError: onError as ErrorHandler | undefined,
  };
}
