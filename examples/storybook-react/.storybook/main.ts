/**
 * A Storybook 10 project with the React renderer (`@storybook/react-vite`, React 19) measured
 * by perfwarden: as in the html example, the one line is `addons: ['perfwarden/storybook']`.
 * Built statically by `npm run build:storybook:react` into build/storybook-react, against the
 * built package in dist/ (run `npm run build` first).
 */
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';

const dist = fileURLToPath(new URL('../../../dist', import.meta.url));

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/*.stories.tsx'],
  addons: ['perfwarden/storybook'],
  core: { disableTelemetry: true },
  // No docgen: the example has no docs pages, and docgen would parse every component at build.
  typescript: { reactDocgen: false },
  // Stories import `perfwarden/...` as an app would; inside this repository that is dist/.
  viteFinal: (vite) =>
    mergeConfig(vite, {
      resolve: {
        alias: [
          { find: /^perfwarden$/, replacement: `${dist}/index.js` },
          { find: /^perfwarden\/(.*)$/, replacement: `${dist}/$1.js` },
        ],
      },
    }),
};
export default config;
