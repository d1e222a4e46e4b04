/**
 * How long an exporter's lane waits before the next attempt after consecutive failures:
 * exponential backoff with "equal jitter" (half fixed, half random), so that many pages whose
 * collector came back do not all retry in the same second; a server's `Retry-After` wins.
 */

export interface BackoffOptions {
  /** Delay ceiling after the first failure (ms). */
  retryDelayMs: number;
  /** Largest delay, including a server's `Retry-After` (ms). */
  maxRetryDelayMs: number;
}

/**
 * Delay (ms) before the next attempt after `failures` (≥ 1) consecutive failures. With
 * `retryAfterMs` the server's wish is honoured (capped at `maxRetryDelayMs`); otherwise the
 * delay is uniform in `[c/2, c]` with `c = min(max, retryDelayMs · 2^(failures−1))`.
 */
export function retryDelay(
  failures: number,
  options: BackoffOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const { retryDelayMs, maxRetryDelayMs } = options;
  if (retryAfterMs !== undefined && retryAfterMs >= 0)
    return Math.min(retryAfterMs, maxRetryDelayMs);
  const ceiling = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}
