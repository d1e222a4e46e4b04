import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../src/cli/settings.js';

const directory = (): string => mkdtempSync(join(tmpdir(), 'perfwarden-settings-'));

describe('CLI settings', () => {
  it('uses defaults, then the config file, then flags', async () => {
    const cwd = directory();
    expect((await readSettings(['compare', 'http://a/'], cwd)).duration).toBe(2000);
    writeFileSync(
      join(cwd, 'perfwarden.config.json'),
      JSON.stringify({ url: 'http://c/', duration: 5, metrics: ['cpu:p95'] }),
    );
    const fromConfig = await readSettings(['compare'], cwd);
    expect(fromConfig).toMatchObject({ url: 'http://c/', duration: 5000, metrics: ['cpu:p95'] });
    const flagsWin = await readSettings(
      ['compare', 'http://f/', '--duration', '3', '--metric', 'gpu'],
      cwd,
    );
    expect(flagsWin).toMatchObject({ url: 'http://f/', duration: 3000, metrics: ['gpu'] });
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
      /cannot read config .*broken\.json/,
    );
    writeFileSync(join(cwd, 'typo.json'), '{ "durration": 3 }');
    await expect(readSettings(['compare', '--config', 'typo.json'], cwd)).rejects.toThrow(
      /unknown key "durration"/,
    );
    writeFileSync(join(cwd, 'bad.json'), '{ "duration": "long" }');
    await expect(readSettings(['compare', '--config', 'bad.json'], cwd)).rejects.toThrow(
      /config "duration" \(seconds\) must be a positive number/,
    );
    await expect(readSettings(['compare', '--threshold', '5'], cwd)).rejects.toThrow(
      /--threshold must be below 1/,
    );
    await expect(readSettings(['compare', '--nope'], cwd)).rejects.toThrow(
      /Unknown option '--nope'/,
    );
  });
});
