/**
 * `memoryExporter`: keeps what it receives, for tests and for apps that want the data
 * in-process (to render it, or to ship it their own way).
 */
import type { ExportItem, Exporter } from './exporter.js';
import { validateName } from './validate.js';

export interface MemoryExporterOptions {
  /** Most items kept; beyond it the oldest are forgotten. Default 10 000. */
  maxItems?: number;
  /** Name in the pipeline. Default `memory`. */
  name?: string;
}

/** An exporter that stores its items. */
export interface MemoryExporter extends Exporter {
  /** Items received so far, oldest first. */
  readonly items: readonly ExportItem[];
  /** Number of export calls received. */
  readonly batches: number;
  /** Forgets every item. */
  clear(): void;
}

/** Creates an in-memory exporter. */
/* @__NO_SIDE_EFFECTS__ */
export function memoryExporter(options: MemoryExporterOptions = {}): MemoryExporter {
  const { maxItems = 10_000 } = options;
  if (!(Number.isInteger(maxItems) && maxItems > 0)) {
    throw new TypeError(`memoryExporter: option "maxItems" must be a positive integer`);
  }
  const name = validateName('memoryExporter', options.name ?? 'memory');
  let items: ExportItem[] = [];
  let batches = 0;
  return {
    name,
    export(batch) {
      batches++;
      items.push(...batch);
      if (items.length > maxItems) items = items.slice(items.length - maxItems);
      return Promise.resolve({ code: 'ok' });
    },
    get items() {
      return items;
    },
    get batches() {
      return batches;
    },
    clear() {
      items = [];
    },
  };
}
