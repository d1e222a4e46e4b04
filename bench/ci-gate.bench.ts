/**
 * `npm run bench ci-gate`: how fast and how quietly `perfwarden compare` (interleaved A/B)
 * decides, on a quiet machine and beside a noisy neighbour.
 *
 * 1. Simulated jobs: the gate's decision (src/cli/interleaved.ts) on pairs of runs whose log
 *    values carry heavy-tailed noise (Student t, 3 degrees of freedom) of a given spread, same
 *    build in both arms: how often a job fails, and how many pairs it takes. Also the share of
 *    +25 % changes caught.
 * 2. Real jobs (needs `npm run build`): `node dist/cli.js compare` with its default metrics on
 *    bench/ci-gate-page.html, whose main-thread work per frame is a fixed number of loop
 *    iterations (WORK thousand), each job once quiet and once loaded. A change of +25 % is of
 *    the main thread's CPU time per frame (the loop grows by 25 % over its share of that time,
 *    measured first), not of the loop alone. Loaded:
 *    the bench starts one busy loop per core (child processes, each ended after the job and
 *    bounded to the job's time limit plus 30 s), so the OS shares the cores with them. Per
 *    condition: time to FAIL +25 % and +10 % work, and JOBS jobs of the same page against itself
 *    (false failures). WALL=1 adds the +25 % jobs decided on wall-clock `cpu p10` instead.
 *
 * 0. Before the jobs, how the main thread's CPU time is best read: DevTools
 *    `Performance.getMetrics` (`ThreadTime`, what the CLI uses) against Linux schedstat of the
 *    same thread (found through a trace), over 1-s spans: the cost of a reading, of a trace
 *    session, and how far the two agree; then the loop's share of the thread's time.
 *
 * 3. Tachometer beside it (TACHOMETER=1, the default): the peer users would pick, on the same
 *    pages with `&timed=60` (the page times its own loop per frame and leaves the mean in
 *    `window.tachometerResult`, tachometer's `expression` measurement), +25 % work, quiet and
 *    loaded: its time to resolve a 5 % difference (`autoSampleConditions`, at least SAMPLES
 *    samples per page, default 10). The bench installs tachometer 0.7.2 into
 *    build/tachometer, with a local `chromedriver` module pointing at Debian's
 *    /usr/bin/chromedriver (package `chromium-driver`, installed with apt as root when
 *    missing), so that tachometer does not try to download a driver.
 *
 * Environment: SIM_JOBS (default 2000 per row), JOBS (same-vs-same jobs per condition,
 * default 10, 0 skips the real jobs), CHANGE_JOBS (jobs per change and condition, default 3),
 * WORK (default 70), WALL (0), COMPARE_ARGS (flags added to every real job, e.g.
 * "--arms alternate" or "--duration 2" to try other layouts and run lengths).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { CDPSession, Page } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { compareInterleaved } from '../src/cli/interleaved.js';
import type { Arm } from '../src/cli/interleaved.js';
import { parseMetricStatistic } from '../src/cli/run-statistics.js';
import { findChromium, launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';
import { threadCpuNs } from '../src/cli/thread-cpu.js';
import { normalFrom, seededRandom } from '../test/support/random.js';
import { flatWindow } from '../test/support/windows.js';
import { startBusyNeighbour } from '../test/support/busy-neighbour.js';
import { CLI as cli, runCli } from '../test/support/cli-process.js';

const SIM_JOBS = Number(process.env['SIM_JOBS'] ?? 2000);
const JOBS = Number(process.env['JOBS'] ?? 10);
const CHANGE_JOBS = Number(process.env['CHANGE_JOBS'] ?? 3);
const root = process.cwd();

/** Student t with 3 degrees of freedom, scaled to unit variance. */
function studentT3(normal: () => number): () => number {
  return () => {
    const z = normal();
    const chi = normal() ** 2 + normal() ** 2 + normal() ** 2;
    return z / Math.sqrt(chi / 3) / Math.sqrt(3);
  };
}

