/**
 * `npm run bench ci-gate`: the false-failure rate of `perfwarden compare` (interleaved A/B).
 *
 * 1. Simulated jobs: the gate's decision (src/cli/interleaved.ts) on pairs of runs whose log
 *    values carry heavy-tailed noise (Student t, 3 degrees of freedom) of a given spread, same
 *    build in both arms: how often a job fails, and how many pairs it takes. Also the share of
 *    +25 % changes caught.
 * 2. Real jobs: `node dist/cli.js compare` of the example app against itself, JOBS times
 *    (default 5; needs `npm run build && npm run build:examples`): exit codes and wall times.
 *
 * Environment: SIM_JOBS (default 2000 per row), JOBS (real jobs, default 5, 0 to skip).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareInterleaved } from '../src/cli/interleaved.js';
import type { Arm } from '../src/cli/interleaved.js';
import { parseMetricStatistic } from '../src/cli/run-statistics.js';
import { startStaticServer } from '../src/cli/static-server.js';
import { normalFrom, seededRandom } from '../test/support/random.js';
import { flatWindow } from '../test/support/windows.js';

const SIM_JOBS = Number(process.env['SIM_JOBS'] ?? 2000);
const JOBS = Number(process.env['JOBS'] ?? 5);
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

const cli = join(root, 'dist/cli.js');

function runCli(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      done({ status, stdout, stderr });
    });
  });
}
const examples = join(root, 'build/examples');
if (JOBS > 0 && existsSync(cli) && existsSync(examples)) {
  const server = await startStaticServer({ routes: { '/': examples } });
  const url = `${server.origin}/scatter/?collector=/none&n=2000&cpu=4&gpu=12`;
  console.log(`\nReal jobs: perfwarden compare ${url} --baseline-url (same) --time-limit 30`);
  let failures = 0;
  for (let job = 0; job < JOBS; job++) {
    const started = performance.now();
    // Asynchronous: this process serves the pages the CLI loads.
    const run = await runCli([
      cli,
      'compare',
      url,
      '--baseline-url',
      url,
      '--monitor',
      'window.scatter.monitor',
      '--time-limit',
      '30',
      '--quiet',
      '--out',
      join(root, 'build/bench/ci-gate-report'),
    ]);
    if (run.status === 1) failures++;
    if (run.status === 2) console.log(run.stderr.trim());
    const lines = run.stdout.split('\n').filter((line) => /^(PASS|FAIL|UNDECIDED)/.test(line));
    console.log(
      `job ${job + 1}: exit ${run.status} in ${((performance.now() - started) / 1000).toFixed(1)} s; ${lines.join('; ')}`,
    );
  }
  console.log(`false failures: ${failures} of ${JOBS} real jobs`);
  await server.close();
} else if (JOBS > 0) {
  console.log('\nReal jobs skipped: run `npm run build && npm run build:examples` first.');
}
