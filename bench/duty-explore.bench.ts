/**
 * `npm run bench duty-explore`: how the shape of the frame-sampling bursts trades overhead
 * (share of windows measured in unchanged sessions) against detection (share caught and median
 * delay), on the CPU scenarios of bench:detect. Used to choose the monitor's defaults.
 */
import { simulateBlocks } from './detect/blocks.js';
import { perfwarden, runNull, runShift } from './detect/harness.js';
import { percent, quantile, table } from './detect/report.js';
import { NULL, SCENARIOS } from './detect/scenarios.js';
import { SETTINGS as DETECT_SETTINGS } from './detect/settings.js';

// Without a minimum effect: the shapes are compared on what the tests see.
const SETTINGS = { ...DETECT_SETTINGS, margin: 0 };
const SESSIONS = Number(process.env['SESSIONS'] ?? 300);
const SHAPES = [
  { burst: 2, period: 8, evidence: 0.8, surprise: Infinity, confirm: 0 },
  { burst: 2, period: 8, evidence: 0.8, surprise: 2, confirm: 12 },
  { burst: 1, period: 8, evidence: 0.8, surprise: 2, confirm: 12 },
  { burst: 1, period: 10, evidence: 0.8, surprise: 2, confirm: 12 },
  { burst: 1, period: 10, evidence: 0.8, surprise: 1.5, confirm: 12 },
  { burst: 1, period: 12, evidence: 0.8, surprise: 1.5, confirm: 15 },
];
for (const name of ['cpu-60', 'gpu']) {
  const scenario = SCENARIOS.find((each) => each.name === name);
  if (!scenario) continue;
  const pool = simulateBlocks(scenario, NULL, 40, 600, 11);
  const plan = { earliest: 90, latest: 330, horizon: 300 };
  const rows = SHAPES.map((shape) => {
    const entry = perfwarden(SETTINGS, 'adaptive', shape);
    const none = runNull(entry, scenario, pool, SESSIONS, 600, 1);
    const cells = [1.1, 1.25].map((factor) => {
      const outcome = runShift(
        entry,
        scenario,
        pool,
        undefined,
        { type: 'median', factor },
        SESSIONS,
        plan,
        2,
      );
      const delays = [...outcome.delays].sort((a, b) => a - b);
      return `${percent(delays.length / outcome.sessions)} · ${quantile(delays, 0.5)} s`;
    });
    return [
      `${shape.burst}/${shape.period}, surprise ${shape.surprise}, confirm ${shape.confirm}`,
      `${none.falseAlarms}/${none.sessions}`,
      percent(none.measured ?? 1),
      ...cells,
    ];
  });
  console.log(`\n### ${name}\n`);
  console.log(table(['bursts', 'false alarms', 'windows measured (null)', '+10 %', '+25 %'], rows));
}
