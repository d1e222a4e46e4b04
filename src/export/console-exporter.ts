/**
 * `consoleExporter`: prints each batch as one collapsed console group, for diagnosis: windows
 * as a table, regressions as warnings, recoveries and counters as lines.
 */
import type { ExportItem, Exporter } from './exporter.js';
import { describeContext, describeRecovery, describeRegression } from '../format.js';
import { validateName } from './validate.js';
import { invalidOption, missingMethod, optionsObject, rejectUnknown } from '../validate.js';

const CONSOLE_METHODS = ['groupCollapsed', 'groupEnd', 'table', 'warn', 'info'];

/** The console methods the exporter uses (inject one in tests). */
export type ConsoleLike = Pick<Console, 'groupCollapsed' | 'groupEnd' | 'table' | 'warn' | 'info'>;

export interface ConsoleExporterOptions {
  /** Where to print. Default the global `console`. */
  console?: ConsoleLike;
  /** Name in the pipeline. Default `console`. */
  name?: string;
}

/** Creates the console exporter. */
/* @__NO_SIDE_EFFECTS__ */
export function consoleExporter(input?: ConsoleExporterOptions): Exporter {
  const where = 'consoleExporter';
  const options = optionsObject(where, input) as ConsoleExporterOptions;
  rejectUnknown(where, options, ['console', 'name']);
  if (options.console !== undefined && missingMethod(options.console, CONSOLE_METHODS)) {
    invalidOption(
      where,
      'console',
      `an object with ${CONSOLE_METHODS.join(', ')}`,
      options.console,
    );
  }
  const name = validateName(where, options.name ?? 'console');
  return {
    name,
    export(batch) {
      const out = options.console ?? console;
      try {
        print(out, batch);
      } catch (error) {
        return Promise.resolve({ code: 'failed', reason: `console: ${String(error)}` });
      }
      return Promise.resolve({ code: 'ok' });
    },
  };
}

function print(out: ConsoleLike, batch: readonly ExportItem[]): void {
  out.groupCollapsed(`[perfwarden] ${batch.length} item${batch.length === 1 ? '' : 's'}`);
  try {
    const windows = [];
    for (const item of batch) {
      if (item.kind === 'window') {
        const { metric, context, count, mean, p50, p95, p99, max } = item.window;
        windows.push({
          metric,
          context: describeContext(context),
          count,
          mean,
          p50,
          p95,
          p99,
          max,
        });
      }
    }
    if (windows.length > 0) out.table(windows);
    for (const item of batch) {
      if (item.kind === 'regression') {
        out.warn(`regression: ${describeRegression(item.regression)}`, item.regression.hints);
      } else if (item.kind === 'recovery') {
        out.info(`recovery: ${describeRecovery(item.recovery)}`);
      } else if (item.kind === 'counter') {
        const { name, value, attributes } = item.counter;
        out.info(`${name} = ${value} (${describeContext(attributes)})`);
      }
    }
  } finally {
    out.groupEnd();
  }
}
