/** How the panel (and the CI mode's fallback report) writes levels, changes and confidences. */
import type { StoryVerdict } from './verdict.js';

/** A level with its unit: `8.21 ms`, `–` when unknown. */
export function formatLevel(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** A relative change: `+12.3 %`. */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} %`;
}

/** A verdict's change with its interval: `+25.1 % [+21.0 %, +29.4 %]`, `–` without a test. */
export function formatDelta(verdict: StoryVerdict): string {
  if (verdict.delta === undefined) return '–';
  const interval = verdict.interval
    ? ` [${formatPercent(verdict.interval[0])}, ${formatPercent(verdict.interval[1])}]`
    : '';
  return `${formatPercent(verdict.delta)}${interval}`;
}

/** A confidence: `99.9 %`, `–` without a test. */
export function formatConfidence(value: number | undefined): string {
  return value === undefined ? '–' : `${(value * 100).toFixed(1)} %`;
}
