/**
 * How `perfwarden compare` lays out the runs of an A/B, with fake browser sessions: side by
 * side in two browsers when only CPU time is judged, one after the other in one browser when a
 * wall-clock metric is (a budget included).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../../src/cli/browser-session.js';
import { compare } from '../../../src/cli/commands/compare.js';
import { defaultSettings } from '../../../src/cli/options.js';
import type { Settings } from '../../../src/cli/settings.js';
import { flatWindow } from '../../support/windows.js';

interface Layout {
  browsers: number;
  /** Most runs in progress at once. */
  mostAtOnce: number;
  lines: string[];
}

async function layoutOf(overrides: Partial<Settings>): Promise<Layout> {
  let browsers = 0;
  let running = 0;
  let mostAtOnce = 0;
  let clock = 0;
  const open = (): Promise<BrowserSession> => {
    browsers++;
    return Promise.resolve({
      probe: {
        browser: 'Chromium test',
        webgl2: true,
        renderer: 'llvmpipe',
        software: true,
        timerQueries: true,
        mainThreadTime: true,
        gpuProcessTime: true,
      },
      run: async (url) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        clock++;
        const level = (url.includes('b') ? 5 : 4) * (1 + 0.01 * Math.sin(clock));
        return ['cpu.thread', 'cpu.gpu', 'cpu'].map((metric) => flatWindow(metric, level));
      },
      close: () => Promise.resolve(),
    });
  };
  const lines: string[] = [];
  const ignore = (): void => undefined;
  const output = {
    progress: ignore,
    line: (text: string) => lines.push(text),
    error: ignore,
    done: ignore,
  };
  const settings: Settings = {
    ...defaultSettings(),
    url: 'http://b/',
    baselineUrl: 'http://a/',
    timeLimit: 60_000,
    out: mkdtempSync(join(tmpdir(), 'perfwarden-arms-')),
    ...overrides,
  };
  await compare(settings, output, {}, open);
  return { browsers, mostAtOnce, lines };
}

describe('perfwarden compare: how the runs of a pair are laid out', () => {
  it('runs them side by side in two browsers when only CPU time is judged', async () => {
    const layout = await layoutOf({});
    expect(layout.browsers).toBe(2);
    expect(layout.mostAtOnce).toBe(2);
    expect(layout.lines).toContainEqual(
      expect.stringMatching(/^note: both pages of a pair ran at the same time/),
    );
  });

  it('runs them one after the other when a budget judges a wall-clock metric', async () => {
    const layout = await layoutOf({ budget: ['cpu p95 <= 100 ms'] });
    expect(layout.mostAtOnce).toBe(1);
    expect(layout.lines).toContainEqual(
      expect.stringMatching(/^note: the pages of a pair ran one after the other.*a budget/),
    );
  });
});
