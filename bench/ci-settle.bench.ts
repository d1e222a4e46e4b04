/**
 * `npm run build && npm run bench ci-settle`: how long `perfwarden compare` should leave a page
 * unmeasured after its monitor is found (`--settle`). Same-against-same interleaved A/B jobs of
 * bench/ci-gate-page.html with each settle value (`SETTLES`, seconds, default 0.5,0.25,0.1),
 * the values taking turns job by job for `ROUNDS` rounds (default 3), each job to PASS or
 * `--time-limit 40`. Per value: the spread of the pairs' log differences of the deciding
 * metrics (`cpu.thread`, `cpu.gpu`), with a 95 % interval, and the seconds per pair. A settle
 * too short shows as a wider spread (the first frames' compiling and caching in the runs); what
 * it saves shows in the seconds per pair. LOADED=1 runs every job beside a busy loop per core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from '../src/cli/static-server.js';
import { startBusyNeighbour } from '../test/support/busy-neighbour.js';
import { CLI, runCli } from '../test/support/cli-process.js';
import { standardDeviation } from './overhead/statistics.js';

const SETTLES = (process.env['SETTLES'] ?? '0.5,0.25,0.1').split(',');
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const LOADED = process.env['LOADED'] === '1';
const TIME_LIMIT_S = 40;
const root = process.cwd();

interface Verdict {
  metric: string;
  samples?: { baseline: number[]; candidate: number[] };
}

interface Collected {
  differences: Map<string, number[]>;
  secondsPerPair: number[];
}

/** The spread in per cent with its 95 % interval (normal approximation of the χ² interval). */
function spread(values: readonly number[]): string {
  if (values.length < 3) return '—';
  const sd = standardDeviation(values);
  const half = 1.96 / Math.sqrt(2 * (values.length - 1));
  const percent = (value: number): string => (value * 100).toFixed(1);
  return `${percent(sd)} % (${percent(sd / (1 + half))}–${percent(sd / Math.max(0.05, 1 - half))} %, ${values.length} pairs)`;
}

if (!existsSync(CLI)) {
  console.log('dist/cli.js is missing: run `npm run build` first.');
} else {
  const server = await startStaticServer({ routes: { '/': join(root, 'bench') } });
  const url = `${server.origin}/ci-gate-page.html?work=70`;
  const collected = new Map<string, Collected>(
    SETTLES.map((settle) => [settle, { differences: new Map(), secondsPerPair: [] }]),
  );
  console.log(
    `Same against same: perfwarden compare ${url} --baseline-url ${url} --settle <s> --time-limit ${TIME_LIMIT_S}${LOADED ? ', beside a busy loop per core' : ''}`,
  );
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const settle of SETTLES) {
        const out = join(root, 'build/bench/ci-settle-report');
        const neighbour = LOADED ? startBusyNeighbour((TIME_LIMIT_S + 30) * 1000) : undefined;
        const flags = ['--settle', settle, '--time-limit', String(TIME_LIMIT_S), '--quiet'];
        const run = await runCli(['compare', url, '--baseline-url', url, ...flags, '--out', out]);
        neighbour?.stop();
        if (run.code === 2) {
          console.log(`settle ${settle}: ${run.stderr.trim()}`);
          continue;
        }
        const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
          verdicts: Verdict[];
          durationMs: number;
          runs: number;
        };
        const entry = collected.get(settle);
        if (entry === undefined) continue;
        for (const verdict of report.verdicts) {
          const { samples } = verdict;
          if (samples === undefined || !verdict.metric.startsWith('cpu.')) continue;
          const differences = entry.differences.get(verdict.metric) ?? [];
          samples.baseline.forEach((baseline, i) => {
            const candidate = samples.candidate[i];
            if (candidate !== undefined) differences.push(Math.log(candidate / baseline));
          });
          entry.differences.set(verdict.metric, differences);
        }
        entry.secondsPerPair.push(report.durationMs / 1000 / report.runs);
        console.log(
          `  round ${round + 1}, settle ${settle} s: ${report.runs} pairs in ${(report.durationMs / 1000).toFixed(1)} s`,
        );
      }
    }
  } finally {
    await server.close();
  }
  const metrics = [
    ...new Set([...collected.values()].flatMap((each) => [...each.differences.keys()])),
  ];
  console.log(
    `\n| --settle | ${metrics.map((metric) => `${metric}: spread of a pair's log difference`).join(' | ')} | seconds per pair (mean, range) |`,
  );
  console.log(`| --- | ${metrics.map(() => '---').join(' | ')} | --- |`);
  for (const [settle, entry] of collected) {
    const seconds = entry.secondsPerPair;
    const mean = seconds.reduce((sum, value) => sum + value, 0) / Math.max(1, seconds.length);
    console.log(
      `| ${settle} s | ${metrics.map((metric) => spread(entry.differences.get(metric) ?? [])).join(' | ')} | ${mean.toFixed(2)} (${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)}) |`,
    );
  }
}
