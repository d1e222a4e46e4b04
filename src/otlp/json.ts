/**
 * The subset of OTLP/JSON that perfwarden writes, typed after the OpenTelemetry protobuf
 * definitions and their JSON mapping: field names in lowerCamelCase, 64-bit integers
 * (`fixed64`, `uint64`, `int64`) as decimal strings, enums as integers, doubles as numbers.
 */

/** `AnyValue`: exactly one of these. */
export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
}

export interface InstrumentationScope {
  name: string;
  version: string;
}

/** `AggregationTemporality`. */
export const DELTA = 1;
export const CUMULATIVE = 2;

/** Empty attribute lists are left out (protobuf cannot tell them from absent ones). */
export interface ExponentialHistogramDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  count: string;
  sum: number;
  scale: number;
  zeroCount: string;
  zeroThreshold: number;
  positive?: { offset: number; bucketCounts: string[] };
  min?: number;
  max?: number;
}

export interface NumberDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  asInt: string;
}

export type Metric = { name: string; unit?: string } & (
  | {
      exponentialHistogram: {
        aggregationTemporality: number;
        dataPoints: ExponentialHistogramDataPoint[];
      };
    }
  | {
      sum: { aggregationTemporality: number; isMonotonic: boolean; dataPoints: NumberDataPoint[] };
    }
);

/** Body of `POST /v1/metrics`. */
export interface ExportMetricsServiceRequest {
  resourceMetrics: {
    resource: Resource;
    scopeMetrics: { scope: InstrumentationScope; metrics: Metric[] }[];
  }[];
}

export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  /** `SeverityNumber`. */
  severityNumber: number;
  severityText: string;
  eventName: string;
  body: AnyValue;
  attributes: KeyValue[];
}

/** Body of `POST /v1/logs`. */
export interface ExportLogsServiceRequest {
  resourceLogs: {
    resource: Resource;
    scopeLogs: { scope: InstrumentationScope; logRecords: LogRecord[] }[];
  }[];
}

/** Attribute values perfwarden accepts from options and data. */
export type AttributeValue = string | number | boolean | readonly string[];

/**
 * An `AnyValue`: integers become `intValue` strings, other numbers `doubleValue`. Non-finite
 * numbers have no JSON form and yield undefined (the attribute is left out).
 */
export function anyValue(value: AttributeValue): AnyValue | undefined {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  return { arrayValue: { values: value.map((text) => ({ stringValue: text })) } };
}

/** `{ attributes }` when the list is not empty, `{}` otherwise, to spread into a data point. */
export function attributesOf(
  record: Readonly<Record<string, AttributeValue | AnyValue | undefined>>,
): { attributes?: KeyValue[] } {
  const attributes = keyValues(record);
  return attributes.length > 0 ? { attributes } : {};
}

/** A double attribute, even for integral values (a delta of exactly 0 stays a double). */
export function doubleValue(value: number): AnyValue | undefined {
  return Number.isFinite(value) ? { doubleValue: value } : undefined;
}

/** Key-values from a record, skipping values that have no OTLP/JSON form. */
export function keyValues(
  record: Readonly<Record<string, AttributeValue | AnyValue | undefined>>,
): KeyValue[] {
  const list: KeyValue[] = [];
  for (const key of Object.keys(record)) {
    const raw = record[key];
    if (raw === undefined) continue;
    const value = isAnyValue(raw) ? raw : anyValue(raw);
    if (value !== undefined) list.push({ key, value });
  }
  return list;
}

function isAnyValue(value: AttributeValue | AnyValue): value is AnyValue {
  return typeof value === 'object' && !Array.isArray(value);
}

/**
 * Milliseconds (since the Unix epoch, possibly fractional) as a decimal string of
 * nanoseconds, exactly: the whole milliseconds and the fraction are printed separately so
 * that nothing is lost to floating point beyond the fraction's own precision.
 */
export function nanos(ms: number): string {
  if (!(ms >= 0 && ms < Infinity)) return '0';
  let whole = Math.floor(ms);
  let fraction = Math.round((ms - whole) * 1e6);
  if (fraction >= 1e6) {
    whole += 1;
    fraction -= 1e6;
  }
  return whole === 0 ? String(fraction) : `${String(whole)}${String(fraction).padStart(6, '0')}`;
}
