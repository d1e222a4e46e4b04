/**
 * A session's levels as a one-run baseline: every channel reference of every detector past its
 * warm-up, for the detector's `captureBaseline()` and the remembered sessions it saves.
 */
import { BASELINE_FORMAT, BASELINE_VERSION } from '../baseline/baseline.js';
import type { Baseline, BaselineEntry } from '../baseline/baseline.js';
import type { MetricDetector } from './metric-detector.js';

/**
 * The current levels of `detectors` (those past their warm-up, with finite levels and
 * references) as a baseline of `span`-ms windows created at `created` (ISO time).
 */
export function captureBaseline(
  detectors: Iterable<MetricDetector>,
  span: number,
  created: string,
): Baseline {
  const entries: BaselineEntry[] = [];
  for (const detector of detectors) {
    const captured = detector.capture();
    if (!captured) continue;
    const { levels } = captured;
    if (!(levels.p50 >= 0 && levels.p95 >= 0 && levels.mean >= 0)) continue;
    detector.policy.statistics.forEach((statistic, c) => {
      const reference = captured.channels[c];
      if (!reference || !(Number.isFinite(reference.center) && reference.scale > 0)) return;
      entries.push({
        metric: detector.metric,
        context: detector.context,
        statistic,
        center: reference.center,
        scale: reference.scale,
        spread: 0,
        blocks: reference.blocks,
        runs: 1,
        levels,
      });
    });
  }
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, created, window: span, entries };
}
