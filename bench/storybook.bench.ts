/**
 * `npm run bench storybook`: what `perfwarden storybook` costs and how it decides, on the React
 * example's built Storybook (needs `npm run build` and `npm run build:storybook:react`), each
 * job the real CLI (`node dist/cli.js storybook …`) with its defaults (the A/B jobs with
 * `--runs PAIRS`), as CI would run it:
 *
 * 1. CI mode against a stored baseline: one job saves a baseline of every story, a second
 *    checks the same build against it. Time per story and in all.
 * 2. A/B of two builds, same against same (`--baseline-build` of the build itself): JOBS jobs;
 *    a job that fails any story is a false failure.
 * 3. A/B with a +25 % render cost in one story, as a pull request would bring it: the candidate
 *    is a copy of the build in which the SVG scatter's `Default` story draws MORE_POINTS points
 *    instead of 2,000. One React element per point, but the story's render also holds work that
 *    does not grow with the points (Storybook's remount, the axes), so the default, 2,650
 *    points, costs about a quarter more render CPU time; the table gives the change as
 *    measured. The `Interactions` story keeps 2,000. INJECTED_JOBS jobs: is that story failed,
 *    and are the others not?
 *
 * Environment: JOBS (same-against-same A/B jobs, default 10), INJECTED_JOBS (default 3),
 * MORE_POINTS (the slower story's points, default 2650),
 * PAIRS (most pairs per story in the A/B jobs, `--runs`; default 20, where a story's own
 * `runs` is often fewer).
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/index.js';
import { CLI, runCli } from '../test/support/cli-process.js';
import { quantile, table } from './detect/report.js';

const JOBS = Number(process.env['JOBS'] ?? 10);
const INJECTED_JOBS = Number(process.env['INJECTED_JOBS'] ?? 3);
const PAIRS = Number(process.env['PAIRS'] ?? 20);
/** Arguments of every A/B job. */
const AB_ARGS = ['--runs', String(PAIRS)];
const STORY = 'react-svg-scatter--default';
const POINTS = 2000;
const MORE_POINTS = Number(process.env['MORE_POINTS'] ?? 2650);
const root = process.cwd();
const STORYBOOK = join(root, 'build/storybook-react');

interface Job {
  code: number;
  seconds: number;
  report: Report;
  /** Seconds each story took, from the CLI's progress lines. */
  storySeconds: Map<string, number>;
}

/** Runs `perfwarden storybook …args` as a user would; its report and the time per story. */
async function storybookJob(out: string, args: string[]): Promise<Job> {
  const { code, stderr, seconds } = await runCli(['storybook', ...args, '--out', out], {
    cwd: root,
  });
  const storySeconds = new Map<string, number>();
  for (const match of stderr.matchAll(/^([\w-]+--[\w-]+): \d+ (?:runs|pairs) in ([\d.]+) s/gm)) {
    storySeconds.set(match[1] ?? '', Number(match[2]));
  }
  const report = await readFile(join(out, 'report.json'), 'utf8').catch(() => {
    throw new Error(`perfwarden storybook ${args.join(' ')} exited ${String(code)}:\n${stderr}`);
  });
  return { code: code ?? -1, seconds, report: JSON.parse(report) as Report, storySeconds };
}

/**
 * Makes the built SVG scatter's `Default` story draw MORE_POINTS points: in the minified stories
 * module, `Default` is the empty story object that comes just before `Interactions` (the one
 * with a play function). Throws when the build does not look like that any more.
 */
async function moreDefaultPoints(assets: string): Promise<void> {
  const file = (await readdir(assets)).find((name) => /^scatter-svg\.stories-.*\.js$/.test(name));
  if (file === undefined) throw new Error(`no scatter-svg stories module in ${assets}`);
  const path = join(assets, file);
  const code = await readFile(path, 'utf8');
  const pattern = /(\w+)=\{\},(\w+)=\{play:/;
  if (!pattern.test(code) || !code.includes(`args:{points:${String(POINTS / 1000)}e3}`)) {
    throw new Error(`${path}: the Default story or its ${String(POINTS)} points were not found`);
  }
  await writeFile(
    path,
    code.replace(pattern, `$1={args:{points:${String(MORE_POINTS)}}},$2={play:`),
  );
}

const failedStories = (report: Report): string[] => [
  ...new Set(report.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.subject)),
];

