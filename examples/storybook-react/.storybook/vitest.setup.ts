/**
 * perfwarden's story test for `@storybook/addon-vitest`: after each story's test, the story is
 * measured run after run and judged against the baseline file; a confident regression fails the
 * test. `VITE_PERFWARDEN_UPDATE=1` captures the baseline instead; `VITE_PERFWARDEN_MARGIN` sets
 * the margin (default 0.1).
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
    // Between sessions (a baseline from another job) a wider margin keeps false alarms rare.
    ...(env['VITE_PERFWARDEN_MARGIN'] ? { margin: Number(env['VITE_PERFWARDEN_MARGIN']) } : {}),
  }),
);
