/**
 * Builds and serves the examples with the project's own tooling. `perfwarden` imports resolve
 * to the built package in dist/ (run `npm run build` first), exactly what npm users get.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { collectorEndpoint } from './collector-endpoint.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  resolve: {
    alias: [
      { find: /^perfwarden$/, replacement: here('../dist/index.js') },
      { find: /^perfwarden\/(.*)$/, replacement: `${here('../dist')}/$1.js` },
    ],
  },
  plugins: [collectorEndpoint()],
  build: {
    outDir: here('../build/examples'),
    emptyOutDir: true,
    rolldownOptions: {
      input: { scatter: here('scatter/index.html') },
    },
  },
  preview: { port: 5173, strictPort: false },
  server: { port: 5173 },
});