async function main(): Promise<void> {
  for (const [path, how] of [
    [CLI, 'npm run build'],
    [join(STORYBOOK, 'index.json'), 'npm run build:storybook:react'],
  ] as const) {
    if (!existsSync(path)) {
      console.error(`${path} is missing: run ${how} first`);
      process.exit(2);
    }
  }
  const work = await mkdtemp(join(tmpdir(), 'perfwarden-bench-storybook-'));
  console.log(
    `${new Date().toISOString()} · load average ${loadavg()[0]?.toFixed(1) ?? '?'} · ` +
      `JOBS=${String(JOBS)} INJECTED_JOBS=${String(INJECTED_JOBS)} PAIRS=${String(PAIRS)}`,
  );
  try {
    // 1. CI mode with a stored baseline.
    const baseline = join(work, 'baseline.json');
    const save = await storybookJob(join(work, 'save'), [STORYBOOK, '--save-baseline', baseline]);
    const check = await storybookJob(join(work, 'check'), [STORYBOOK, '--baseline', baseline]);
    console.log('\n1. CI mode, defaults, every story of the React example');
    const stories = [...check.storySeconds.keys()];
    console.log(
      table(
        ['story', 'save baseline (s)', 'check (s)', 'check verdict'],
        stories.map((story) => [
          story,
          save.storySeconds.get(story)?.toFixed(1) ?? '–',
          check.storySeconds.get(story)?.toFixed(1) ?? '–',
          failedStories(check.report).includes(story) ? 'fail' : 'pass/undecided',
        ]),
      ),
    );
    console.log(
      `in all (Chromium's start included): save ${save.seconds.toFixed(1)} s, check ` +
        `${check.seconds.toFixed(1)} s (exit ${String(check.code)}, outcome ${check.report.outcome})`,
    );

    // 2. Same against same.
    const same: Job[] = [];
    for (let job = 0; job < JOBS; job++) {
      same.push(
        await storybookJob(join(work, `same-${String(job)}`), [
          STORYBOOK,
          '--baseline-build',
          STORYBOOK,
          ...AB_ARGS,
        ]),
      );
      const last = same[same.length - 1];
      if (last) {
        console.log(
          `  same vs same job ${String(job + 1)}: exit ${String(last.code)}, ` +
            `${last.seconds.toFixed(1)} s, failed: ${failedStories(last.report).join(', ') || 'none'}`,
        );
      }
    }
    const falseFailures = same.filter((job) => failedStories(job.report).length > 0).length;
    const times = same.map((job) => job.seconds).sort((a, b) => a - b);
    if (JOBS > 0) {
      console.log(
        `\n2. A/B same against same: ${String(falseFailures)} of ${String(JOBS)} jobs failed a story; ` +
          `job time median ${quantile(times, 0.5).toFixed(1)} s (${Math.min(...times).toFixed(1)}–` +
          `${Math.max(...times).toFixed(1)} s)`,
      );
    }
    if (INJECTED_JOBS === 0) return;

    // 3. +25 % render cost in one story.
    const candidate = join(work, 'candidate');
    await cp(STORYBOOK, candidate, { recursive: true });
    await moreDefaultPoints(join(candidate, 'assets'));
    console.log(
      `\n3. A/B, ${STORY} drawing ${String(MORE_POINTS)} points instead of ${String(POINTS)} ` +
        '(about +25 % render CPU time), the other stories unchanged',
    );
    const rows: string[][] = [];
    for (let job = 0; job < INJECTED_JOBS; job++) {
      const result = await storybookJob(join(work, `slower-${String(job)}`), [
        candidate,
        '--baseline-build',
        STORYBOOK,
        ...AB_ARGS,
      ]);
      const failed = failedStories(result.report);
      const change = (metric: string): string => {
        const verdict = result.report.verdicts.find(
          (v) => v.subject === STORY && v.metric === metric,
        );
        return verdict?.delta === undefined
          ? '–'
          : `${(verdict.delta * 100).toFixed(1)} % [${((verdict.interval?.[0] ?? NaN) * 100).toFixed(1)}, ${((verdict.interval?.[1] ?? NaN) * 100).toFixed(1)}] %`;
      };
      const failedLevels = result.report.verdicts
        .filter((v) => v.subject === STORY && v.outcome === 'fail')
        .map(
          (v) =>
            `${v.metric} ${v.statistic} ${v.delta === undefined ? '' : `+${(v.delta * 100).toFixed(1)} %`}`,
        );
      rows.push([
        String(job + 1),
        failed.includes(STORY) ? 'yes' : 'no',
        failed.filter((story) => story !== STORY).join(', ') || 'none',
        change('cpu.thread.render'),
        change('cpu.thread.total'),
        failedLevels.join(', ') || '–',
        result.storySeconds.get(STORY)?.toFixed(1) ?? '–',
        result.seconds.toFixed(1),
      ]);
    }
    console.log(
      table(
        [
          'job',
          `${STORY} failed`,
          'other stories failed',
          'its cpu.thread.render level change',
          'its cpu.thread.total level change',
          'its failed levels',
          'story (s)',
          'job (s)',
        ],
        rows,
      ),
    );
  } finally {
    if (!process.env['KEEP']) await rm(work, { recursive: true, force: true });
  }
}

await main();
