import { describe, expect, it } from 'vitest';
import { createKeepaliveBudget } from '../../../src/export/keepalive-budget.js';

describe('createKeepaliveBudget', () => {
  it('grants claims up to its capacity and counts refusals', () => {
    const budget = createKeepaliveBudget(100);
    const first = budget.claim(60);
    expect(first).toBeTypeOf('function');
    expect(budget.claim(50)).toBeUndefined();
    expect(budget.refusals).toBe(1);
    expect(budget.claim(40)).toBeTypeOf('function');
    expect(budget.inFlight).toBe(100);
  });

  it('gives bytes back once per claim, however often release is called', () => {
    const budget = createKeepaliveBudget(100);
    const release = budget.claim(70);
    release?.();
    release?.();
    expect(budget.inFlight).toBe(0);
    expect(budget.claim(100)).toBeTypeOf('function');
  });

  it('with a parent, a claim must fit both, and releasing frees both', () => {
    const parent = createKeepaliveBudget(100);
    const share = createKeepaliveBudget(50, parent);
    expect(share.claim(60)).toBeUndefined();
    parent.claim(80);
    expect(share.claim(30)).toBeUndefined();
    expect(share.refusals).toBe(2);
    const release = share.claim(20);
    expect(parent.inFlight).toBe(100);
    release?.();
    expect(parent.inFlight).toBe(80);
    expect(share.inFlight).toBe(0);
  });

  it('refuses negative or NaN sizes', () => {
    const budget = createKeepaliveBudget(100);
    expect(budget.claim(-1)).toBeUndefined();
    expect(budget.claim(NaN)).toBeUndefined();
  });
});
