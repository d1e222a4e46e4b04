import { describe, expect, it } from 'vitest';
import type { Counter } from '../../../src/export/exporter.js';
import { DELTA, nanos } from '../../../src/otlp/json.js';
import type { ExportLogsServiceRequest as LogsJson } from '../../../src/otlp/json.js';
import { encodeLogs } from '../../../src/otlp/logs.js';
import { encodeMetrics, otlpMetricName } from '../../../src/otlp/metrics.js';
import { buildResource } from '../../../src/otlp/resource.js';
import { VERSION } from '../../../src/version.js';
import { makeRegression, makeWindow, recoveryItem, T0 } from '../export/items.js';
import { ExportLogsServiceRequest, ExportMetricsServiceRequest, roundTrip } from './proto.js';

const scope = { name: 'perfwarden', version: VERSION };
const resource = buildResource({ 'service.name': 'charts', 'service.version': '2.1.0' }, false);
const cpuValues = [4.2, 5.1, 5.3, 6.8, 0.0005, 12.5, 5.2];
const counter: Counter = {
  name: 'perfwarden.export.dropped',
  value: 12,
  start: T0,
  time: T0 + 30_000,
  attributes: { exporter: 'otlp', reason: 'overflow' },
};

/** JSON as it goes on the wire. */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('OTLP metrics payload', () => {
  const windows = [
    makeWindow('cpu', cpuValues, { scene: 'graph-10k' }),
    makeWindow('cpu', [7, 8], { scene: 'graph-1k' }, T0 + 1000),
    makeWindow('memory', [52_428_800], {}),
  ];
  const payload = wire(encodeMetrics(windows, [counter], resource, scope));

  it('decodes with the official protobuf definitions without losing or changing a field', () => {
    expect(roundTrip(ExportMetricsServiceRequest, payload)).toEqual(payload);
  });

  it('would fail on a misnamed field or a 64-bit integer written as a number', () => {
    const misnamed: unknown = JSON.parse(
      JSON.stringify(payload).replace('"dataPoints"', '"data_points"'),
    );
    expect(roundTrip(ExportMetricsServiceRequest, misnamed)).not.toEqual(misnamed);
    const numeric: unknown = JSON.parse(
      JSON.stringify(payload).replace(/"count":"(\d+)"/, '"count":$1'),
    );
    expect(roundTrip(ExportMetricsServiceRequest, numeric)).not.toEqual(numeric);
  });

  it('carries each window as an exponential histogram data point with its buckets unchanged', () => {
    const decoded = roundTrip(ExportMetricsServiceRequest, payload) as {
      resourceMetrics: {
        scopeMetrics: {
          scope: unknown;
          metrics: {
            name: string;
            unit?: string;
            exponentialHistogram?: { aggregationTemporality: number; dataPoints: unknown[] };
            sum?: unknown;
          }[];
        }[];
      }[];
    };
    const [scopeMetrics] = decoded.resourceMetrics[0]?.scopeMetrics ?? [];
    expect(scopeMetrics?.scope).toEqual(scope);
    const metrics = scopeMetrics?.metrics ?? [];
    expect(metrics.map((metric) => [metric.name, metric.unit])).toEqual([
      ['perfwarden.cpu', 'ms'],
      ['perfwarden.memory', 'By'],
      ['perfwarden.export.dropped', undefined],
    ]);
    const cpu = metrics[0]?.exponentialHistogram;
    expect(cpu?.aggregationTemporality).toBe(DELTA);
    expect(cpu?.dataPoints).toHaveLength(2);
    const histogram = windows[0]?.histogram;
    expect(cpu?.dataPoints[0]).toEqual({
      attributes: [{ key: 'scene', value: { stringValue: 'graph-10k' } }],
      startTimeUnixNano: '1700000000000250000',
      timeUnixNano: '1700000001000250000',
      count: '7',
      sum: histogram?.sum,
      scale: 6,
      zeroCount: '1',
      zeroThreshold: 0.001,
      positive: { offset: histogram?.offset, bucketCounts: histogram?.counts.map(String) },
      min: 0.0005,
      max: 12.5,
    });
  });

  it("puts each value in OTLP's bucket: index i holds (base^i, base^(i+1)]", () => {
    const point = windows[0]?.histogram;
    const base = 2 ** (2 ** -6);
    const expected = new Map<number, number>();
    for (const value of cpuValues) {
      if (value <= 0.001) continue;
      const index = Math.ceil(Math.log(value) / Math.log(base)) - 1;
      expect(base ** index < value && value <= base ** (index + 1)).toBe(true);
      expected.set(index, (expected.get(index) ?? 0) + 1);
    }
    const actual = new Map<number, number>();
    point?.counts.forEach((count, k) => {
      if (count > 0) actual.set(point.offset + k, count);
    });
    expect(actual).toEqual(expected);
  });

  it('carries counters as cumulative monotonic integer sums', () => {
    const decoded = roundTrip(ExportMetricsServiceRequest, payload) as {
      resourceMetrics: { scopeMetrics: { metrics: { sum?: unknown }[] }[] }[];
    };
    expect(decoded.resourceMetrics[0]?.scopeMetrics[0]?.metrics[2]?.sum).toEqual({
      aggregationTemporality: 2,
      isMonotonic: true,
      dataPoints: [
        {
          attributes: [
            { key: 'exporter', value: { stringValue: 'otlp' } },
            { key: 'reason', value: { stringValue: 'overflow' } },
          ],
          startTimeUnixNano: '1700000000000250000',
          timeUnixNano: '1700000030000250000',
          asInt: '12',
        },
      ],
    });
  });

  it('describes the resource: service, perfwarden as the SDK', () => {
    const decoded = roundTrip(ExportMetricsServiceRequest, payload) as {
      resourceMetrics: { resource: { attributes: { key: string; value: unknown }[] } }[];
    };
    expect(decoded.resourceMetrics[0]?.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'charts' } },
      { key: 'service.version', value: { stringValue: '2.1.0' } },
      { key: 'telemetry.sdk.name', value: { stringValue: 'perfwarden' } },
      { key: 'telemetry.sdk.language', value: { stringValue: 'webjs' } },
      { key: 'telemetry.sdk.version', value: { stringValue: VERSION } },
    ]);
  });
});

