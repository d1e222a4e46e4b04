/**
 * The official OpenTelemetry protobuf definitions, as compiled by OpenTelemetry JS
 * (`@opentelemetry/otlp-transformer`'s generated protobufjs root), and a round trip through
 * them: JSON object → message → binary → message → JSON object. A field with a wrong name
 * does not survive `fromObject`; a 64-bit integer written as a number comes back as a
 * string; an enum written as a name comes back as a number. So `roundTrip(x)` equals `x`
 * only when `x` follows the OTLP JSON mapping.
 */
import { createRequire } from 'node:module';

interface MessageType {
  fromObject(object: unknown): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}

interface Root {
  opentelemetry: {
    proto: {
      collector: {
        metrics: { v1: { ExportMetricsServiceRequest: MessageType } };
        logs: { v1: { ExportLogsServiceRequest: MessageType } };
      };
    };
  };
}

const root = createRequire(import.meta.url)(
  '@opentelemetry/otlp-transformer/build/src/generated/root.js',
) as Root;

export const { ExportMetricsServiceRequest } = root.opentelemetry.proto.collector.metrics.v1;
export const { ExportLogsServiceRequest } = root.opentelemetry.proto.collector.logs.v1;

/** Binary-encodes and decodes `json` with `type`, returning the OTLP JSON form of the result. */
export function roundTrip(type: MessageType, json: unknown): unknown {
  const bytes = type.encode(type.fromObject(json)).finish();
  return type.toObject(type.decode(bytes), {
    longs: String,
    enums: Number,
    defaults: false,
    arrays: false,
    oneofs: false,
  });
}
