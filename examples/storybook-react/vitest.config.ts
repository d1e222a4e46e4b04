/**
 * The React example's stories as Vitest tests, as `@storybook/addon-vitest` runs them
 * (`npx vitest run -c examples/storybook-react/vitest.config.ts --project storybook`): each
 * story renders and plays in Chromium, and perfwarden's story test judges its performance
 * against the stored baseline.
 */
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [storybookTest({ configDir: here('.storybook') })],
        test: {
          name: 'storybook',
          setupFiles: [here('.storybook/vitest.setup.ts')],
          // Stories measured side by side would measure each other.
          fileParallelism: false,
          // A story's test includes its measured runs.
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