describe('OTLP logs payload', () => {
  const regression = makeRegression();
  const recovery = recoveryItem();
  const payload = wire(
    encodeLogs(
      [
        { regression },
        recovery.kind === 'recovery' ? { recovery: recovery.recovery } : { regression },
      ],
      resource,
      scope,
    ),
  ) as LogsJson;

  it('decodes with the official protobuf definitions without losing or changing a field', () => {
    expect(roundTrip(ExportLogsServiceRequest, payload)).toEqual(payload);
  });

  it('makes a regression a log record with event name, severity, body and attributes', () => {
    const [record] =
      (roundTrip(ExportLogsServiceRequest, payload) as LogsJson).resourceLogs[0]?.scopeLogs[0]
        ?.logRecords ?? [];
    expect(record).toMatchObject({
      timeUnixNano: nanos(regression.detectedAt),
      severityNumber: 17,
      severityText: 'ERROR',
      eventName: 'perfwarden.regression',
      body: {
        stringValue:
          'cpu p50 +12.0 % [+8.0 %, +16.0 %] (p50 8.10 ms → 9.07 ms), confidence ≥ 99.9 %, major in scene=graph-10k',
      },
    });
    const attributes = Object.fromEntries(
      (record?.attributes ?? []).map(({ key, value }) => [key, value]),
    );
    expect(attributes).toMatchObject({
      scene: { stringValue: 'graph-10k' },
      'perfwarden.metric': { stringValue: 'cpu' },
      'perfwarden.severity': { stringValue: 'major' },
      'perfwarden.delta': { doubleValue: 0.12 },
      'perfwarden.delta_low': { doubleValue: 0.08 },
      'perfwarden.delta_high': { doubleValue: 0.16 },
      'perfwarden.confidence': { doubleValue: 0.999 },
      'perfwarden.baseline.p50': { doubleValue: 8.1 },
      'perfwarden.current.p95': { doubleValue: 12.9 },
      'perfwarden.changed_at_unix_ms': { intValue: String(Math.round(regression.changedAt)) },
      'perfwarden.hints': { arrayValue: { values: [{ stringValue: regression.hints[0] }] } },
    });
  });

  it('makes a recovery an INFO log record', () => {
    const [, record] =
      (roundTrip(ExportLogsServiceRequest, payload) as LogsJson).resourceLogs[0]?.scopeLogs[0]
        ?.logRecords ?? [];
    expect(record).toMatchObject({
      severityNumber: 9,
      eventName: 'perfwarden.recovery',
      body: { stringValue: 'cpu p50 recovered from +12.0 % (major) in scene=graph-10k' },
    });
  });
});

describe('otlpMetricName and nanos', () => {
  it('prefixes metric names once', () => {
    expect(otlpMetricName('cpu')).toBe('perfwarden.cpu');
    expect(otlpMetricName('span.layout')).toBe('perfwarden.span.layout');
    expect(otlpMetricName('perfwarden.overhead')).toBe('perfwarden.overhead');
  });

  it('writes milliseconds as exact nanosecond strings', () => {
    expect(nanos(0)).toBe('0');
    expect(nanos(1.5)).toBe('1500000');
    expect(nanos(0.000001)).toBe('1');
    expect(nanos(1_700_000_000_123.456)).toBe('1700000000123456055');
    expect(nanos(1_700_000_000_000)).toBe('1700000000000000000');
    expect(nanos(NaN)).toBe('0');
  });
});
