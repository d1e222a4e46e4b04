/**
 * Regression and recovery events as an OTLP `ExportLogsServiceRequest`: one log record each,
 * with an event name, a severity, a one-line body and the event's numbers as attributes.
 */
import { describeRecovery, describeRegression } from '../format.js';
import type { Recovery, Regression, Severity } from '../types.js';
import { doubleValue, keyValues, nanos } from './json.js';
import type {
  AnyValue,
  ExportLogsServiceRequest,
  InstrumentationScope,
  LogRecord,
  Resource,
} from './json.js';

/** `SeverityNumber` and text per regression severity; a recovery is INFO (9). */
const SEVERITY: Record<Severity, { number: number; text: string }> = {
  minor: { number: 13, text: 'WARN' },
  major: { number: 17, text: 'ERROR' },
  critical: { number: 19, text: 'ERROR3' },
};
const INFO = { number: 9, text: 'INFO' };

function unixMs(ms: number): AnyValue | undefined {
  return Number.isFinite(ms) ? { intValue: String(Math.round(ms)) } : undefined;
}

/** The log record of a regression. */
export function regressionRecord(regression: Regression): LogRecord {
  const { baseline, current, interval } = regression;
  const severity = SEVERITY[regression.severity];
  const time = nanos(regression.detectedAt);
  return {
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: severity.number,
    severityText: severity.text,
    eventName: 'perfwarden.regression',
    body: { stringValue: describeRegression(regression) },
    attributes: keyValues({
      ...regression.context,
      'perfwarden.metric': regression.metric,
      'perfwarden.severity': regression.severity,
      'perfwarden.delta': doubleValue(regression.delta),
      'perfwarden.delta_low': doubleValue(interval[0]),
      'perfwarden.delta_high': doubleValue(interval[1]),
      'perfwarden.confidence': doubleValue(regression.confidence),
      'perfwarden.baseline.p50': doubleValue(baseline.p50),
      'perfwarden.baseline.p95': doubleValue(baseline.p95),
      'perfwarden.baseline.mean': doubleValue(baseline.mean),
      'perfwarden.current.p50': doubleValue(current.p50),
      'perfwarden.current.p95': doubleValue(current.p95),
      'perfwarden.current.mean': doubleValue(current.mean),
      'perfwarden.changed_at_unix_ms': unixMs(regression.changedAt),
      'perfwarden.hints': regression.hints,
    }),
  };
}

/** The log record of a recovery. */
export function recoveryRecord(recovery: Recovery): LogRecord {
  const { regression } = recovery;
  const time = nanos(recovery.recoveredAt);
  return {
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: INFO.number,
    severityText: INFO.text,
    eventName: 'perfwarden.recovery',
    body: { stringValue: describeRecovery(recovery) },
    attributes: keyValues({
      ...recovery.context,
      'perfwarden.metric': recovery.metric,
      'perfwarden.severity': regression.severity,
      'perfwarden.delta': doubleValue(regression.delta),
      'perfwarden.regressed_at_unix_ms': unixMs(regression.detectedAt),
    }),
  };
}

/** Builds the request body, records in batch order. */
export function encodeLogs(
  events: readonly ({ regression: Regression } | { recovery: Recovery })[],
  resource: Resource,
  scope: InstrumentationScope,
): ExportLogsServiceRequest {
  const logRecords = events.map((event) =>
    'regression' in event ? regressionRecord(event.regression) : recoveryRecord(event.recovery),
  );
  return { resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords }] }] };
}
