/**
 * A Storybook 10 project (html renderer, Vite) measured by perfwarden: the one line that adds
 * the add-on is `addons: ['perfwarden/storybook']`. Built statically by `npm run build:storybook`
 * into build/storybook, against the built package in dist/ (run `npm run build` first).
 */
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/html-vite';
import { mergeConfig } from 'vite';

const dist = fileURLToPath(new URL('../../../dist', import.meta.url));

const config: StorybookConfig = {
  framework: '@storybook/html-vite',
  stories: ['../stories/*.stories.ts'],
  addons: ['perfwarden/storybook'],
  core: { disableTelemetry: true },
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
