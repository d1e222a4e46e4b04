/** A metric's unit as OTLP wants it: UCUM (`ms`, `By`, `1`), or `` when unknown. */
import { metricInfo } from '../metrics.js';
import type { MetricName } from '../types.js';

const UCUM = { ms: 'ms', bytes: 'By', score: '1', fraction: '1', unknown: '' } as const;

/** The UCUM unit of `metric`'s values. */
export function ucumUnit(metric: MetricName): string {
  return UCUM[metricInfo(metric).unit];
}
