/**
 * Validation of exporter options, at creation and naming the option, so that a
 * misconfiguration fails loudly in development and never at send time in production. The
 * delicate ones make requests: an endpoint must be an http(s) URL without credentials, and
 * headers must not smuggle a second header or override what the transport controls.
 */
import { preview } from '../validate.js';
import type { Compression } from './http-transport.js';

/** Header names the transport sets itself, or that browsers forbid scripts to set. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'content-length',
  'content-encoding',
  'content-type',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'cookie',
  'cookie2',
  'origin',
  'referer',
  'date',
  'expect',
  'via',
]);

/** RFC 9110 token: the characters a header name may use. */
const TOKEN = /^[!#$%&'*+.^_`|~\dA-Za-z-]+$/;
/** Control characters (CR and LF above all) that would end a header line or a URL early. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Returns `url` when it is an http(s) URL (absolute, or relative to the page) without
 * credentials; throws a `TypeError` naming `option` otherwise.
 */
export function validateEndpoint(owner: string, option: string, url: unknown): string {
  const fail = (why: string): never => {
    throw new TypeError(`${owner}: option "${option}" ${why}, got ${JSON.stringify(url)}`);
  };
  if (typeof url !== 'string' || url.trim() === '') return fail('must be a URL string');
  if (CONTROL.test(url)) return fail('must not contain control characters');
  let parsed: URL;
  try {
    // The base only resolves relative URLs, which then inherit the page's http(s) scheme.
    parsed = new URL(url, 'https://relative.invalid/');
  } catch {
    return fail('must be a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return fail('must be an http: or https: URL');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return fail('must not contain credentials (use "headers")');
  }
  return url;
}

/** Returns a copy of `headers` when every name and value is safe; throws a `TypeError` otherwise. */
export function validateHeaders(owner: string, headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new TypeError(`${owner}: option "headers" must be an object of header names to values`);
  }
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) {
      throw new TypeError(
        `${owner}: option "headers" has an invalid header name ${JSON.stringify(name)}`,
      );
    }
    if (RESERVED_HEADERS.has(lower) || lower.startsWith('sec-') || lower.startsWith('proxy-')) {
      throw new TypeError(
        `${owner}: option "headers" may not set "${name}" (the transport or the browser owns it)`,
      );
    }
    if (typeof value !== 'string' || CONTROL.test(value)) {
      throw new TypeError(
        `${owner}: option "headers" value of "${name}" must be a string without control characters (no CR/LF)`,
      );
    }
    copy[name] = value;
  }
  return copy;
}

/** Checks the `compression` option shared by the HTTP-based exporters. */
export function validateCompression(owner: string, compression: unknown): Compression {
  if (compression === undefined) return 'gzip';
  if (compression === 'gzip' || compression === 'none') return compression;
  throw new TypeError(
    `${owner}: option "compression" must be "gzip" or "none", got ${JSON.stringify(compression)}`,
  );
}

/** Checks an exporter's `name` option. */
export function validateName(owner: string, name: unknown): string {
  if (typeof name === 'string' && name.length > 0) return name;
  throw new TypeError(`${owner}: option "name" must be a non-empty string`);
}

/**
 * Returns a copy of the `resource` attributes when each value is a string, a finite number or a
 * boolean (or, with `arrays`, an array of strings); throws a `TypeError` naming the attribute
 * otherwise. A value without a JSON form (a BigInt, NaN) would make every batch fail to encode.
 */
export function validateResource<T extends string | number | boolean | readonly string[]>(
  owner: string,
  resource: unknown,
  arrays: boolean,
): Record<string, T> {
  if (resource === undefined) return {};
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    throw new TypeError(
      `${owner}: option "resource" must be an object of attributes, got ${preview(resource)}`,
    );
  }
  const expected = `a string, a finite number${arrays ? ', a boolean or an array of strings' : ' or a boolean'}`;
  const copy: Record<string, T> = {};
  for (const [key, value] of Object.entries(resource as Record<string, unknown>)) {
    const valid =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (arrays && Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (!valid) {
      throw new TypeError(
        `${owner}: option "resource" attribute ${JSON.stringify(key)} must be ${expected}, got ${preview(value)}`,
      );
    }
    copy[key] = (Array.isArray(value) ? [...value] : value) as T;
  }
  return copy;
}
