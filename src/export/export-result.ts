/**
 * What an exporter's `export()` gave back, made into a well-formed {@link ExportResult}. The
 * exporter may be the app's own: it may forget to `return`, resolve something else, or name
 * an unknown code. Anything that is not a valid result is `failed` with a reason saying what
 * came back, so the pipeline drops and counts the batch instead of throwing or losing it.
 */
import { describeError } from '../errors.js';
import type { ExportItem, ExportResult } from './exporter.js';

/** A valid result from `value`, or `failed` saying what was wrong with it. */
export function toExportResult(value: unknown): ExportResult {
  let code: unknown;
  try {
    const result = Object(value) as Record<string, unknown>;
    code = result['code'];
    const { reason, retryAfterMs, items } = result;
    const why = typeof reason === 'string' ? reason : 'no reason given';
    if (code === 'ok') return { code };
    if (code === 'failed') return { code, reason: why };
    if (code === 'retry') {
      return {
        code,
        reason: why,
        ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
        // A copy: the lane compares its own items with these, it never reads them.
        ...(Array.isArray(items) ? { items: [...(items as ExportItem[])] } : {}),
      };
    }
  } catch {
    // A getter or a proxy in the result threw while it was read: not a result either.
  }
  return {
    code: 'failed',
    reason:
      value === undefined
        ? 'the exporter resolved undefined (a missing return?)'
        : `not an export result (code ${describeError(code)})`,
  };
}
