/**
 * `npm run bench:detect`: how often perfwarden's detector raises a false alarm in a 10-minute
 * session without any change, and how fast it catches real changes, next to the detectors
 * mainstream tools use, on the same blocks. See docs/detection.md for the method.
 *
 * Environment: DETECT_SCALE (default 1) scales every session count (0.1 for a quick look).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { simulateBlocks } from './detect/blocks.js';
import type { BlockTable } from './detect/blocks.js';
import { onChannels, perfwarden, runNull, runShift } from './detect/harness.js';
import type { DetectorEntry, Outcome, ShiftPlan } from './detect/harness.js';
import {
  cusum,
  cusumThreshold,
  fixedThreshold,
  perfherder,
  repeatedWelch,
} from './detect/reference-detectors.js';
import { percent, quantile, table, upperBound } from './detect/report.js';
import { gatedSessions } from './detect/gates.js';
import {
  describeChange,
  perfwardenOnTrace,
  recordedTraces,
  referenceOnTrace,
} from './detect/trace-report.js';
import { perFrameSessions } from './detect/per-frame.js';
import { NULL, SCENARIOS } from './detect/scenarios.js';
import { SETTINGS, WARMUP } from './detect/settings.js';
import type { Condition, Scenario } from './detect/scenarios.js';

const scale = Number(process.env['DETECT_SCALE'] ?? 1);
const SESSION_SECONDS = 600;
const NULL_SESSIONS = Math.round(10_000 * scale);
/** The reference detectors alarm in 1–100 % of sessions: fewer sessions pin that down. */
const REFERENCE_NULL_SESSIONS = Math.round(2_000 * scale);
const SHIFT_SESSIONS = Math.round(3_000 * scale);
const TAIL_SESSIONS = Math.round(1_000 * scale);
const REFERENCE_SHIFT_SESSIONS = Math.round(1_000 * scale);
const POOL_SESSIONS = Math.max(20, Math.round(100 * scale));
const FACTORS = [1.05, 1.1, 1.2, 1.25, 1.5];
/** Changes come after the warm-up (a change inside it becomes the reference), within 4 min. */
function planFor(pool: BlockTable): ShiftPlan {
  let seconds = 0;
  for (let i = 0; i < pool.length; i++) seconds += pool.seconds[i] ?? 1;
  const earliest = Math.max(60, Math.ceil((WARMUP * seconds) / pool.length) + 30);
  return { earliest, latest: earliest + 240, horizon: 300 };
}

/** perfwarden measuring every frame, and as the monitor samples frames by default. */
const OURS = [perfwarden(SETTINGS), perfwarden(SETTINGS, 'adaptive')];
const detectors: DetectorEntry[] = [
  ...OURS,
  onChannels('fixed +10 % threshold', fixedThreshold(WARMUP, Math.log(1.1))),
  onChannels('Perfherder t > 7, ≥ 2 %', perfherder()),
  onChannels('repeated Welch p < 0.001', repeatedWelch(WARMUP)),
  onChannels('CUSUM (ARL-matched)', cusum(WARMUP, cusumThreshold(SESSION_SECONDS, 0.001))),
];

function cell(outcome: Outcome): string {
  const delays = [...outcome.delays].sort((a, b) => a - b);
  const caught = delays.length / outcome.sessions;
  if (delays.length === 0) return '0 %';
  return `${percent(caught)} · ${quantile(delays, 0.5)} s · ${quantile(delays, 0.95)} s`;
}

function falseAlarms(outcome: Outcome): string {
  const { falseAlarms: k, sessions: n, measured } = outcome;
  const sampled =
    measured !== undefined && measured < 1 ? `; ${percent(measured)} of windows measured` : '';
  return `${k}/${n} = ${percent(k / n, 2)} (≤ ${percent(upperBound(k, n), 2)})${sampled}`;
}

