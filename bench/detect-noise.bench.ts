/**
 * `npm run bench detect-noise`: how noisy a metric may be before a +10 % change goes unseen.
 * CPU work per frame at 60 Hz as in `npm run bench:detect` (`cpu-60`), with the frame-to-frame
 * spread raised until the block medians' spread (block CV) is 5 to 15 %; per level, perfwarden
 * at its defaults on 10-minute null sessions, and on sessions with a change caught within
 * 180 s of it: +10 % at a uniform second in [60, 300) (as the detection bench draws them), +10 %
 * at 300 s (five minutes of blocks before it), and +20 %.
 *
 * Environment: NULL_SESSIONS (default 1000), SHIFT_SESSIONS (default 500).
 */
import { simulateBlocks } from './detect/blocks.js';
import { perfwarden, runNull, runShift } from './detect/harness.js';
import type { Outcome, ShiftPlan } from './detect/harness.js';
import { percent, quantile, table, upperBound } from './detect/report.js';
import { CPU, NULL, perFrame } from './detect/scenarios.js';
import type { Scenario } from './detect/scenarios.js';
import { SETTINGS } from './detect/settings.js';
import { standardDeviation } from './overhead/statistics.js';

const NULL_SESSIONS = Number(process.env['NULL_SESSIONS'] ?? 1000);
const SHIFT_SESSIONS = Number(process.env['SHIFT_SESSIONS'] ?? 500);
const SESSION_SECONDS = 600;
const HORIZON_S = 180;
/** Frame-to-frame spread (log scale) for a block CV of about 5, 8, 10, 12 and 15 %. */
const SIGMAS = [0.09, 0.155, 0.19, 0.23, 0.29];

const anywhere: ShiftPlan = { earliest: 60, latest: 300, horizon: HORIZON_S };
const late: ShiftPlan = { earliest: 300, latest: 301, horizon: HORIZON_S };

function caught(outcome: Outcome): string {
  const delays = [...outcome.delays].sort((a, b) => a - b);
  if (delays.length === 0) return '0 %';
  return `${percent(delays.length / outcome.sessions)} · ${quantile(delays, 0.5)} s`;
}

const detector = perfwarden(SETTINGS);
const rows = SIGMAS.map((sigma, i) => {
  const scenario: Scenario = {
    name: `cpu-sigma-${sigma}`,
    label: 'CPU work per frame, 60 Hz',
    metric: 'cpu',
    kind: 'location',
    tail: false,
    session: perFrame('cpu', { ...CPU, sigma }, 60),
  };
  const pool = simulateBlocks(scenario, NULL, 100, SESSION_SECONDS, 17 + i);
  const spread = standardDeviation(Array.from(pool.p50.subarray(0, pool.length), Math.log));
  const nulls = runNull(detector, scenario, pool, NULL_SESSIONS, SESSION_SECONDS, 5 + i);
  const shift = (factor: number, plan: ShiftPlan): Outcome =>
    runShift(
      detector,
      scenario,
      pool,
      undefined,
      { type: 'median', factor },
      SHIFT_SESSIONS,
      plan,
      7 + i,
    );
  const { falseAlarms: k, sessions: n } = nulls;
  return [
    `${(spread * 100).toFixed(1)} %`,
    `${k}/${n} (≤ ${percent(upperBound(k, n), 1)})`,
    caught(shift(1.1, anywhere)),
    caught(shift(1.1, late)),
    caught(shift(1.2, anywhere)),
  ];
});
console.log(
  `${NULL_SESSIONS} null and ${SHIFT_SESSIONS} change sessions per cell; caught within ${HORIZON_S} s · median delay`,
);
console.log(
  table(
    [
      'block CV',
      'false alarms per 10-min session (95 % bound)',
      '+10 %, change in [60, 300) s',
      '+10 %, change at 300 s',
      '+20 %, change in [60, 300) s',
    ],
    rows,
  ),
);
