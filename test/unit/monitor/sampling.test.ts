import { describe, expect, it } from 'vitest';
import { createSessionId, isSampled, sessionFraction } from '../../../src/monitor/sampling.js';

describe('session sampling', () => {
  it('decides the same way for the same session id', () => {
    expect(sessionFraction('session-42')).toBe(sessionFraction('session-42'));
    expect(isSampled('session-42', 0.3)).toBe(isSampled('session-42', 0.3));
  });

  it('samples about sampleRate of sessions, even for similar ids', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `session-${i}`);
    for (const rate of [0.01, 0.1, 0.5]) {
      const sampled = ids.filter((id) => isSampled(id, rate)).length / ids.length;
      // Binomial sd at n = 20000 is at most 0.0035; allow about 4 sd.
      expect(Math.abs(sampled - rate)).toBeLessThan(0.015);
    }
  });

  it('spreads fractions uniformly over [0, 1)', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const bucket = Math.floor(sessionFraction(`user${i}`) * 10);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('samples everything at 1 and nothing at 0', () => {
    expect(isSampled('x', 1)).toBe(true);
    expect(isSampled('x', 0)).toBe(false);
  });

  it('creates distinct session ids', () => {
    expect(createSessionId()).not.toBe(createSessionId());
  });
});
