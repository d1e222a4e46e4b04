/**
 * perfwarden/vitals: Web Vitals (LCP, INP, CLS, FCP, TTFB, from the `web-vitals` package) as a
 * source of the monitor, `createMonitor({ sources: { vitals: webVitals } })`. Its own entry, so
 * that a monitor without it does not carry web-vitals. Side-effect free.
 *
 * @packageDocumentation
 */
export { startVitals as webVitals } from '../sources/vitals.js';
export type { VitalName, VitalReport, VitalsSource } from '../sources/vitals.js';
