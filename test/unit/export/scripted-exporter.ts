/** A test exporter whose results a test scripts, and which records every call. */
import type {
  ExportContext,
  ExportItem,
  ExportResult,
  Exporter,
} from '../../../src/export/exporter.js';

export interface ScriptedExporter extends Exporter {
  readonly calls: { batch: ExportItem[]; context: ExportContext }[];
  /** Items of every call, flattened, without counters. */
  readonly delivered: ExportItem[];
}

/**
 * `respond(call)` gives the result of the n-th call (1-based); return a promise that never
 * settles to simulate a hung endpoint.
 */
export function scriptedExporter(
  name: string,
  respond: (
    call: number,
    batch: readonly ExportItem[],
    context: ExportContext,
  ) => ExportResult | Promise<ExportResult> = () => ({ code: 'ok' }),
): ScriptedExporter {
  const calls: ScriptedExporter['calls'] = [];
  const delivered: ExportItem[] = [];
  return {
    name,
    calls,
    delivered,
    export(batch, context) {
      calls.push({ batch: [...batch], context });
      const result = Promise.resolve(respond(calls.length, batch, context));
      result.then(
        (settled) => {
          if (settled.code === 'ok') {
            delivered.push(...batch.filter((item) => item.kind !== 'counter'));
          }
        },
        () => undefined,
      );
      return result;
    },
  };
}

/** Never settles: a request that hangs. */
export function hang(): Promise<ExportResult> {
  return new Promise<ExportResult>(() => undefined);
}

/** The counter items of a batch. */
export function countersIn(batch: readonly ExportItem[]): { value: number; reason: string }[] {
  return batch.flatMap((item) =>
    item.kind === 'counter'
      ? [{ value: item.counter.value, reason: item.counter.attributes['reason'] ?? '' }]
      : [],
  );
}

/** The window start times of a batch (the tests number windows by their start). */
export function startsIn(batch: readonly ExportItem[]): number[] {
  return batch.flatMap((item) => (item.kind === 'window' ? [item.window.start] : []));
}
