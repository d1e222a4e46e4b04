import { afterEach, describe, expect, it, vi } from 'vitest';
import { createErrorReporter } from '../../src/errors.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createErrorReporter', () => {
  it('warns once per kind by default', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const report = createErrorReporter();
    report('source.frames', new Error('a'));
    report('source.frames', new Error('b'));
    report('export.http', new Error('c'));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]?.[0]).toBe('[perfwarden] source.frames:');
  });

  it('gives a custom handler each distinct message once, with its kind', () => {
    const seen: [unknown, string][] = [];
    const report = createErrorReporter((error, kind) => seen.push([error, kind]));
    report('k', new Error('x'));
    report('k', new Error('x'));
    report('k', 'y');
    expect(seen.map(([error, kind]) => `${kind}:${String(error)}`)).toEqual(['k:Error: x', 'k:y']);
  });

  it('never throws, even when the handler does', () => {
    const report = createErrorReporter(() => {
      throw new Error('handler broke');
    });
    expect(() => {
      report('k', new Error('x'));
    }).not.toThrow();
  });
});
