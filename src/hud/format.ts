/** Number formatting for the HUD: short, fixed-width enough to read at a glance. */

/** Milliseconds: two decimals below 10 ms, one below 100, none above; a dash when unknown. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0);
}

/** A relative change as a signed percentage: 0.123 → "+12 %". */
export function formatDelta(delta: number): string {
  const percent = Math.round(delta * 100);
  return `${percent >= 0 ? '+' : '−'}${String(Math.abs(percent))} %`;
}

/** A confidence in [0, 1] as a percentage that never rounds up to a certain 100 %. */
export function formatConfidence(confidence: number): string {
  const percent = confidence * 100;
  return percent >= 99.9 ? '≥ 99.9 %' : `${percent.toFixed(1)} %`;
}
