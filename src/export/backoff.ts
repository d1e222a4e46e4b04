/**
 * How long an exporter's lane waits before the next attempt after consecutive failures:
 * exponential backoff with "equal jitter" (half fixed, half random), so that many pages whose
 * collector came back do not all retry in the same second. A server's `Retry-After` is a
 * floor: never sooner than asked, and never a tight loop on `Retry-After: 0`.
 */

export interface BackoffOptions {
  /** Delay ceiling after the first failure (ms). */
  retryDelayMs: number;
  /** Largest delay, including a server's `Retry-After` (ms). */
  maxRetryDelayMs: number;
}

/**
 * Delay (ms) before the next attempt after `failures` (≥ 1) consecutive failures: uniform in
 * `[c/2, c]` with `c = min(max, retryDelayMs · 2^(failures−1))`, or the server's
 * `retryAfterMs` when that is longer (capped at `maxRetryDelayMs`). A `retryAfterMs` that is
 * not a finite number ≥ 0 (NaN from a custom exporter, say) is ignored: it must never turn the
 * backoff into a tight loop.
 */
export function retryDelay(
  failures: number,
  options: BackoffOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const { retryDelayMs, maxRetryDelayMs } = options;
  const ceiling = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** Math.max(0, failures - 1));
  const backoff = ceiling / 2 + (random() * ceiling) / 2;
  const floor =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
      ? retryAfterMs
      : 0;
  return Math.min(maxRetryDelayMs, Math.max(backoff, floor));
}
