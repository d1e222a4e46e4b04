/**
 * The `perfwarden` CLI (dist/cli.js) against the example app (build/examples), served on
 * loopback: same build passes, +25 % CPU and +25 % GPU work fail naming the metric, and bad
 * input exits 2 with a clear message. Run `npm run build && npm run build:examples` first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../src/cli/static-server.js';
import type { StaticServer } from '../../src/cli/static-server.js';
import { runCli } from '../support/cli-process.js';
import type { CliRun } from '../support/cli-process.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

function cli(args: string[], cwd: string): Promise<CliRun> {
  return runCli(args, { cwd, env: { GITHUB_ACTIONS: '' } });
}

let server: StaticServer;
let work: string;
/** The example, lighter than its default so that a run is short, with regressions to inject. */
const app = (overrides: Record<string, string> = {}): string => {
  const params = new URLSearchParams({
    collector: '/none',
    n: '2000',
    cpu: '4',
    gpu: '12',
    ...overrides,
  });
  return `${server.origin}/scatter/?${params.toString()}`;
};
const MONITOR = ['--monitor', 'window.scatter.monitor'];

beforeAll(async () => {
  server = await startStaticServer({ routes: { '/': here('../../build/examples/') } });
  work = mkdtempSync(join(tmpdir(), 'perfwarden-cli-'));
});
afterAll(async () => {
  await server.close();
});

describe('perfwarden CLI: bad input exits 2 with a clear message', () => {
  it('missing URL', async () => {
    const result = await cli(['compare', '--baseline-url', 'http://127.0.0.1:1/'], work);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^perfwarden compare: the candidate URL is missing/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('unreachable page', async () => {
    const result = await cli(
      ['compare', 'http://127.0.0.1:9/', '--baseline-url', 'http://127.0.0.1:9/'],
      work,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot load http:\/\/127\.0\.0\.1:9\/.*Is the server running/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('corrupt baseline', async () => {
    writeFileSync(join(work, 'corrupt.json'), '{"format":"perfwarden-baseline","version":1,"entr');
    const result = await cli(['compare', app(), '--baseline', 'corrupt.json'], work);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/corrupt\.json/);
    expect(result.stderr).toMatch(/baseline update/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('budget with an unknown metric', async () => {
    writeFileSync(
      join(work, 'budget.json'),
      JSON.stringify(['cpu p95 <= 8 ms', 'cpux p95 <= 8 ms']),
    );
    const result = await cli(['compare', app(), '--budget', 'budget.json'], work);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /budget file budget\.json: budget "cpux p95 <= 8 ms": unknown metric "cpux"/,
    );
  });
});

describe('perfwarden compare, interleaved A/B on the example app', () => {
  it('passes the same build against itself, twice', async () => {
    for (let i = 0; i < 2; i++) {
      const result = await cli(
        [
          'compare',
          app(),
          '--baseline-url',
          app(),
          ...MONITOR,
          '--time-limit',
          '30',
          '--out',
          `same-${i}`,
        ],
        work,
      );
      console.log(
        `same vs same ${i + 1}: exit ${result.code} in ${result.seconds.toFixed(1)} s\n${result.stdout}`,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/^FAIL/m);
    }
  }, 150_000);

  it('fails +25 % CPU work per frame on cpu, with a verdict in well under the time limit', async () => {
    // cpu=4 on top of ~3 ms of drawing: +1.75 ms is +25 % of the frame's main-thread work. No
    // extra shader work here: llvmpipe's threads would compete with the main thread.
    const result = await cli(
      [
        'compare',
        app({ gpu: '0', cpu: '5.75' }),
        '--baseline-url',
        app({ gpu: '0' }),
        ...MONITOR,
        '--metric',
        'cpu:p10',
        '--time-limit',
        '120',
        '--out',
        'cpu',
      ],
      work,
    );
    console.log(
      `+25 % cpu: exit ${result.code} in ${result.seconds.toFixed(1)} s\n${result.stdout}`,
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL cpu p10/m);
    // Wall-clock cpu decides: a page running beside would slow it, so the runs alternate.
    expect(result.stdout).toMatch(/^note: the pages of a pair ran one after the other/m);
  }, 150_000);

  it("decides on the main thread's CPU time by default, and the report says so", async () => {
    // No --metric: the default checks. No --monitor: the injected monitor measures wall-clock
    // cpu, which is reported beside the deciding metric.
    const result = await cli(
      [
        'compare',
        app({ gpu: '0', cpu: '5.75' }),
        '--baseline-url',
        app({ gpu: '0' }),
        '--time-limit',
        '120',
        '--out',
        'thread',
      ],
      work,
    );
    console.log(
      `+25 % cpu, default metrics: exit ${result.code} in ${result.seconds.toFixed(1)} s\n${result.stdout}`,
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL cpu\.thread mean: /m);
    expect(result.stdout).toMatch(
      /^note: decided on cpu\.thread mean: the renderer main thread's CPU time per frame/m,
    );
    expect(result.stdout).toMatch(/^note: wall-clock cpu p10, reported, not deciding: .* ms → /m);
    // CPU time decides: the pages of a pair run at the same time, in two browsers.
    expect(result.stdout).toMatch(
      /^note: both pages of a pair ran at the same time, in two browsers/m,
    );
    const report = JSON.parse(readFileSync(join(work, 'thread', 'report.json'), 'utf8')) as {
      notes?: string[];
    };
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^decided on cpu\.thread mean: /)]),
    );
  }, 150_000);

  it('fails +25 % GPU work on gpu', async () => {
    // 12 → 18 shader iterations per pixel: about +25 % GPU time on llvmpipe here (`perfwarden
    // run`: 12 → 6.9–7.6 ms, 17 → 8.1–8.9 ms, 20 → 9.7–9.9 ms p50).
    const result = await cli(
      [
        'compare',
        app({ cpu: '0', gpu: '18' }),
        '--baseline-url',
        app({ cpu: '0' }),
        ...MONITOR,
        '--metric',
        'gpu:p10',
        '--time-limit',
        '120',
        '--out',
        'gpu',
      ],
      work,
    );
    console.log(
      `+25 % gpu: exit ${result.code} in ${result.seconds.toFixed(1)} s\n${result.stdout}`,
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL gpu p10/m);
  }, 150_000);
});
