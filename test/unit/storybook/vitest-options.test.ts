import { describe, expect, it, vi } from 'vitest';

// The hook's hosts (Vitest's browser commands, Storybook's channel) exist only in a browser run.
vi.mock('vitest/browser', () => ({ commands: {} }));
vi.mock('storybook/preview-api', () => ({ addons: {} }));

const { storyPerformanceTest } = await import('../../../src/storybook/vitest/index.js');

describe('storyPerformanceTest options', () => {
  it('names the option that is wrong and what it got', () => {
    expect(() => storyPerformanceTest({ baseline: '' })).toThrow(
      'storyPerformanceTest: option "baseline" must be a file path, got ""',
    );
    expect(() => storyPerformanceTest({ baseline: 'b.json', runs: 0 })).toThrow(
      'storyPerformanceTest: option "runs" must be a positive integer, got 0',
    );
    expect(() => storyPerformanceTest({ baseline: 'b.json', margin: 10 })).toThrow(
      'storyPerformanceTest: option "margin" must be a number in (0, 1), got 10',
    );
  });

  it('leaves tests that are not stories alone', async () => {
    const hook = storyPerformanceTest({ baseline: 'b.json' });
    const meta = {};
    await hook({ task: { meta } });
    expect(meta).toEqual({});
  });

  it('does not measure a story whose own test failed', async () => {
    const hook = storyPerformanceTest({ baseline: 'b.json' });
    const run = vi.fn(() => Promise.resolve());
    const meta = {};
    await hook({ story: { id: 'a--b', run }, task: { meta, result: { state: 'fail' } } });
    expect(run).not.toHaveBeenCalled();
    expect(meta).toEqual({});
  });
});
