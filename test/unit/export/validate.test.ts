import { describe, expect, it } from 'vitest';
import {
  validateCompression,
  validateEndpoint,
  validateHeaders,
} from '../../../src/export/validate.js';

describe('validateEndpoint', () => {
  it.each([
    'https://collector.example.com:4318',
    'http://127.0.0.1:4318/v1',
    '/collect',
    'collect',
  ])('accepts the http(s) URL %s', (url) => {
    expect(validateEndpoint('x', 'url', url)).toBe(url);
  });

  it.each([
    ['javascript:alert(1)', /http: or https:/],
    ['data:text/plain,hi', /http: or https:/],
    ['ftp://files.example.com/', /http: or https:/],
    ['file:///etc/passwd', /http: or https:/],
    ['https://user:pw@collector.example.com/', /credentials/],
    ['https://collector.example.com/\r\nX-Evil: 1', /control characters/],
    ['', /URL string/],
    ['https://[::1', /valid URL/],
  ])('rejects %j naming the option', (url, why) => {
    expect(() => validateEndpoint('otlpExporter', 'url', url)).toThrow(TypeError);
    expect(() => validateEndpoint('otlpExporter', 'url', url)).toThrow(
      /otlpExporter: option "url"/,
    );
    expect(() => validateEndpoint('otlpExporter', 'url', url)).toThrow(why);
  });

  it('rejects a URL that is not a string', () => {
    expect(() => validateEndpoint('x', 'url', 42)).toThrow(/option "url" must be a URL string/);
  });
});

describe('validateHeaders', () => {
  it('copies safe headers', () => {
    const headers = { Authorization: 'Bearer abc', 'x-api-key': 'k' };
    const copy = validateHeaders('x', headers);
    expect(copy).toEqual(headers);
    expect(copy).not.toBe(headers);
  });

  it('rejects values that would inject another header', () => {
    expect(() => validateHeaders('x', { 'x-api-key': 'k\r\nX-Admin: true' })).toThrow(
      /option "headers" value of "x-api-key".*no CR\/LF/,
    );
    expect(() => validateHeaders('x', { 'x-api-key': 'k\n' })).toThrow(TypeError);
  });

  it('rejects invalid names and names the transport or the browser owns', () => {
    expect(() => validateHeaders('x', { 'bad name': 'v' })).toThrow(/invalid header name/);
    expect(() => validateHeaders('x', { 'X\r\nY': 'v' })).toThrow(/invalid header name/);
    expect(() => validateHeaders('x', { 'Content-Type': 'text/plain' })).toThrow(/may not set/);
    expect(() => validateHeaders('x', { Cookie: 'a=b' })).toThrow(/may not set/);
    expect(() => validateHeaders('x', { 'Sec-Fetch-Mode': 'cors' })).toThrow(/may not set/);
  });

  it('rejects values that are not strings, and non-objects', () => {
    expect(() => validateHeaders('x', { 'x-n': 1 })).toThrow(TypeError);
    expect(() => validateHeaders('x', 'x-api-key: 1')).toThrow(
      /option "headers" must be an object/,
    );
  });
});

describe('validateCompression', () => {
  it('defaults to gzip and rejects unknown codings', () => {
    expect(validateCompression('x', undefined)).toBe('gzip');
    expect(validateCompression('x', 'none')).toBe('none');
    expect(() => validateCompression('x', 'br')).toThrow(/option "compression"/);
  });
});
