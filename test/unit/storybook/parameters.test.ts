import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETERS, resolveParameters } from '../../../src/storybook/parameters.js';

describe('parameters.perfwarden', () => {
  it('fills in the defaults', () => {
    expect(resolveParameters(undefined)).toEqual(DEFAULT_PARAMETERS);
    expect(resolveParameters({ mode: 'warn', budget: { cpu: 8 } })).toEqual({
      ...DEFAULT_PARAMETERS,
      mode: 'warn',
      budget: { cpu: 8 },
    });
  });

  it.each([
    [{ mode: 'fail' }, /parameters\.perfwarden\.mode must be 'off', 'warn' or 'error'/],
    [{ duration: 0 }, /parameters\.perfwarden\.duration must be a positive number/],
    [{ runs: 2.5 }, /parameters\.perfwarden\.runs must be a positive integer/],
    [{ budget: { fps: 60 } }, /parameters\.perfwarden\.budget\.fps must be one of render/],
    [{ budget: { cpu: -1 } }, /parameters\.perfwarden\.budget\.cpu must be a positive number/],
    ['error', /parameters\.perfwarden\. must be an object/],
  ])('rejects %j naming the parameter', (value, message) => {
    expect(() => resolveParameters(value)).toThrow(message);
  });
});
