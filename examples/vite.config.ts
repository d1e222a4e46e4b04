/**
 * Builds and serves the examples with the project's own tooling. `perfwarden` imports resolve
 * to the built package in dist/ (run `npm run build` first), exactly what npm users get. With
 * `--mode source` they resolve to src/ instead, which Vite compiles in seconds: `npm run demo`
 * and `npm run example` use it so that they do not wait for the full package build (rollup
 * with declarations and script-tag builds: 70–110 s on this project's 2-core machine).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { collectorEndpoint } from './collector-endpoint.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => ({
  root: here('.'),
  base: './',
  resolve: {
    alias:
      mode === 'source'
        ? [
            { find: /^perfwarden$/, replacement: here('../src/index.ts') },
            { find: /^perfwarden\/(.*)$/, replacement: `${here('../src')}/$1/index.ts` },
          ]
        : [
            { find: /^perfwarden$/, replacement: here('../dist/index.js') },
            { find: /^perfwarden\/(.*)$/, replacement: `${here('../dist')}/$1.js` },
          ],
  },
  plugins: [collectorEndpoint()],
  build: {
    outDir: here('../build/examples'),
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        index: here('index.html'),
        scatter: here('scatter/index.html'),
        three: here('three/index.html'),
      },
    },
  },
  preview: { port: 5173, strictPort: false },
  server: { port: 5173 },
}));
