/**
 * The same sessions simulated frame by frame through the whole analyzer (`createAnalyzer`:
 * windows, blocks, detection), to check that the block-level sessions of the harness behave
 * like the real pipeline.
 */
import { createAnalyzer } from '../../src/detect/create-analyzer.js';
import type { MetricName } from '../../src/types.js';
import type { Outcome, ShiftPlan } from './harness.js';
import { NEAR_MISS } from './harness.js';
import { seededRandom } from '../../test/support/random.js';
import type { Condition, Scenario } from './scenarios.js';

/**
 * Runs `sessions` sessions of the scenario through an analyzer; with a condition, it starts at a
 * uniform second of `plan` and the session ends at the first worse alarm after it.
 */
export function perFrameSessions(
  scenario: Scenario,
  sessions: number,
  seconds: number,
  seed: number,
  change?: { condition: Condition; plan: ShiftPlan },
): Outcome {
  const random = seededRandom(seed);
  let falseAlarms = 0;
  let nearMisses = 0;
  const delays: number[] = [];
  for (let s = 0; s < sessions; s++) {
    const analyzer = createAnalyzer();
    let regressedAt = NaN;
    analyzer.on('regression', (regression) => {
      if (Number.isNaN(regressedAt)) regressedAt = regression.detectedAt / 1000;
    });
    const simulator = scenario.session(seed * 7 + s);
    const at = change
      ? change.plan.earliest + Math.floor(random() * (change.plan.latest - change.plan.earliest))
      : Infinity;
    const end = change ? at + change.plan.horizon : seconds;
    const sink = (metric: MetricName, value: number, time: number): void => {
      analyzer.add(metric, value, time);
    };
    let alarmedBefore = false;
    let near = false;
    for (let second = 0; second < end; second++) {
      if (second === at && change) simulator.apply(change.condition);
      simulator.block(second, sink);
      analyzer.tick((second + 1) * 1000);
      const state = analyzer.snapshot().verdicts.find((v) => v.metric === scenario.metric);
      if (!state) continue;
      if (second < at) {
        if (state.alarms > 0) alarmedBefore = true;
        if (state.verdict.state === 'stable' && state.verdict.confidence >= NEAR_MISS) near = true;
        if (!change && alarmedBefore) break;
      } else if (!Number.isNaN(regressedAt) && regressedAt > at) {
        delays.push(Math.round(regressedAt - at));
        break;
      }
    }
    if (alarmedBefore) falseAlarms++;
    else if (near) nearMisses++;
  }
  return { sessions, falseAlarms, delays, nearMisses };
}
