/**
 * `npm run bench environment`: the detector with the environment probe on simulated sessions
 * (not replayed traces) whose machine load steps up and down. Per-frame `cpu` follows the
 * detection bench's model (8 ms, block CV ≈ 5 %); a loaded machine multiplies it by 1.6. The
 * probe (once a second) reads the time its hold lost: a time slice of 2.5–8 ms when the hold
 * is cut, in 1 of 60 probes on a machine left alone and in `CUT_LOADED` of them loaded (9 in
 * 10 by default; about half in Chromium on a light page, docs/detection.md), else 0. Each
 * scenario runs with the probe and, for comparison, without it.
 *
 * - null: no code change, load steps every 60–180 s: share of sessions with any regression;
 * - +25 % under steady load (loaded all session), and under changing load: caught share,
 *   alarms before the change, median delay;
 * - testing share: blocks in which `cpu` is past its warm-up while the machine is not called
 *   busier (blocks left out after a single cut probe still count as tested here), under
 *   changing load and under steady load.
 */
import { createAnalyzer } from '../src/detect/create-analyzer.js';
import { seededRandom } from '../test/support/random.js';
import { WorkStream } from './detect/trace-model.js';
import { percent } from './detect/report.js';
import { CPU } from './detect/scenarios.js';

const FPS = 60;
const SECONDS = 600;
const CHANGE_AT = 300;
const SESSIONS = Number(process.env['SESSIONS'] ?? 200);
const LOAD_FACTOR = 1.6;
const CUT_LOADED = Number(process.env['CUT_LOADED'] ?? 0.9);

type Load = 'none' | 'steady' | 'changing';

interface Outcome {
  /** When each cpu regression was raised (s). */
  alarms: number[];
  testedBlocks: number;
}

/** Seconds at which the load toggles: every 60–180 s. */
function loadSteps(random: () => number): Set<number> {
  const steps = new Set<number>();
  for (let t = 30 + Math.floor(random() * 120); t < SECONDS; t += 60 + Math.floor(random() * 120)) {
    steps.add(t);
  }
  return steps;
}

function session(seed: number, load: Load, change: number, probe: boolean): Outcome {
  const analyzer = createAnalyzer();
  const alarms: number[] = [];
  analyzer.on('regression', (r) => {
    if (r.metric === 'cpu') alarms.push(r.detectedAt / 1000);
  });
  let environment = 'normal';
  analyzer.on('environment', (e) => {
    environment = e.state;
  });
  const cpu = new WorkStream(CPU, seed);
  const random = seededRandom(seed + 1);
  const steps = load === 'changing' ? loadSteps(random) : new Set<number>();
  let loaded = load === 'steady';
  let testedBlocks = 0;
  for (let second = 0; second < SECONDS; second++) {
    if (steps.has(second)) loaded = !loaded;
    cpu.factor = (loaded ? LOAD_FACTOR : 1) * (second >= CHANGE_AT ? change : 1);
    for (let f = 0; f < FPS; f++) {
      const time = second * 1000 + (f * 1000) / FPS;
      analyzer.add('cpu', cpu.next(), time);
      analyzer.add('frame', 1000 / FPS, time);
    }
    if (probe) {
      const cut = random() < (loaded ? CUT_LOADED : 1 / 60);
      analyzer.add('env.probe', cut ? 2.5 + 5.5 * random() : 0, second * 1000 + 500);
    }
    analyzer.tick((second + 1) * 1000);
    const state = analyzer.verdict('cpu')?.state;
    if (state !== undefined && state !== 'warming-up' && environment !== 'busier') testedBlocks++;
  }
  return { alarms, testedBlocks };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[sorted.length >> 1] ?? NaN) : NaN;
}

const rows: string[][] = [];
for (const probe of [true, false]) {
  const arm = probe ? 'with probe' : 'without probe';
  for (const load of ['changing', 'steady'] as const) {
    const nullRuns = Array.from({ length: SESSIONS }, (_, i) => session(1000 + i, load, 1, probe));
    rows.push([
      arm,
      load === 'changing' ? 'null, load steps' : 'null, steady load',
      `sessions with any cpu alarm: ${percent(nullRuns.filter((r) => r.alarms.length > 0).length / SESSIONS)}`,
      `testing share: ${percent(
        nullRuns.reduce((sum, r) => sum + r.testedBlocks, 0) / (SESSIONS * SECONDS),
      )}`,
    ]);
  }
  for (const load of ['steady', 'changing'] as const) {
    const runs = Array.from({ length: SESSIONS }, (_, i) => session(5000 + i, load, 1.25, probe));
    const caught = runs.filter((r) => r.alarms.some((t) => t > CHANGE_AT));
    const early = runs.filter((r) => r.alarms.some((t) => t <= CHANGE_AT));
    const delays = caught.map((r) => (r.alarms.find((t) => t > CHANGE_AT) ?? NaN) - CHANGE_AT);
    rows.push([
      arm,
      `+25 % at ${String(CHANGE_AT)} s, ${load} load`,
      `caught: ${percent(caught.length / SESSIONS)} (median ${median(delays).toFixed(0)} s after)`,
      `alarm before the change: ${percent(early.length / SESSIONS)}`,
    ]);
  }
}
console.log(`${String(SESSIONS)} sessions of ${String(SECONDS)} s per row, ${String(FPS)} fps`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
