/**
 * `npm run bench remembered`: page loads compared with remembered sessions
 * (`createDetector({ remember })`), simulated: how many loads of an unchanged page raise an
 * alarm, and how often and how fast a load with 30 % more CPU work per frame is caught, as the
 * level of the page moves between loads (a machine busier or quieter from one load to the
 * next). Every load is a new analyzer on the same in-memory storage, fed per frame at 60 fps
 * by the detection tests' page model (block CV ≈ 5 %), and ends hidden (which saves it).
 *
 * Environment: REMEMBERED_TRIALS (default 30) sets the trials per spread.
 */
import { createAnalyzer } from '../src/detect/create-analyzer.js';
import { Page, runSeconds } from '../test/unit/detect/simulate.js';
import { seededRandom } from '../test/support/random.js';
import { quantile, table } from './detect/report.js';

const TRIALS = Number(process.env['REMEMBERED_TRIALS'] ?? 30);
/** Loads of the unchanged page per null trial, and before the slower load. */
const NULL_LOADS = 20;
const SHIFT_LOADS = 5;
/** Until 3 loads are remembered a load learns its own reference: 36 s; later ones 14 s. */
const loadSeconds = (load: number): number => (load <= 3 ? 36 : 14);
/** Half-widths of the uniform spread of a load's level around the page's. */
const SPREADS = [0, 0.03, 0.06, 0.1];

/** localStorage as the detector uses it, in memory. */
const store = new Map<string, string>();
(globalThis as { localStorage?: unknown }).localStorage = {
  getItem: (key: string) => store.get(key) ?? null,
  setItem: (key: string, value: string) => store.set(key, value),
  removeItem: (key: string) => store.delete(key),
};

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** One load; returns when its cpu regression (if any) was found, in s since load. */
async function load(seed: number, factor: number, seconds: number): Promise<number[]> {
  const analyzer = createAnalyzer({ detector: { remember: 'bench' } });
  const found: number[] = [];
  analyzer.on('regression', (r) => found.push(r.detectedAt / 1000));
  const page = new Page(seed);
  page.cpu.factor = factor;
  runSeconds(analyzer, 0, 1, ({ time }) => {
    page.frame(analyzer, time);
  });
  await settle(); // the remembered sessions' code loads and reads the storage
  runSeconds(analyzer, 1, seconds, ({ time }) => {
    page.frame(analyzer, time);
  });
  analyzer.interrupt('hidden', seconds * 1000);
  await settle();
  return found;
}

const rows: string[][] = [];
for (const spread of SPREADS) {
  const random = seededRandom(Math.round(spread * 1000) + 1);
  const level = (): number => 1 + spread * (2 * random() - 1);
  let alarmed = 0;
  let loads = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    store.clear();
    for (let n = 1; n <= NULL_LOADS; n++) {
      loads++;
      if ((await load(trial * 1000 + n, level(), loadSeconds(n))).length > 0) alarmed++;
    }
  }
  let caught = 0;
  const times: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    store.clear();
    for (let n = 1; n <= SHIFT_LOADS; n++)
      await load(50_000 + trial * 10 + n, level(), loadSeconds(n));
    const [first] = await load(90_000 + trial, 1.3 * level(), 30);
    if (first !== undefined) {
      caught++;
      times.push(first);
    }
  }
  times.sort((a, b) => a - b);
  rows.push([
    `±${String(spread * 100)} %`,
    `${String(alarmed)} / ${String(loads)}`,
    `${((100 * caught) / TRIALS).toFixed(0)} % (${String(caught)} / ${String(TRIALS)})`,
    times.length > 0 ? `${quantile(times, 0.5).toFixed(0)} s` : '—',
  ]);
}
console.log(
  table(
    [
      'load-to-load level',
      `loads with an alarm (${String(NULL_LOADS)} per trial)`,
      '+30 % load caught within 30 s',
      'median time after load',
    ],
    rows,
  ),
);
