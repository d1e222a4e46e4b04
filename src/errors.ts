/**
 * The one place perfwarden's internal errors go. It never throws: after `start()` nothing
 * perfwarden does may break the host page. Without a handler it warns once per kind.
 */

/** Receives internal errors; `kind` says where they came from (e.g. `source.frames`). */
export type ErrorHandler = (error: unknown, kind: string) => void;

/** Reports an internal error; safe to call from anywhere, any number of times. */
export type ReportError = (kind: string, error: unknown) => void;

/**
 * A one-line description of anything thrown: an error's message, or the value as text. Never
 * throws, even for an object whose `toString` or `message` getter does (a user's callback or
 * exporter can throw anything).
 */
export function describeError(error: unknown): string {
  try {
    // `message` is typed a string, but a thrown object can hold anything there.
    return String(error instanceof Error ? error.message : error);
  } catch {
    return 'an error that cannot be described';
  }
}

/**
 * Creates the error sink. A custom `handler` sees each distinct (kind, message) once; the
 * default handler prints one `console.warn` per kind. A throwing handler is swallowed.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createErrorReporter(handler?: ErrorHandler): ReportError {
  const seen = new Set<string>();
  return (kind, error) => {
    try {
      const message = describeError(error);
      const key = handler ? `${kind}\u0000${message}` : kind;
      if (seen.has(key)) return;
      seen.add(key);
      if (handler) handler(error, kind);
      // eslint-disable-next-line no-console -- the default handler is a console warning by design
      else console.warn(`[perfwarden] ${kind}:`, error);
    } catch {
      // The error handler itself failed: there is nowhere left to report to.
    }
  };
}
