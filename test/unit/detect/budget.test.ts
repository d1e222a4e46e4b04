import { describe, expect, it } from 'vitest';
import { FalseAlarmBudget } from '../../../src/detect/budget.js';

describe('FalseAlarmBudget', () => {
  it('never hands out more than the total, however many tests start', () => {
    const budget = new FalseAlarmBudget(0.001, ['cpu', 'gpu']);
    let spent = 0;
    for (let test = 0; test < 2000; test++) {
      spent += budget.next('cpu', 'p50', 2 / 3) + budget.next('cpu', 'p95', 1 / 3);
      spent += budget.next('gpu', 'p50', 1);
      for (let span = 0; span < 20; span++) spent += budget.next(`span.s${span}`, 'p50', 1);
    }
    expect(spent).toBeLessThan(0.001);
    expect(spent).toBeGreaterThan(0.0009);
  });

  it('gives watched metrics equal shares and later tests smaller ones', () => {
    const budget = new FalseAlarmBudget(0.001, ['cpu', 'gpu', 'event']);
    const cpu = budget.next('cpu', 'p50', 1);
    expect(budget.next('gpu', 'p50', 1)).toBe(cpu);
    expect(budget.next('cpu', 'p50', 1)).toBeCloseTo(cpu / 4, 15);
    expect(budget.next('span.layout', 'p50', 1)).toBeLessThan(cpu);
  });
});
