/**
 * The public API fuzzed in real Chromium: thousands of seeded random calls with hostile
 * inputs, throwing and re-entrant listeners, misbehaving exporters and page lifecycle events,
 * against the built script-tag bundles. Nothing may reach the page (no uncaught exception, no
 * unhandled rejection), no method of a created object may throw, factories may only throw
 * TypeErrors that name them, and the page must stay responsive.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

/** Endpoints the fuzzed exporters post to: fine, slow (bounded), failing. */
async function handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'POST') return false;
  // Read the body to its end before answering.
  let bytes = 0;
  for await (const chunk of request) bytes += (chunk as Buffer).length;
  if (path === '/collect' && bytes === 0) response.writeHead(400).end();
  else if (path === '/slow') await new Promise((done) => setTimeout(done, 250));
  if (response.headersSent) return true;
  if (path === '/fail') response.writeHead(500).end();
  else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  return true;
}

const browser = useBrowser({ handle });

interface FuzzReport {
  calls: number;
  methodThrew: string[];
  unclearFactoryError: string[];
  rejected: string[];
  factoryErrors: number;
}

interface FuzzWindow {
  fuzz: { run(seed: number, calls: number): number; end(): void; report(): FuzzReport };
  escaped: { type: string; message: string }[];
}

const CHUNK = 250;
const CHUNKS = 12;

describe('the public API under fuzzing', () => {
  it.each([1, 2])(
    'seed %i: thousands of hostile calls, nothing reaches the page, no hang',
    async (seed) => {
      const page = await browser.newPage();
      await page.goto(browser.url('/fuzz.html'));
      for (let chunk = 0; chunk < CHUNKS; chunk++) {
        const took = await page.evaluate(
          ([s, n]) => (window as unknown as FuzzWindow).fuzz.run(s, n),
          [seed, CHUNK] as const,
        );
        // A hang would not return at all; a chunk this slow means something loops.
        expect(took).toBeLessThan(10_000);
        // Let timers, observers, frames and exports run between chunks.
        await page.waitForTimeout(100);
      }
      await page.evaluate(() => {
        (window as unknown as FuzzWindow).fuzz.end();
      });
      // Exports, retries and shutdowns settle; what escapes after the end is counted too.
      await page.waitForTimeout(2500);
      const report = await page.evaluate(() => (window as unknown as FuzzWindow).fuzz.report());
      const escaped = await page.evaluate(() => (window as unknown as FuzzWindow).escaped);
      expect(report.calls).toBe(CHUNK * CHUNKS);
      // The fuzzer did reach the error paths: factories refused some of its garbage.
      expect(report.factoryErrors).toBeGreaterThan(50);
      expect(report.methodThrew).toEqual([]);
      expect(report.unclearFactoryError).toEqual([]);
      expect(report.rejected).toEqual([]);
      expect(escaped).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
      // Still responsive.
      expect(await page.evaluate(() => 1 + 1)).toBe(2);
    },
    120_000,
  );
});
