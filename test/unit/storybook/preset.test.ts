import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_FORMAT, BASELINE_VERSION } from '../../../src/baseline/baseline.js';
import { managerHead } from '../../../src/storybook/preset/index.js';

describe('preset managerHead', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'perfwarden-preset-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('adds nothing without a baseline option', async () => {
    expect(await managerHead('<meta>', {})).toBe('<meta>');
  });

  it('embeds the validated baseline file so that no value can close the script element', async () => {
    const baseline = {
      format: BASELINE_FORMAT,
      version: BASELINE_VERSION,
      created: '2026-11-30T00:00:00.000Z',
      window: 1000,
      entries: [
        {
          metric: 'cpu',
          context: { story: '</script><script>alert(1)</script>' },
          statistic: 'p50',
          center: 1,
          scale: 0.1,
          spread: 0,
          blocks: 5,
          runs: 1,
          levels: { p50: 2.7, p95: 2.7, mean: 2.7 },
        },
      ],
    };
    await writeFile(join(directory, 'baseline.json'), JSON.stringify(baseline));
    const head = await managerHead('', { configDir: directory, baseline: 'baseline.json' });
    expect(head).toMatch(/^<script type="application\/json" id="perfwarden-storybook-baseline">/);
    expect(head.match(/<\/script>/g)).toHaveLength(1);
    const json = head.slice(head.indexOf('>') + 1, head.lastIndexOf('</script>'));
    expect((JSON.parse(json) as typeof baseline).entries[0]?.context.story).toBe(
      baseline.entries[0]?.context.story,
    );
  });

  it('names the file when it is missing or invalid', async () => {
    await expect(
      managerHead('', { configDir: directory, baseline: 'missing.json' }),
    ).rejects.toThrow(/cannot read the baseline .*missing\.json/);
    await writeFile(join(directory, 'bad.json'), '{"format":"nope"}');
    await expect(managerHead('', { configDir: directory, baseline: 'bad.json' })).rejects.toThrow(
      /bad\.json: /,
    );
  });
});
