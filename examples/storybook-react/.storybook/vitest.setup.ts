/**
 * perfwarden's story test for `@storybook/addon-vitest`: after each story's test, the story is
 * measured run after run and judged against the baseline file; a confident regression fails the
 * test. `VITE_PERFWARDEN_UPDATE=1` captures the baseline instead.
 */
/// <reference types="vite/client" />
import { storyPerformanceTest } from 'perfwarden/storybook/vitest';
import { afterEach } from 'vitest';

const env: Record<string, string | undefined> = import.meta.env;

afterEach(
  storyPerformanceTest({
    // Relative to the directory that holds .storybook (the root the addon gives the project).
    baseline: env['VITE_PERFWARDEN_BASELINE'] ?? 'perf/storybook-baseline.json',
    update: env['VITE_PERFWARDEN_UPDATE'] === '1',
  }),
);