async function simulate(effect: number, spread: number, seed: number) {
  const noise = studentT3(normalFrom(seededRandom(seed)));
  let clock = 0;
  const result = await compareInterleaved({
    subject: 'sim',
    checks: [parseMetricStatistic('cpu'), parseMetricStatistic('gpu')],
    alpha: 0.05,
    threshold: 0.05,
    timeLimitMs: 60_000,
    minPairs: 2,
    now: () => clock,
    run: (arm: Arm) => {
      clock += 4000; // 4 s per run: 7 pairs a minute, as measured on a loaded 2-core machine
      const slower = arm === 'candidate' ? 1 + effect : 1;
      return Promise.resolve(
        ['cpu', 'gpu'].map((metric) => flatWindow(metric, 5 * slower * Math.exp(spread * noise()))),
      );
    },
  });
  return {
    failed: result.verdicts.some((verdict) => verdict.outcome === 'fail'),
    decided: result.verdicts.every((verdict) => verdict.outcome !== 'inconclusive'),
    pairs: result.pairs,
  };
}

console.log(
  `Simulated jobs (${SIM_JOBS} per row; cpu and gpu; alpha 0.05, threshold 5 %, 60 s limit at 4 s per run):`,
);
console.log('| run spread (log sd) | change | jobs failed | jobs decided | median pairs |');
console.log('| --- | --- | --- | --- | --- |');
for (const spread of [0.03, 0.1, 0.3]) {
  for (const effect of [0, 0.25]) {
    let failed = 0;
    let decided = 0;
    const pairs: number[] = [];
    for (let job = 0; job < SIM_JOBS; job++) {
      const outcome = await simulate(
        effect,
        spread,
        job * 7919 + Math.round(spread * 1000) + (effect ? 1 : 0),
      );
      if (outcome.failed) failed++;
      if (outcome.decided) decided++;
      pairs.push(outcome.pairs);
    }
    pairs.sort((a, b) => a - b);
    console.log(
      `| ${spread} | ${effect ? '+25 %' : 'none'} | ${((failed / SIM_JOBS) * 100).toFixed(2)} % | ${((decided / SIM_JOBS) * 100).toFixed(1)} % | ${pairs[pairs.length >> 1]} |`,
    );
  }
}

const WORK = Number(process.env['WORK'] ?? 70);
/**
 * The share of the page's main-thread CPU time that is its loop (the rest: drawing, the
 * monitor, the browser's own work), measured in section 0: a change of `c` of the thread's time
 * is `c / loopShare` more loop iterations.
 */
let loopShare = 1;
const WALL = process.env['WALL'] === '1';
const COMPARE_ARGS = (process.env['COMPARE_ARGS'] ?? '').split(/\s+/).filter(Boolean);

interface Job {
  name: string;
  /** Work of the candidate page relative to the baseline's. */
  change: number;
  timeLimitS: number;
  metric?: string;
}

interface JobResult {
  status: number | null;
  seconds: number;
  pairs: number;
  /** The verdict lines and the note that says what decided. */
  summary: string;
  load: number;
}

async function runJob(origin: string, job: Job, loaded: boolean): Promise<JobResult> {
  const page = (work: number): string => `${origin}/ci-gate-page.html?work=${String(work)}`;
  const neighbour = loaded ? startBusyNeighbour((job.timeLimitS + 30) * 1000) : undefined;
  try {
    const run = await runCli([
      'compare',
      page(WORK * (1 + job.change / loopShare)),
      '--baseline-url',
      page(WORK),
      '--time-limit',
      String(job.timeLimitS),
      ...(job.metric === undefined ? [] : ['--metric', job.metric]),
      ...COMPARE_ARGS,
      '--quiet',
      '--out',
      join(root, 'build/bench/ci-gate-report'),
    ]);
    if (run.code === 2) console.log(run.stderr.trim());
    const verdicts = run.stdout
      .split('\n')
      .filter((line) => /^(PASS|FAIL|UNDECIDED|note: (decided|wall-clock))/.test(line));
    const pairs = Number(/after (\d+) pairs/.exec(run.stdout)?.[1] ?? NaN);
    return {
      status: run.code,
      seconds: run.seconds,
      pairs,
      summary: verdicts.join(' | '),
      load: loadavg()[0] ?? NaN,
    };
  } finally {
    neighbour?.stop();
  }
}

/** Main-thread CPU ms per frame of the page with `work`, over 3 s. */
async function threadMsPerFrame(page: Page, session: CDPSession, url: string): Promise<number> {
  await page.goto(url);
  await session.send('Performance.enable', { timeDomain: 'threadTicks' });
  await new Promise((done) => setTimeout(done, 1000));
  const read = async () => {
    const frames = await page.evaluate<number>('window.frameCount');
    const { metrics } = await session.send('Performance.getMetrics');
    return {
      frames,
      seconds: metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN,
    };
  };
  const before = await read();
  await new Promise((done) => setTimeout(done, 3000));
  const after = await read();
  await session.send('Performance.disable');
  return ((after.seconds - before.seconds) * 1000) / (after.frames - before.frames);
}

