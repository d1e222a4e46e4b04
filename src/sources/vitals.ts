/**
 * Web Vitals: LCP, INP, CLS, FCP and TTFB from the `web-vitals` package, as samples (`lcp`,
 * `inp`, `fcp`, `ttfb` in ms, `cls` as a score) each time web-vitals reports a new value,
 * and as reports with their rating.
 *
 * web-vitals has no way to unsubscribe (by design: these are page-lifetime metrics), so it
 * is subscribed to once per page, on the first start; stopping a monitor detaches it from
 * that subscription, and a later start receives the latest value of each metric again.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { Metric } from 'web-vitals';
import type { Guard } from '../guard.js';
import type { Sink, Stop } from '../types.js';
import { now } from '../page/clock.js';

/** The Web Vitals perfwarden reports, by metric name. */
export type VitalName = 'lcp' | 'inp' | 'cls' | 'fcp' | 'ttfb';

/** A Web Vital as web-vitals reported it (the `vital` event of the monitor). */
export interface VitalReport {
  name: VitalName;
  /** ms, or the layout-shift score for `cls`. */
  value: number;
  /** web-vitals' rating of `value` against the metric's published thresholds. */
  rating: 'good' | 'needs-improvement' | 'poor';
  /** Change since the previous report of this metric on this page. */
  delta: number;
  /** How the page was reached: 'navigate', 'reload', 'back-forward', 'prerender', … */
  navigationType: string;
  /** When it was reported (perfwarden clock, ms). */
  time: number;
}

type Subscriber = (report: VitalReport) => void;

interface Registry {
  readonly subscribers: Set<Subscriber>;
  readonly latest: Map<VitalName, VitalReport>;
}

let registry: Registry | undefined;

/** The page's one web-vitals subscription, made on first use. */
function subscribe(): Registry {
  if (registry) return registry;
  const state: Registry = { subscribers: new Set(), latest: new Map() };
  registry = state;
  const onReport = (metric: Metric): void => {
    const report: VitalReport = {
      name: metric.name.toLowerCase() as VitalName,
      value: metric.value,
      rating: metric.rating,
      delta: metric.delta,
      navigationType: metric.navigationType,
      time: now(),
    };
    state.latest.set(report.name, report);
    for (const subscriber of state.subscribers) subscriber(report);
  };
  const options = { reportAllChanges: true };
  onTTFB(onReport, options);
  onFCP(onReport, options);
  onLCP(onReport, options);
  onCLS(onReport, options);
  onINP(onReport, options);
  return state;
}

export interface VitalSourceOptions {
  /** Receives each report with its rating. */
  onVital: (report: VitalReport) => void;
  guard: Guard;
}

/** A Web Vitals source: what `sources.vitals` of `createMonitor` takes (`webVitals`). */
export type VitalsSource = (sink: Sink, options: VitalSourceOptions) => Stop;

/**
 * Starts receiving Web Vitals (the latest known value of each first). Exported as `webVitals`
 * from `perfwarden/vitals`: pass it as `sources.vitals` of `createMonitor`.
 */
export function startVitals(sink: Sink, options: VitalSourceOptions): Stop {
  const { onVital } = options;
  const receive = options.guard('source.vitals', (report: VitalReport) => {
    sink(report.name, report.value, report.time);
    onVital(report);
  });
  const { subscribers, latest } = subscribe();
  for (const report of latest.values()) receive(report);
  subscribers.add(receive);
  return () => {
    subscribers.delete(receive);
  };
}
