/**
 * Which metric checks a command runs, and why one was not measured. GPU time needs the app's
 * WebGL context, so the monitor the CLI injects cannot measure it: a gpu check asked for without
 * `--monitor` is a usage error, a default one is left out with a note that says how to get it.
 */
import type { BrowserProbe } from './browser-probe.js';
import { isGpuMetric } from '../report/format.js';
import { GPU_PROCESS_CPU, MAIN_THREAD_CPU } from './run-statistics.js';
import type { MetricStatistic } from './run-statistics.js';
import type { Settings } from './settings.js';
import { UsageError } from './usage-error.js';

/** Why the monitor the CLI injects has no gpu, and what to do about it. */
export const GPU_NEEDS_MONITOR =
  "the monitor the CLI injects cannot time the GPU (that needs your app's WebGL context): " +
  "pass --monitor <expression> giving your app's monitor with gpuTimer attached, e.g. --monitor window.app.monitor";

/** The checks a command runs. */
export interface CheckSelection {
  checks: MetricStatistic[];
  /** True when the checks were asked for (flag or config), not the command's defaults. */
  requested: boolean;
  /** Default checks left out, and why (for the console and the report). */
  notes: string[];
}

/** `cpu p50`, as checks are named in messages. */
export const checkName = (check: MetricStatistic): string => `${check.metric} ${check.statistic}`;

/** Throws when `what` needs gpu but no `--monitor` is given. */
export function requireMonitorForGpu(
  metric: string,
  what: string,
  settings: Pick<Settings, 'monitor'>,
): void {
  if (isGpuMetric(metric) && settings.monitor === undefined) {
    throw new UsageError(`${what} needs --monitor: ${GPU_NEEDS_MONITOR}`);
  }
}

/** The checks of `settings.metrics`, else `defaults` without those the settings cannot measure. */
export function selectChecks(
  settings: Pick<Settings, 'metrics' | 'monitor'>,
  defaults: readonly MetricStatistic[],
): CheckSelection {
  if (settings.metrics !== undefined) {
    for (const check of settings.metrics) {
      requireMonitorForGpu(check.metric, `--metric ${check.metric}:${check.statistic}`, settings);
    }
    return { checks: [...settings.metrics], requested: true, notes: [] };
  }
  const measurable = defaults.filter(
    (check) => !isGpuMetric(check.metric) || settings.monitor !== undefined,
  );
  const left = defaults.filter((check) => !measurable.includes(check));
  return {
    checks: measurable,
    requested: false,
    notes: left.map((check) => `${check.metric} was not measured: ${GPU_NEEDS_MONITOR}`),
  };
}

/** Why a run had no windows of `metric`, and what to check. */
export function whyNotMeasured(
  metric: string,
  settings: Pick<Settings, 'monitor'>,
  probe: Pick<BrowserProbe, 'timerQueries' | 'mainThreadTime' | 'gpuProcessTime'> | undefined,
): string {
  if (metric === MAIN_THREAD_CPU && probe?.mainThreadTime === false) {
    return 'this browser gives no main-thread CPU time (DevTools Performance.getMetrics has no ThreadTime); compare wall-clock cpu instead (--metric cpu:p10)';
  }
  if (metric === GPU_PROCESS_CPU && probe?.gpuProcessTime === false) {
    return "the GPU process's CPU time is read on Linux only, and only with a software renderer, whose GPU work it is";
  }
  if (metric === MAIN_THREAD_CPU || metric === GPU_PROCESS_CPU) {
    return 'the page rendered no animation frame while measured';
  }
  if (isGpuMetric(metric)) {
    if (settings.monitor === undefined) return GPU_NEEDS_MONITOR;
    if (probe?.timerQueries === false) {
      return 'this browser has no WebGL GPU timer queries (run perfwarden doctor)';
    }
    return `the monitor at \`${settings.monitor}\` has no GPU timer: attach one with gpuTimer(gl, { monitor }) from perfwarden/webgl`;
  }
  if (metric.startsWith('span.')) {
    return `the page made no performance.measure('${metric.slice(5)}') while measured`;
  }
  return `the page produced no ${metric} samples while measured; does it (or --scenario) exercise ${metric}?`;
}
