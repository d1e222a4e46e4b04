/**
 * What the detectors of the frame metrics say, for the duty cycle (duty-cycle.ts): whether a
 * reference is being learned, and how far the latest blocks lie from it.
 */
import type { MetricName, Verdict } from '../types.js';
import type { DutyState } from './duty-cycle.js';

/** The frame metrics whose detectors decide how often frames are measured. */
const FRAME_METRICS: readonly MetricName[] = ['cpu', 'gpu', 'frame.dropped', 'frame.long'];

/**
 * The duty state from the frame metrics' verdicts in the current context. With a detector
 * but none of them tested yet (nothing measured in this context), the detector is about to
 * learn a reference: that counts as warming up.
 */
export function frameDutyState(
  verdict: (metric: MetricName) => Verdict | undefined,
  detecting: boolean,
): DutyState {
  let warming = false;
  let tested = false;
  let evidence = 0;
  let deviation = 0;
  for (const metric of FRAME_METRICS) {
    const found = verdict(metric);
    if (found === undefined) continue;
    tested = true;
    if (found.state === 'warming-up') warming = true;
    else if (found.state === 'stable') {
      evidence = Math.max(evidence, found.confidence);
      deviation = Math.max(deviation, found.deviation ?? 0);
    }
  }
  return { warming: warming || (detecting && !tested), evidence, deviation };
}
