/**
 * One run of a page: open it in headless Chromium, find its monitor (or inject the script-tag
 * build and start one), let it settle, play the scenario, and collect the window summaries
 * that close during the measured span.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ClosedWindow } from '../analysis/windows.js';
import type { WindowSummary } from '../types.js';
import type { RunCpuTimer } from './run-cpu-time.js';
import { messageOf, UsageError } from './usage-error.js';

/** A scenario module's default export: drives the page while it is measured. */
export type Scenario = (page: Page, run: { durationMs: number }) => unknown;

/** How to run a page. */
export interface PageRunOptions {
  url: string;
  /** Measured span, ms. */
  durationMs: number;
  /** Time after the monitor is found that is not measured (loading, JIT, caches), ms. */
  settleMs: number;
  /**
   * A JavaScript expression that gives the page's own monitor (e.g. `window.app.monitor`).
   * Without it the CLI injects the script-tag build and starts a monitor of its own.
   */
  monitor?: string | undefined;
  /** Path of dist/perfwarden.iife.js, injected when `monitor` is not given. */
  injectScript: string;
  /** Window span of the injected monitor, ms. */
  window: number;
  scenario?: Scenario | undefined;
  /** Reads the run's CPU time per frame (`cpu.thread`, `cpu.gpu`) around the measured span. */
  cpuTimer?: RunCpuTimer | undefined;
  /** How long to wait for the page and its monitor, ms. */
  timeoutMs?: number;
}

/** What one run saw. */
export interface PageRunResult {
  url: string;
  /** True when the CLI injected its own monitor. */
  injected: boolean;
  /** The monitor's windows (with their histograms), then the CPU time metrics' one-window runs. */
  windows: WindowSummary[];
}

/** The page-side name under which the CLI keeps what it collects. */
const COLLECTED = '__perfwardenCli';

/**
 * The script-tag build loads its deferred code (the analysis that makes windows) from the file
 * beside its own `<script src>`; a script injected at document start has no src, so the CLI
 * injects that file with it.
 */
const DEFERRED_SCRIPT = 'perfwarden-deferred.iife.js';

/** Reads the script-tag build and its deferred code once per process, as one script. */
let injectedSource: Promise<string> | undefined;
function readInjectedSource(path: string): Promise<string> {
  injectedSource ??= Promise.all([
    readFile(path, 'utf8'),
    readFile(join(dirname(path), DEFERRED_SCRIPT), 'utf8'),
  ])
    .then((sources) => sources.join('\n;'))
    .catch((error: unknown) => {
      injectedSource = undefined;
      throw new UsageError(
        `cannot read the script-tag build ${path} (${messageOf(error)}); reinstall perfwarden`,
      );
    });
  return injectedSource;
}

async function open(page: Page, url: string, timeout: number): Promise<void> {
  let status: number | undefined;
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout });
    status = response?.status();
  } catch (error) {
    throw new UsageError(
      `cannot load ${url}: ${messageOf(error).split('\n')[0] ?? ''}. Is the server running and the URL right?`,
    );
  }
  if (status !== undefined && status >= 400) {
    throw new UsageError(`cannot load ${url}: the server answered HTTP ${status}`);
  }
}

/**
 * A tab for runs: one per arm, reused (each run is a fresh navigation, which costs less than a
 * new tab), with the script-tag build injected at document start when the CLI brings its own
 * monitor.
 */
export async function openRunTab(
  browser: Browser,
  options: Pick<PageRunOptions, 'monitor' | 'injectScript' | 'window'>,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  if (options.monitor === undefined) {
    const source = await readInjectedSource(options.injectScript);
    await page.addInitScript({
      content: `${source}\n;window.${COLLECTED}Monitor = perfwarden.createMonitor({ window: ${options.window}, sources: { frames: { sampling: 'full' } } }); window.${COLLECTED}Monitor.start();`,
    });
  }
  return page;
}

/**
 * Runs the page once in `page` (from {@link openRunTab}): a fresh navigation, then
 * about:blank again, so that an idle arm does not load the machine during the other's run.
 */
export async function runPage(page: Page, options: PageRunOptions): Promise<PageRunResult> {
  const timeout = options.timeoutMs ?? 15_000;
  try {
    const expression = options.monitor ?? `window.${COLLECTED}Monitor`;
    await open(page, options.url, timeout);
    // Expressions run as page code: the monitor expression is the user's own configuration.
    const guarded = `(() => { try { return (${expression}); } catch { return undefined; } })()`;
    try {
      await page.waitForFunction(`typeof ${guarded}?.on === 'function'`, undefined, { timeout });
    } catch {
      throw new UsageError(
        `${options.url} did not expose a perfwarden monitor at \`${expression}\` within ${timeout} ms` +
          (options.monitor === undefined
            ? ''
            : '; check the --monitor expression, or leave it out to let the CLI inject one'),
      );
    }
    // The summary fields and the histogram (a run's quantiles come from the merged histograms).
    await page.evaluate(`(() => {
      const collected = [];
      window.${COLLECTED} = collected;
      ${guarded}.on('window', (w) => {
        collected.push({ metric: w.metric, context: w.context, start: w.start, end: w.end,
          count: w.count, mean: w.mean, min: w.min, max: w.max, p50: w.p50, p95: w.p95, p99: w.p99,
          histogram: w.histogram });
      });
    })()`);
    await page.waitForTimeout(options.settleMs);
    await options.cpuTimer?.start();
    const measuredFrom = await page.evaluate(() => performance.timeOrigin + performance.now());
    const played = options.scenario?.(page, { durationMs: options.durationMs });
    await Promise.all([page.waitForTimeout(options.durationMs), played]);
    const cpuTime = (await options.cpuTimer?.stop()) ?? [];
    const windows = await page.evaluate(
      (key) => (window as unknown as Record<string, unknown>)[key],
      COLLECTED,
    );
    return {
      url: options.url,
      injected: options.monitor === undefined,
      windows: [
        ...(windows as ClosedWindow[]).filter((summary) => summary.start >= measuredFrom),
        ...cpuTime,
      ],
    };
  } finally {
    await page.goto('about:blank').catch(() => undefined);
  }
}
