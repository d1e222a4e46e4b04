/**
 * `memoryExporter`: keeps what it receives, for tests and for apps that want the data
 * in-process (to render it, or to ship it their own way).
 */
import type { ExportItem, Exporter } from './exporter.js';
import { validateName } from './validate.js';
import { numberOption, optionsObject, rejectUnknown } from '../validate.js';

const WHERE = 'memoryExporter';

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
export function memoryExporter(input?: MemoryExporterOptions): MemoryExporter {
  const options = optionsObject(WHERE, input) as MemoryExporterOptions;
  rejectUnknown(WHERE, options, ['maxItems', 'name']);
  const maxItems = numberOption(WHERE, 'maxItems', options.maxItems, 10_000, {
    min: 1,
    integer: true,
    expected: 'a positive integer',
  });
  const name = validateName(WHERE, options.name ?? 'memory');
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
