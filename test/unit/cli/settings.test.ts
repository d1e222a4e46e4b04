import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, runDuration } from '../../../src/cli/settings.js';

const directory = (): string => mkdtempSync(join(tmpdir(), 'perfwarden-settings-'));

describe('CLI settings', () => {
  it('uses defaults, then the config file, then flags', async () => {
    const cwd = directory();
    const defaults = await readSettings(['compare', 'http://a/'], cwd);
    expect(defaults.duration).toBeUndefined();
    // Without --duration: 2 s per run, 1 s when an A/B runs its pages side by side.
    expect(runDuration(defaults)).toBe(2000);
    expect(runDuration(defaults, true)).toBe(1000);
    writeFileSync(
      join(cwd, 'perfwarden.config.json'),
      JSON.stringify({ url: 'http://c/', duration: 5, metrics: ['cpu:p95'] }),
    );
    const fromConfig = await readSettings(['compare'], cwd);
    expect(fromConfig).toMatchObject({
      url: 'http://c/',
      duration: 5000,
      metrics: [{ metric: 'cpu', statistic: 'p95' }],
    });
    expect(runDuration(fromConfig, true)).toBe(5000);
    const flagsWin = await readSettings(
      ['compare', 'http://f/', '--duration', '3', '--metric', 'gpu'],
      cwd,
    );
    expect(flagsWin).toMatchObject({
      url: 'http://f/',
      duration: 3000,
      metrics: [{ metric: 'gpu', statistic: 'p50' }],
    });
  });

  it('reads perfwarden.config.mjs', async () => {
    const cwd = directory();
    writeFileSync(
      join(cwd, 'perfwarden.config.mjs'),
      "export default { baselineUrl: 'http://b/', threshold: 0.1 };",
    );
    expect(await readSettings(['compare', 'http://a/'], cwd)).toMatchObject({
      baselineUrl: 'http://b/',
      threshold: 0.1,
    });
  });

  it('names the file, key or flag that is wrong', async () => {
    const cwd = directory();
    writeFileSync(join(cwd, 'broken.json'), '{ "duration": ');
    await expect(readSettings(['compare', '--config', 'broken.json'], cwd)).rejects.toThrow(
      /cannot read config broken\.json/,
    );
    writeFileSync(join(cwd, 'typo.json'), '{ "durration": 3 }');
    await expect(readSettings(['compare', '--config', 'typo.json'], cwd)).rejects.toThrow(
      /unknown key "durration", did you mean "duration"\?/,
    );
    writeFileSync(join(cwd, 'bad.json'), '{ "duration": "long" }');
    await expect(readSettings(['compare', '--config', 'bad.json'], cwd)).rejects.toThrow(
      /config "duration" \(seconds\) must be a positive number/,
    );
    await expect(readSettings(['compare', '--threshold', '5'], cwd)).rejects.toThrow(
      /--threshold must be below 1/,
    );
    await expect(readSettings(['compare', '--arms', 'sideways'], cwd)).rejects.toThrow(
      /--arms must be parallel or alternate, got "sideways"/,
    );
    await expect(readSettings(['compare', '--nope'], cwd)).rejects.toThrow(
      /^unknown option --nope \(see perfwarden compare --help\)$/,
    );
  });

  it('refuses unknown metrics and statistics in flags and config files, listing the known ones', async () => {
    const cwd = directory();
    await expect(
      readSettings(
        ['compare', 'http://a/', '--baseline-url', 'http://b/', '--metric', 'cpux'],
        cwd,
      ),
    ).rejects.toThrow(
      /^--metric "cpux": unknown metric "cpux"; known: frame, cpu, gpu, .*span\.<name>/,
    );
    await expect(readSettings(['compare', '--metric', 'cpu:p42'], cwd)).rejects.toThrow(
      /^--metric "cpu:p42": unknown statistic "p42"; known: p10, p25, p50, p95, p99, mean, max$/,
    );
    await expect(readSettings(['baseline', 'update', '--metric', 'gpux'], cwd)).rejects.toThrow(
      /unknown metric "gpux"/,
    );
    writeFileSync(join(cwd, 'perfwarden.config.json'), '{ "metrics": ["gpu", "cpux"] }');
    await expect(readSettings(['compare'], cwd)).rejects.toThrow(
      /^config "metrics" "cpux": unknown metric "cpux"; known: frame, cpu/,
    );
    // Also when the command at hand does not use the key: a broken config says so at once.
    await expect(readSettings(['run', 'http://a/'], cwd)).rejects.toThrow(/unknown metric "cpux"/);
  });

  it('reads --fail-on-undecided and the config key failOnUndecided', async () => {
    const cwd = directory();
    expect((await readSettings(['compare'], cwd)).failOnUndecided).toBe(false);
    expect((await readSettings(['compare', '--fail-on-undecided'], cwd)).failOnUndecided).toBe(
      true,
    );
    writeFileSync(join(cwd, 'perfwarden.config.json'), '{ "failOnUndecided": true }');
    expect((await readSettings(['compare'], cwd)).failOnUndecided).toBe(true);
    writeFileSync(join(cwd, 'perfwarden.config.json'), '{ "failOnUndecided": "yes" }');
    await expect(readSettings(['compare'], cwd)).rejects.toThrow(
      /config "failOnUndecided" must be true or false/,
    );
  });

  it('names a missing config file as the user gave it, nothing internal', async () => {
    const cwd = directory();
    const error = await readSettings(['compare', '--config', 'conf/missing.json'], cwd).catch(
      (caught: unknown) => caught as Error,
    );
    expect((error as Error).message).toBe('config file conf/missing.json not found');
  });

  it('gives perfwarden storybook the config file too, with its own defaults, flags winning', async () => {
    const cwd = directory();
    const defaults = await readSettings(['storybook', 'storybook-static'], cwd);
    expect(defaults).toMatchObject({
      storybook: 'storybook-static',
      storyRuns: undefined,
      storyDuration: undefined,
      // Per mode: 0.1 against a stored baseline, 0.05 in an A/B of two builds.
      storyMargin: undefined,
      minRuns: 3,
    });
    writeFileSync(
      join(cwd, 'perfwarden.config.json'),
      JSON.stringify({ storybook: 'sb', filter: 'charts-*', runs: 4, margin: 0.2, duration: 0.5 }),
    );
    expect(await readSettings(['storybook'], cwd)).toMatchObject({
      storybook: 'sb',
      filter: 'charts-*',
      storyRuns: 4,
      storyMargin: 0.2,
      storyDuration: 500,
    });
    expect(await readSettings(['storybook', 'other', '--runs', '6'], cwd)).toMatchObject({
      storybook: 'other',
      storyRuns: 6,
    });
  });

  it('refuses a flag that belongs to another command, and an extra argument', async () => {
    const cwd = directory();
    await expect(readSettings(['run', 'http://a/', '--threshold', '0.1'], cwd)).rejects.toThrow(
      /^option --threshold does not apply here, only to perfwarden compare \(see perfwarden run --help\)$/,
    );
    await expect(readSettings(['compare', 'http://a/', 'http://b/'], cwd)).rejects.toThrow(
      /^unexpected argument "http:\/\/b\/"/,
    );
    await expect(readSettings(['compare', '--duration'], cwd)).rejects.toThrow(
      /^--duration needs a value, e\.g\. --duration <s>/,
    );
  });
});