function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.error(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

function scenarioTable(scenario: Scenario, seed: number): string {
  const pools = new Map<string, BlockTable>();
  const pool = (condition: Condition): BlockTable => {
    const key = `${condition.type} ${condition.factor}`;
    let table = pools.get(key);
    if (!table) {
      table = timed(`pool ${scenario.name} ${key}`, () =>
        simulateBlocks(
          scenario,
          condition,
          POOL_SESSIONS,
          SESSION_SECONDS,
          seed + pools.size * 7919,
        ),
      );
      pools.set(key, table);
    }
    return table;
  };
  const before = pool(NULL);
  const plan = planFor(before);
  const conditions: Condition[] = FACTORS.map((factor) => ({ type: 'median', factor }));
  if (scenario.tail)
    conditions.push(...FACTORS.map((factor): Condition => ({ type: 'tail', factor })));
  const header = [
    'detector',
    'false alarms per 10-min session (95 % bound)',
    ...conditions.map(
      (c) => `${c.type === 'tail' ? 'tail ' : ''}+${Math.round((c.factor - 1) * 100)} %`,
    ),
  ];
  const rows = detectors.map((detector, d) => {
    const ours = d < OURS.length;
    const nullOutcome = timed(`${scenario.name} ${detector.name} null`, () =>
      runNull(
        detector,
        scenario,
        before,
        ours ? NULL_SESSIONS : REFERENCE_NULL_SESSIONS,
        SESSION_SECONDS,
        seed + 1,
      ),
    );
    const shifts = conditions.map((condition, c) =>
      timed(`${scenario.name} ${detector.name} ${condition.type} ${condition.factor}`, () => {
        // Median shifts scale the no-change blocks (exact for multiplicative work); shares
        // and tail-only shifts come from their own frame-by-frame pool.
        const after =
          condition.type === 'tail' || scenario.kind === 'proportion' ? pool(condition) : undefined;
        return runShift(
          detector,
          scenario,
          before,
          after,
          condition,
          !ours
            ? REFERENCE_SHIFT_SESSIONS
            : condition.type === 'tail'
              ? TAIL_SESSIONS
              : SHIFT_SESSIONS,
          plan,
          seed + 100 + c,
        );
      }),
    );
    return [detector.name, falseAlarms(nullOutcome), ...shifts.map(cell)];
  });
  return `### ${scenario.name}: ${scenario.label}\n\nChange at a uniform second in [${plan.earliest}, ${plan.latest}).\n\n${table(header, rows)}\n`;
}

function gatesTable(scenario: Scenario, seed: number): string {
  const pool = timed('pool gates', () =>
    simulateBlocks(scenario, NULL, POOL_SESSIONS, SESSION_SECONDS, seed),
  );
  // Sampling does not change what gates do: the gated sessions run perfwarden at full rate.
  const gated = detectors.filter((detector) => detector !== OURS[1]);
  const rows = gated.map((detector, d) => {
    const outcome = timed(`gates ${detector.name}`, () =>
      gatedSessions(
        d === 0 ? undefined : detector,
        scenario,
        pool,
        d === 0 ? NULL_SESSIONS : REFERENCE_NULL_SESSIONS,
        SESSION_SECONDS,
        seed + 1,
      ),
    );
    return [detector.name, falseAlarms(outcome)];
  });
  return `### gates: ${scenario.label}, hidden for 5–60 s every ~150 s (then ±10 % device speed), two scenes (one 1.6× the cost) switched every ~90 s, no regression\n\n${table(['detector', 'false alarms per 10-min session (95 % bound)'], rows)}\n`;
}

/**
 * The block-level harness against whole sessions simulated frame by frame through
 * `createAnalyzer`: false alarms, near misses (confidence ≥ 0.5 without an alarm) and delays
 * should agree within sampling error.
 */
function validationTable(seed: number): string {
  const rows: string[][] = [];
  for (const [name, factor] of [
    ['cpu-60', 1.1],
    ['frames-60', 1.2],
  ] as const) {
    const scenario = SCENARIOS.find((each) => each.name === name);
    if (!scenario) continue;
    const condition: Condition = { type: 'median', factor };
    const before = simulateBlocks(scenario, NULL, POOL_SESSIONS, SESSION_SECONDS, seed);
    const after =
      scenario.kind === 'proportion'
        ? simulateBlocks(scenario, condition, POOL_SESSIONS, SESSION_SECONDS, seed + 1)
        : undefined;
    const plan = planFor(before);
    const frames = Math.round(400 * scale);
    const blocks = Math.round(4000 * scale);
    const perFrameNull = timed(`per-frame ${name} null`, () =>
      perFrameSessions(scenario, frames, SESSION_SECONDS, seed + 2),
    );
    const perFrameShift = timed(`per-frame ${name} shift`, () =>
      perFrameSessions(scenario, frames, SESSION_SECONDS, seed + 3, { condition, plan }),
    );
    const [ours] = detectors;
    if (!ours) continue;
    const blockNull = runNull(ours, scenario, before, blocks, SESSION_SECONDS, seed + 4, true);
    const blockShift = runShift(ours, scenario, before, after, condition, blocks, plan, seed + 5);
    const near = (outcome: Outcome): string =>
      `${outcome.nearMisses ?? 0}/${outcome.sessions} = ${percent((outcome.nearMisses ?? 0) / outcome.sessions, 1)}`;
    const shift = `+${Math.round((factor - 1) * 100)} %`;
    rows.push([
      `${name}, frame by frame`,
      falseAlarms(perFrameNull),
      near(perFrameNull),
      `${shift}: ${cell(perFrameShift)}`,
    ]);
    rows.push([
      `${name}, block level`,
      falseAlarms(blockNull),
      near(blockNull),
      `${shift}: ${cell(blockShift)}`,
    ]);
  }
  return `### Validation: block-level sessions against the analyzer fed frame by frame\n\n${table(['scenario', 'false alarms', 'near misses (confidence ≥ 0.5)', 'shift: caught · median · p95'], rows)}\n`;
}

/** The Chromium traces of test/fixtures/traces/: first alarm of each detector. */
function tracesTable(): string {
  const traces = recordedTraces();
  const rows = traces.map((trace) => [
    trace.name,
    describeChange(trace),
    perfwardenOnTrace(trace).cell,
    ...detectors.slice(OURS.length).map((detector) => referenceOnTrace(detector, trace)),
  ]);
  const names = [OURS[0], ...detectors.slice(OURS.length)].map((d) => d?.name ?? '');
  return `### Real traces (Chromium, test/fixtures/traces/)\n\n${table(['trace', 'injected change', ...names], rows)}\n`;
}

const started = performance.now();
console.log(
  `# perfwarden detection benchmark\n\n${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}\n`,
);
console.log(
  `Null: ${NULL_SESSIONS} sessions of ${SESSION_SECONDS} s per scenario for perfwarden, ${REFERENCE_NULL_SESSIONS} for the others. Shifts: one change after the warm-up, caught within 300 s; ${SHIFT_SESSIONS} sessions per median shift and ${TAIL_SESSIONS} per tail shift for perfwarden, ${REFERENCE_SHIFT_SESSIONS} for the others. Cells: caught · median delay · p95 delay.\n`,
);
SCENARIOS.forEach((scenario, s) => {
  console.log(scenarioTable(scenario, 1_000_000 * (s + 1)));
});
const [first] = SCENARIOS;
if (first) console.log(gatesTable(first, 90_000_000));
console.log(validationTable(95_000_000));
console.log(tracesTable());
console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s.`);
