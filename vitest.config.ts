import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (Node, or happy-dom per file with `@vitest-environment`),
// and browser tests that drive real Chromium against the built dist/ bundles.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Checks of the built package: exports, size budgets, tree-shaking.
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          // Before the browser tests, not beside them: its builds and `npm pack` would load the
          // machine under timing-sensitive browser tests (which then, rightly, see a busier
          // machine and leave blocks untested).
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 1 },
          // One Chromium per file is plenty on a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