/** The loop's share of the page's main-thread CPU time (WORK against no loop). */
async function measureLoopShare(page: Page, session: CDPSession, origin: string): Promise<number> {
  const withLoop = await threadMsPerFrame(
    page,
    session,
    `${origin}/ci-gate-page.html?work=${String(WORK)}`,
  );
  const without = await threadMsPerFrame(page, session, `${origin}/ci-gate-page.html?work=0`);
  const share = Math.min(1, Math.max(0.1, (withLoop - without) / withLoop));
  console.log(
    `Main thread per frame: ${withLoop.toFixed(2)} ms with the loop (work=${String(WORK)}), ${without.toFixed(2)} ms without: the loop is ${(share * 100).toFixed(0)} %, so a change of c is work × (1 + c / ${share.toFixed(2)})`,
  );
  return share;
}

/** Section 0: DevTools ThreadTime against schedstat on the bench page. */
async function compareReadings(origin: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/ci-gate-page.html?work=${String(WORK)}`);
    const traceMs: number[] = [];
    let thread: { pid: number; tid: number } | undefined;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await browser.startTracing(undefined, { categories: ['blink.user_timing'] });
      await page.evaluate((name) => performance.mark(name), `ci-gate-bench-${String(i)}`);
      const events = (
        JSON.parse((await browser.stopTracing()).toString()) as {
          traceEvents: { name: string; pid: number; tid: number }[];
        }
      ).traceEvents;
      traceMs.push(performance.now() - started);
      thread = events.find((event) => event.name === `ci-gate-bench-${String(i)}`) ?? thread;
    }
    if (thread === undefined) throw new Error('the page left no mark in the trace');
    const main = thread;
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable', { timeDomain: 'threadTicks' });
    const read = async () => {
      const started = performance.now();
      const { metrics } = await session.send('Performance.getMetrics');
      const costMs = performance.now() - started;
      const schedNs = threadCpuNs(main);
      const seconds = metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN;
      return { costMs, schedNs, seconds };
    };
    const costs: number[] = [];
    const gaps: number[] = [];
    let before = await read();
    for (let round = 0; round < 5; round++) {
      await new Promise((done) => setTimeout(done, 1000));
      const after = await read();
      costs.push(after.costMs);
      const devtoolsMs = (after.seconds - before.seconds) * 1000;
      const schedMs = (after.schedNs - before.schedNs) / 1e6;
      gaps.push(Math.abs(devtoolsMs - schedMs) / schedMs);
      console.log(
        `  1-s span: ThreadTime ${devtoolsMs.toFixed(1)} ms, schedstat ${schedMs.toFixed(1)} ms`,
      );
      before = after;
    }
    loopShare = await measureLoopShare(page, session, origin);
    console.log(
      `Main-thread CPU time, DevTools ThreadTime vs schedstat: a reading costs ${Math.min(...costs).toFixed(1)}–${Math.max(...costs).toFixed(1)} ms, ` +
        `the two differ by at most ${(Math.max(...gaps) * 100).toFixed(2)} % per 1-s span; ` +
        `finding the thread for schedstat takes a trace session of ${Math.min(...traceMs).toFixed(0)}–${Math.max(...traceMs).toFixed(0)} ms per page load`,
    );
  } finally {
    await browser.close();
  }
}

const conditions = [
  { name: 'quiet', loaded: false },
  { name: 'loaded (busy loop on each core)', loaded: true },
];
if (JOBS > 0 && existsSync(cli)) {
  const server = await startStaticServer({ routes: { '/': join(root, 'bench') } });
  await compareReadings(server.origin).catch((error: unknown) => {
    console.log(`Reading comparison failed: ${String(error)}`);
  });
  const changeJobs: Job[] = [
    { name: '+25 % work', change: 0.25, timeLimitS: 60 },
    { name: '+10 % work', change: 0.1, timeLimitS: 90 },
    ...(WALL
      ? [
          {
            name: '+25 % work, wall-clock cpu p10',
            change: 0.25,
            timeLimitS: 60,
            metric: 'cpu:p10',
          },
        ]
      : []),
  ];
  console.log(
    `\nReal jobs: perfwarden compare ${server.origin}/ci-gate-page.html?work=<${String(WORK)} × (1 + change)> --baseline-url …?work=${String(WORK)} (default metrics), ${String(cpus().length)} cores`,
  );
  const rows: string[][] = [];
  const times = new Map<string, number[]>();
  try {
    for (const job of changeJobs) {
      const row = [job.name];
      const results = new Map<string, JobResult[]>(conditions.map(({ name }) => [name, []]));
      // Quiet and loaded jobs alternate, so a drift of the machine's other users does not fall
      // on one condition only.
      for (let repeat = 0; repeat < CHANGE_JOBS; repeat++) {
        for (const condition of conditions) {
          const result = await runJob(server.origin, job, condition.loaded);
          results.get(condition.name)?.push(result);
          console.log(
            `${job.name}, ${condition.name} ${String(repeat + 1)}: exit ${String(result.status)} in ${result.seconds.toFixed(1)} s, ${String(result.pairs)} pairs, load ${result.load.toFixed(1)}; ${result.summary}`,
          );
        }
      }
      for (const condition of conditions) {
        const jobs = results.get(condition.name) ?? [];
        const seconds = jobs.map((result) => result.seconds).sort((a, b) => a - b);
        const failed = jobs.filter((result) => result.status === 1).length;
        const median = seconds[seconds.length >> 1] ?? NaN;
        row.push(
          `${String(failed)}/${String(jobs.length)} FAIL, median ${median.toFixed(1)} s (${(seconds[0] ?? NaN).toFixed(1)}–${(seconds.at(-1) ?? NaN).toFixed(1)} s; ${jobs.map((result) => String(result.pairs)).join(', ')} pairs)`,
        );
        times.set(job.name, [...(times.get(job.name) ?? []), median]);
      }
      const [quiet = NaN, loaded = NaN] = times.get(job.name) ?? [];
      row.push(`${(loaded / quiet).toFixed(2)} ×`);
      rows.push(row);
    }
    const same: string[] = ['same vs same'];
    const sameJobs = new Map<string, JobResult[]>(conditions.map(({ name }) => [name, []]));
    for (let job = 0; job < JOBS; job++) {
      for (const condition of conditions) {
        const result = await runJob(
          server.origin,
          { name: 'same', change: 0, timeLimitS: 30 },
          condition.loaded,
        );
        sameJobs.get(condition.name)?.push(result);
        console.log(
          `same vs same ${String(job + 1)}, ${condition.name}: exit ${String(result.status)} in ${result.seconds.toFixed(1)} s, ${String(result.pairs)} pairs, load ${result.load.toFixed(1)}; ${result.summary}`,
        );
      }
    }
    for (const condition of conditions) {
      const jobs = sameJobs.get(condition.name) ?? [];
      const seconds = jobs.map((result) => result.seconds);
      same.push(
        `${String(jobs.filter((result) => result.status === 1).length)} false failures in ${String(jobs.length)} jobs (${Math.min(...seconds).toFixed(0)}–${Math.max(...seconds).toFixed(0)} s each)`,
      );
    }
    same.push('');
    rows.push(same);
  } finally {
    await server.close();
  }
  console.log('');
  console.log('| job | quiet | loaded | loaded / quiet time |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
} else if (JOBS > 0) {
  console.log('\nReal jobs skipped: run `npm run build` first.');
}

const TACHOMETER = process.env['TACHOMETER'] !== '0';
const SAMPLES = Number(process.env['SAMPLES'] ?? 10);
const CHROMEDRIVER = '/usr/bin/chromedriver';

/** Installs tachometer and a local `chromedriver` module; returns tach's path, or why not. */
function installTachometer(): { tach: string } | { why: string } {
  if (!existsSync(CHROMEDRIVER)) {
    const isRoot = process.getuid?.() === 0;
    const apt = isRoot
      ? spawnSync('apt-get', ['install', '-y', 'chromium-driver'], { stdio: 'ignore' })
      : undefined;
    if (!existsSync(CHROMEDRIVER)) {
      return {
        why: `${CHROMEDRIVER} is missing (${apt ? 'apt-get install chromium-driver failed' : 'install the chromium-driver package as root'})`,
      };
    }
  }
  const prefix = join(root, 'build/tachometer');
  const tach = join(prefix, 'node_modules/.bin/tach');
  if (!existsSync(tach)) {
    mkdirSync(prefix, { recursive: true });
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', 'tachometer@0.7.2'],
      { stdio: 'ignore' },
    );
    if (npm.status !== 0 || !existsSync(tach))
      return { why: 'npm install tachometer@0.7.2 failed' };
  }
  // Tachometer installs the `chromedriver` package on first use unless it resolves; that
  // package downloads a driver. This one points at the system's driver instead.
  const driver = join(prefix, 'node_modules/chromedriver');
  mkdirSync(driver, { recursive: true });
  writeFileSync(
    join(driver, 'package.json'),
    JSON.stringify({ name: 'chromedriver', version: '0.0.0-system', main: 'index.js' }),
  );
  writeFileSync(join(driver, 'index.js'), `exports.path = ${JSON.stringify(CHROMEDRIVER)};\n`);
  return { tach };
}

interface TachometerResult {
  seconds: number;
  status: number | null;
  /** The candidate's change against the baseline, % (tachometer's interval). */
  change: { low: number; high: number } | undefined;
  samples: number;
}

async function runTachometer(
  tach: string,
  change: number,
  loaded: boolean,
): Promise<TachometerResult> {
  // Paths in a tachometer config are relative to the config file's folder.
  const page = (work: number): string =>
    `${join(root, 'bench/ci-gate-page.html')}?work=${String(work)}&timed=60`;
  const browser = {
    name: 'chrome',
    headless: true,
    binary: findChromium(),
    addArguments: ['no-sandbox'],
  };
  const measurement = [{ mode: 'expression', expression: 'window.tachometerResult' }];
  const config = join(root, 'build/tachometer/config.json');
  const results = join(root, 'build/tachometer/results.json');
  writeFileSync(
    config,
    JSON.stringify({
      root,
      sampleSize: SAMPLES,
      timeout: 1,
      autoSampleConditions: ['5%'],
      benchmarks: [
        { name: 'baseline', url: page(WORK), measurement, browser },
        { name: 'candidate', url: page(WORK * (1 + change / loopShare)), measurement, browser },
      ],
    }),
  );
  // A results file from an earlier run must not stand in for a run that wrote none.
  rmSync(results, { force: true });
  const neighbour = loaded ? startBusyNeighbour(120_000) : undefined;
  const started = performance.now();
  try {
    const status = await new Promise<number | null>((done) => {
      const child = spawn(tach, ['--config', config, '--json-file', results], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('close', done);
    });
    const seconds = (performance.now() - started) / 1000;
    if (!existsSync(results)) return { seconds, status, change: undefined, samples: 0 };
    const json = JSON.parse(readFileSync(results, 'utf8')) as {
      benchmarks: {
        name: string;
        samples: number[];
        differences: ({ percentChange: { low: number; high: number } } | null)[];
      }[];
    };
    const candidate = json.benchmarks.find((benchmark) => benchmark.name === 'candidate');
    return {
      seconds,
      status,
      change: candidate?.differences.find((difference) => difference !== null)?.percentChange,
      samples: candidate?.samples.length ?? 0,
    };
  } finally {
    neighbour?.stop();
  }
}

if (TACHOMETER && JOBS > 0 && existsSync(cli)) {
  const installed = installTachometer();
  if ('why' in installed) {
    console.log(`\nTachometer skipped: ${installed.why}.`);
  } else {
    console.log(
      `\nTachometer 0.7.2 on the same pages (page-timed loop, +25 % work, at least ${String(SAMPLES)} samples per page, resolve 5 %, 1-min limit):`,
    );
    console.log('| tool | quiet | loaded |');
    console.log('| --- | --- | --- |');
    const cells: string[] = [];
    for (const condition of conditions) {
      const result = await runTachometer(installed.tach, 0.25, condition.loaded);
      const interval =
        result.change === undefined
          ? 'no result'
          : `${result.change.low.toFixed(1)} % to ${result.change.high.toFixed(1)} %`;
      cells.push(
        `${result.change !== undefined && result.change.low > 5 ? 'slower' : 'not resolved'} in ${result.seconds.toFixed(1)} s (${interval}, ${String(result.samples)} samples)`,
      );
    }
    console.log(`| tachometer, +25 % work | ${cells.join(' | ')} |`);
  }
}
