/**
 * Pages with a monitor and a detector (`window.monitor`), as the browser tests and benchmarks
 * drive them.
 */
import type { Page } from 'playwright-core';

/** Waits until the page's `cpu` is tested (its warm-up done), at most `timeoutMs`. */
export async function untilCpuTested(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        window as unknown as { monitor: { verdict(m: string): { state: string } | undefined } }
      ).monitor.verdict('cpu')?.state === 'stable',
    undefined,
    { timeout: timeoutMs, polling: 500 },
  );
}

/**
 * Waits until the page (test/fixtures/pages/environment.html, which counts them in
 * `window.seen.probeWindows`) has closed `count` windows with an environment probe, at most
 * `timeoutMs`.
 */
export async function untilProbeWindows(
  page: Page,
  count: number,
  timeoutMs: number,
): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      (window as unknown as { seen: { probeWindows: number } }).seen.probeWindows >= wanted,
    count,
    { timeout: timeoutMs, polling: 500 },
  );
}
