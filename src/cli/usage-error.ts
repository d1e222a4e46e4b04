/**
 * An error the user can fix (a missing URL, an unreachable page, a corrupt file): the CLI
 * prints its message, without a stack trace, and exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The message of anything thrown, for an error line. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
