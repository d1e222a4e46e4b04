/**
 * The OTLP resource: who sends (service, perfwarden as the telemetry SDK) and, by default,
 * which browser, after OpenTelemetry's browser semantic conventions. Read lazily at the first
 * export, never at import or creation, so that exporters can be created during SSR.
 */
import { VERSION } from '../version.js';
import { keyValues } from './json.js';
import type { AttributeValue, Resource } from './json.js';

/** Attributes every perfwarden resource carries. */
export const SDK_ATTRIBUTES = {
  'telemetry.sdk.name': 'perfwarden',
  'telemetry.sdk.language': 'webjs',
  'telemetry.sdk.version': VERSION,
} as const;

interface UserAgentData {
  brands?: readonly { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
}

/**
 * `browser.brands`, `browser.platform`, `browser.mobile` (from User-Agent Client Hints where
 * the browser has them), `browser.language` and `user_agent.original`.
 */
export function browserAttributes(): Record<string, AttributeValue> {
  if (typeof navigator === 'undefined') return {};
  const attributes: Record<string, AttributeValue> = {};
  const data = (navigator as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  if (data?.brands) {
    attributes['browser.brands'] = data.brands.map(({ brand, version }) => `${brand} ${version}`);
  }
  if (typeof data?.platform === 'string') attributes['browser.platform'] = data.platform;
  if (typeof data?.mobile === 'boolean') attributes['browser.mobile'] = data.mobile;
  if (typeof navigator.language === 'string') attributes['browser.language'] = navigator.language;
  if (typeof navigator.userAgent === 'string') {
    attributes['user_agent.original'] = navigator.userAgent;
  }
  return attributes;
}

/**
 * The resource: `service.name` (default `unknown_service`), the SDK attributes, the browser's
 * (unless `detectBrowser` is false), then the caller's `resource`, which overrides all but the
 * SDK attributes.
 */
export function buildResource(
  resource: Readonly<Record<string, AttributeValue>>,
  detectBrowser: boolean,
): Resource {
  return {
    attributes: keyValues({
      'service.name': 'unknown_service',
      ...(detectBrowser ? browserAttributes() : {}),
      ...resource,
      ...SDK_ATTRIBUTES,
    }),
  };
}
