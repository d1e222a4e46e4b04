/**
 * The SVG chart of one verdict: the per-run values of both arms as dots on a shared axis, with
 * each arm's median marked, so a reader sees the two distributions and how far apart they are.
 */
import { median } from '../stats/robust.js';
import { escapeXml, formatReportLevel } from './format.js';

const WIDTH = 480;
const ROW = 34;
const LEFT = 84;
const RIGHT = 16;
const TOP = 8;
const AXIS = 26;

/** Draws the arms (label → values) on one axis; returns an `<svg>` element as text. */
export function distributionChart(
  arms: readonly { label: string; values: readonly number[]; color: string }[],
  unit: string,
  limit?: number,
): string {
  const all = arms.flatMap((arm) => arm.values).concat(limit === undefined ? [] : [limit]);
  const finite = all.filter(Number.isFinite);
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (!(high > low)) {
    low -= 0.5;
    high += 0.5;
  }
  const pad = (high - low) * 0.05;
  low -= pad;
  high += pad;
  const x = (value: number): number =>
    LEFT + ((value - low) / (high - low)) * (WIDTH - LEFT - RIGHT);
  const height = TOP + arms.length * ROW + AXIS;
  const parts: string[] = [];
  arms.forEach((arm, i) => {
    const y = TOP + i * ROW + ROW / 2;
    parts.push(
      `<text x="${LEFT - 8}" y="${y + 4}" text-anchor="end">${escapeXml(arm.label)}</text>`,
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
    );
    for (const value of arm.values) {
      if (Number.isFinite(value)) {
        parts.push(
          `<circle cx="${x(value).toFixed(1)}" cy="${y}" r="4" fill="${arm.color}" fill-opacity="0.55"><title>${escapeXml(formatReportLevel(value, unit))}</title></circle>`,
        );
      }
    }
    const middle = median(arm.values);
    if (Number.isFinite(middle)) {
      const at = x(middle).toFixed(1);
      parts.push(
        `<line x1="${at}" x2="${at}" y1="${y - 12}" y2="${y + 12}" stroke="${arm.color}" stroke-width="2"><title>median ${escapeXml(formatReportLevel(middle, unit))}</title></line>`,
      );
    }
  });
  if (limit !== undefined) {
    const at = x(limit).toFixed(1);
    parts.push(
      `<line x1="${at}" x2="${at}" y1="${TOP}" y2="${TOP + arms.length * ROW}" stroke="#c00" stroke-dasharray="4 3"><title>limit ${escapeXml(formatReportLevel(limit, unit))}</title></line>`,
    );
  }
  const axisY = TOP + arms.length * ROW + 4;
  parts.push(
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${axisY}" y2="${axisY}" stroke="#888"/>`,
    `<text x="${LEFT}" y="${axisY + 16}" text-anchor="start">${escapeXml(formatReportLevel(low, unit))}</text>`,
    `<text x="${WIDTH - RIGHT}" y="${axisY + 16}" text-anchor="end">${escapeXml(formatReportLevel(high, unit))}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-size="12" font-family="sans-serif" role="img">${parts.join('')}</svg>`;
}
