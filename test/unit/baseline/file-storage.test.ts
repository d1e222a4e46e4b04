import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addRunToBaselineFile,
  readBaselineFile,
  writeBaselineFile,
} from '../../../src/baseline/file-storage.js';
import type { Baseline } from '../../../src/baseline/baseline.js';

const directory = mkdtempSync(join(tmpdir(), 'perfwarden-baseline-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function run(center: number, created: string): Baseline {
  return {
    format: 'perfwarden-baseline',
    version: 1,
    created,
    window: 1000,
    entries: [
      {
        metric: 'cpu',
        context: {},
        statistic: 'p50',
        center,
        scale: 0.05,
        spread: 0,
        blocks: 100,
        runs: 1,
        levels: { p50: Math.exp(center), p95: 10, mean: 8 },
      },
    ],
  };
}

describe('baseline files', () => {
  it('write indented JSON atomically and read it back', async () => {
    const path = join(directory, 'one.json');
    await writeBaselineFile(path, run(2, '2026-01-01T00:00:00.000Z'));
    expect(readFileSync(path, 'utf8')).toMatch(/^\{\n {2}"format": "perfwarden-baseline",/);
    expect(await readBaselineFile(path)).toEqual(run(2, '2026-01-01T00:00:00.000Z'));
  });

  it('name the file in errors', async () => {
    const path = join(directory, 'broken.json');
    writeFileSync(path, '{"format": "perfwarden-baseline"');
    await expect(readBaselineFile(path)).rejects.toThrow(`${path}: baseline is not valid JSON`);
    await expect(readBaselineFile(join(directory, 'missing.json'))).rejects.toThrow(
      /^cannot read baseline .*missing\.json: ENOENT/,
    );
  });

  it('accumulate runs: create on the first, merge the next ones', async () => {
    const path = join(directory, 'runs.json');
    await addRunToBaselineFile(path, run(2, '2026-01-01T00:00:00.000Z'));
    const merged = await addRunToBaselineFile(path, run(2.1, '2026-01-02T00:00:00.000Z'));
    expect(merged.entries[0]).toMatchObject({ runs: 2, blocks: 200 });
    expect(merged.entries[0]?.center).toBeCloseTo(2.05, 12);
    expect(merged.created).toBe('2026-01-02T00:00:00.000Z');
    expect(await readBaselineFile(path)).toEqual(merged);
  });
});
