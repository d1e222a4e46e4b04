/**
 * The command line end to end, in-process, with a fake browser (test/support/cli.ts): what a
 * new user sees for typos, help and runs that measured less than asked. Real runs are in
 * test/browser/cli.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/index.js';
import type { WindowSummary } from '../../../src/types.js';
import { runCli, temporaryDirectory } from '../../support/cli.js';
import { flatWindowWithHistogram as flatWindow } from '../../support/windows.js';

const CANDIDATE = 'http://candidate.test/';
const BASELINE = 'http://baseline.test/';

/** Both pages draw frames with 4 ms of cpu (and gpu when `gpu`); nothing else. */
const steady =
  (gpu = false) =>
  (): WindowSummary[] => [flatWindow('cpu', 4), ...(gpu ? [flatWindow('gpu', 6)] : [])];

const readReport = (out: string): Report =>
  JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;

describe('perfwarden: typos are one line naming the command, with the nearest flag', () => {
  it('says which option is unknown, in its own words', async () => {
    const result = await runCli(['compare', CANDIDATE, '--foo']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'perfwarden compare: unknown option --foo (see perfwarden compare --help)\n',
    );
    expect(result.ran).toEqual([]);
  });

  it('suggests the flag that was meant', async () => {
    const result = await runCli(['compare', CANDIDATE, '--treshold', '0.1']);
    expect(result.stderr).toBe(
      'perfwarden compare: unknown option --treshold, did you mean --threshold? (see perfwarden compare --help)\n',
    );
    const storybook = await runCli(['storybook', 'sb', '--min-run', '2']);
    expect(storybook.stderr).toMatch(
      /^perfwarden storybook: unknown option --min-run, did you mean --min-runs\?/,
    );
  });

  it('refuses a stored baseline and a baseline build together in perfwarden storybook', async () => {
    const result = await runCli([
      'storybook',
      'sb',
      '--baseline',
      'b.json',
      '--baseline-build',
      'main-sb',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^perfwarden storybook: give either --baseline-build \(interleaved A\/B of two builds\) or --baseline \(stored\), not both/,
    );
  });

  it('names a missing config file as given, without an internal path or a stack', async () => {
    const cwd = temporaryDirectory();
    const result = await runCli(['compare', CANDIDATE, '--config', 'conf/missing.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('perfwarden compare: config file conf/missing.json not found\n');
  });

  it('refuses an unknown metric before measuring anything', async () => {
    const result = await runCli([
      'compare',
      CANDIDATE,
      '--baseline-url',
      BASELINE,
      '--metric',
      'cpux',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^perfwarden compare: --metric "cpux": unknown metric "cpux"; known: frame, cpu, gpu, [^\n]*\n$/,
    );
    expect(result.ran).toEqual([]);
  });
});

describe('perfwarden <command> --help', () => {
  it('prints the command’s own usage, options with defaults, and an example', async () => {
    const compare = await runCli(['compare', '--help']);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/^Usage:\n {2}perfwarden compare <url> --baseline-url <url>/);
    expect(compare.stdout).toMatch(
      /--threshold <f> +A\/B: the smallest slowdown that fails; 0\.05 = 5 % \(default 0\.05\)/,
    );
    expect(compare.stdout).toContain('--fail-on-undecided');
    expect(compare.stdout).toMatch(/Example:\n {2}perfwarden compare http/);
    expect(compare.stdout).not.toContain('--min-runs');

    const run = await runCli(['run', '-h']);
    expect(run.stdout).toMatch(/^Usage:\n {2}perfwarden run <url>/);
    expect(run.stdout).toMatch(
      /--output <file> +run file to write \(default perfwarden-run\.json\)/,
    );
    expect(run.stdout).not.toContain('--threshold');

    const storybook = await runCli(['help', 'storybook']);
    expect(storybook.stdout).toMatch(/^Usage:\n {2}perfwarden storybook /);
    expect(storybook.stdout).toMatch(
      /--min-runs <n> +fewest runs before a decided story stops \(default 3\)/,
    );
    expect(storybook.stdout).toMatch(
      /--margin <f> +.*\(default 0\.1; 0\.05 with\s+--baseline-build\)/,
    );
    expect(storybook.stdout).toMatch(
      /--baseline-build <dir\|url>\s+another build of the Storybook/,
    );

    for (const command of [['baseline', 'update'], ['doctor'], ['hook', 'install']]) {
      const help = await runCli([...command, '--help']);
      expect(help.stdout).toMatch(new RegExp(`^Usage:\\n {2}perfwarden ${command.join(' ')}`));
      expect(help.stdout).toContain('Example:');
    }
  });
});

describe('perfwarden compare fails closed', () => {
  it('says that gpu was not measured without --monitor, and why, in the console and the report', async () => {
    const out = join(temporaryDirectory(), 'report');
    // The README's command: no --monitor, so the injected monitor (no gpu) measures.
    const result = await runCli(['compare', CANDIDATE, '--baseline-url', BASELINE, '--out', out], {
      windows: steady(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^note: gpu was not measured: the monitor the CLI injects cannot time the GPU .* --monitor <expression>/m,
    );
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(
      /> ℹ️ gpu was not measured: .*--monitor/,
    );
    expect(readReport(out).notes?.[0]).toMatch(/^gpu was not measured/);
  });

  it('refuses a gpu metric asked for without --monitor before running anything', async () => {
    const result = await runCli([
      'compare',
      CANDIDATE,
      '--baseline-url',
      BASELINE,
      '--metric',
      'gpu:p95',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^perfwarden compare: --metric gpu:p95 needs --monitor: /);
    expect(result.ran).toEqual([]);
  });

  it('exits non-zero, naming it, when a metric asked for produced no samples', async () => {
    const out = join(temporaryDirectory(), 'report');
    const nothing = await runCli(
      ['compare', CANDIDATE, '--baseline-url', BASELINE, '--metric', 'span.layout', '--out', out],
      { windows: steady() },
    );
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(
      /^perfwarden compare: nothing was compared: span\.layout p50 \(not measured on either page: the page made no performance\.measure\('layout'\)/m,
    );
    expect(readReport(out).outcome).toBe('undecided');
    expect(nothing.stdout).not.toContain('exit 0');

    const partly = await runCli(
      [
        'compare',
        CANDIDATE,
        '--baseline-url',
        BASELINE,
        '--metric',
        'cpu',
        '--metric',
        'span.layout',
        '--out',
        out,
      ],
      { windows: steady() },
    );
    expect(partly.stdout).toMatch(/^PASS cpu p50/m);
    expect(partly.code).toBe(2);
    expect(partly.stderr).toMatch(/^perfwarden compare: not measured as asked: span\.layout p50/m);
  });

  it('never passes when no metric had data on both pages', async () => {
    const out = join(temporaryDirectory(), 'report');
    const result = await runCli(['compare', CANDIDATE, '--baseline-url', BASELINE, '--out', out], {
      // Only the baseline page draws: there is no pair to compare.
      windows: (url) => (url === BASELINE ? steady()() : []),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^perfwarden compare: nothing was compared: cpu p10 \(no pair of runs measured cpu on both pages/m,
    );
  });

  it('never passes a budget-only run whose budgets measured nothing', async () => {
    const cwd = temporaryDirectory();
    writeFileSync(join(cwd, 'budget.json'), '["inp <= 200 ms"]');
    const result = await runCli(
      [
        'compare',
        CANDIDATE,
        '--budget',
        join(cwd, 'budget.json'),
        '--runs',
        '1',
        '--out',
        join(cwd, 'r'),
      ],
      { cwd, windows: steady() },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing was compared: budget "inp <= 200 ms" \(no inp windows/);
  });

  it('refuses a relative budget whose metric is not compared, before running', async () => {
    const cwd = temporaryDirectory();
    writeFileSync(join(cwd, 'budget.json'), '["cpu <= +5 %"]');
    const result = await runCli(
      ['compare', CANDIDATE, '--baseline-url', BASELINE, '--budget', join(cwd, 'budget.json')],
      { cwd, windows: steady() },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /budget "cpu <= \+5 %" needs cpu p50 compared: add --metric cpu:p50/,
    );
    expect(result.ran).toEqual([]);
  });
});

describe('perfwarden compare says which metric decided, and why', () => {
  /** Both pages: wall-clock cpu and main-thread CPU time; the candidate's thread does +25 %. */
  const threadTime = (url: string): WindowSummary[] => [
    flatWindow('cpu', 4),
    flatWindow('cpu.thread', url === CANDIDATE ? 3.75 : 3),
  ];

  it('decides on cpu.thread by default, reporting wall-clock cpu beside it', async () => {
    const out = join(temporaryDirectory(), 'report');
    const result = await runCli(['compare', CANDIDATE, '--baseline-url', BASELINE, '--out', out], {
      windows: threadTime,
      mainThreadTime: true,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL cpu\.thread mean: 3\.00 ms → 3\.75 ms, \+25\.0 %/m);
    expect(result.stdout).not.toMatch(/^\w+ cpu p10/m);
    expect(result.stdout).toMatch(
      /^note: decided on cpu\.thread mean: the renderer main thread's/m,
    );
    expect(result.stdout).toMatch(
      /^note: wall-clock cpu p10, reported, not deciding: 4\.0\d* ms → 4\.0\d* ms, \+0\.0 %/m,
    );
    expect(readReport(out).notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^decided on cpu\.thread mean: /)]),
    );
  });

  it('decides on wall-clock cpu where the browser gives no thread time, and says so', async () => {
    const out = join(temporaryDirectory(), 'report');
    const result = await runCli(['compare', CANDIDATE, '--baseline-url', BASELINE, '--out', out], {
      windows: steady(),
      mainThreadTime: false,
      delayMs: 5,
    });
    expect(result.stdout).toMatch(/^PASS cpu p10: /m);
    expect(result.stdout).toMatch(
      /^note: decided on wall-clock cpu p10: this browser gives no main-thread CPU time/m,
    );
  });
});

describe('perfwarden compare says "undecided" plainly', () => {
  // One pair, then the time limit: nothing can be decided from one difference.
  const undecided = ['--metric', 'cpu', '--time-limit', '0.001'];

  it('heads an all-undecided comparison "undecided" and exits 0 by default', async () => {
    const out = join(temporaryDirectory(), 'report');
    const result = await runCli(
      ['compare', CANDIDATE, '--baseline-url', BASELINE, ...undecided, '--out', out],
      {
        windows: steady(),
        delayMs: 5,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^UNDECIDED cpu p50: /m);
    expect(result.stdout).toMatch(
      /^undecided: 1 of 1 check undecided, no confident regression after 1 pairs .*--fail-on-undecided makes it 1/m,
    );
    expect(result.stdout).not.toMatch(/^no confident regression/m);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^## perfwarden: ❔ undecided: /);
    expect(readReport(out).outcome).toBe('undecided');
  });

  it('exits 1 on undecided with --fail-on-undecided, or the config key failOnUndecided', async () => {
    const cwd = temporaryDirectory();
    const flag = await runCli(
      [
        'compare',
        CANDIDATE,
        '--baseline-url',
        BASELINE,
        ...undecided,
        '--fail-on-undecided',
        '--out',
        join(cwd, 'a'),
      ],
      { cwd, windows: steady(), delayMs: 5 },
    );
    expect(flag.code, flag.stderr).toBe(1);
    writeFileSync(join(cwd, 'perfwarden.config.json'), '{ "failOnUndecided": true }');
    const config = await runCli(
      ['compare', CANDIDATE, '--baseline-url', BASELINE, ...undecided, '--out', join(cwd, 'b')],
      { cwd, windows: steady(), delayMs: 5 },
    );
    expect(config.code, config.stderr).toBe(1);
  });

  it('still passes a decided comparison with --fail-on-undecided, and fails a regression', async () => {
    const cwd = temporaryDirectory();
    const same = await runCli(
      [
        'compare',
        CANDIDATE,
        '--baseline-url',
        BASELINE,
        '--metric',
        'cpu',
        '--fail-on-undecided',
        '--out',
        join(cwd, 'a'),
      ],
      { cwd, windows: steady() },
    );
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toMatch(/^pass: 1 check decided, no regression/m);
    const slower = await runCli(
      [
        'compare',
        CANDIDATE,
        '--baseline-url',
        BASELINE,
        '--metric',
        'cpu',
        '--out',
        join(cwd, 'b'),
      ],
      { cwd, windows: (url) => [flatWindow('cpu', url === CANDIDATE ? 6 : 4)] },
    );
    expect(slower.code, slower.stdout).toBe(1);
    expect(slower.stdout).toMatch(/^FAIL cpu p50/m);
  });
});
