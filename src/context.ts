/**
 * Contexts (the labels that say what the app is doing) as keys: every part that keeps
 * something per context keys it the same way.
 */
import type { Context } from './types.js';

/** A stable key for a context: its labels, sorted. */
export function contextKey(context: Context): string {
  return JSON.stringify(
    Object.keys(context)
      .sort()
      .map((key) => [key, context[key]]),
  );
}

/**
 * The key of `context` when it is one (an object of string labels), else undefined: what
 * users pass is checked here, once per context object, and never throws.
 */
export function contextKeyOf(context: unknown): string | undefined {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) return undefined;
  try {
    const labels = context as Record<string, unknown>;
    for (const key of Object.keys(labels)) if (typeof labels[key] !== 'string') return undefined;
    return contextKey(labels as Context);
  } catch {
    return undefined;
  }
}
