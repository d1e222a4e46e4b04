/**
 * Real-browser test harness: a loopback server for fixture pages and the built dist/
 * bundles, and headless Chromium with WebGL timer queries. `useBrowser()` wires both into a
 * vitest file and tears everything down after it.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '../../src/cli/chromium.js';
import { startStaticServer } from '../../src/cli/static-server.js';
import type { StaticServer, StaticServerOptions } from '../../src/cli/static-server.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** `/dist/` serves the built bundles (run `npm run build` first), `/` the fixture pages. */
export const FIXTURE_ROUTES = {
  '/dist/': here('../../dist/'),
  '/': here('../fixtures/pages/'),
};

export interface BrowserContext {
  /** Absolute URL of a path on the fixture server. */
  url(path: string): string;
  /** A fresh page (closed after the test) that fails the test on uncaught page errors. */
  newPage(): Promise<Page>;
  /** Uncaught errors seen in pages of the current test. */
  readonly pageErrors: Error[];
  readonly browser: Browser;
}

/** Starts the server and Chromium before the file's tests and stops them after. */
export function useBrowser(server: Partial<StaticServerOptions> = {}): BrowserContext {
  let browser: Browser | undefined;
  let fixtures: StaticServer | undefined;
  const pages: Page[] = [];
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    fixtures = await startStaticServer({ routes: FIXTURE_ROUTES, ...server });
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
    pageErrors.length = 0;
  });
  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });

  return {
    url(path) {
      if (!fixtures) throw new Error('the fixture server is not running (use inside a test)');
      return fixtures.origin + path;
    },
    async newPage() {
      if (!browser) throw new Error('Chromium is not running (use inside a test)');
      const page = await browser.newPage();
      page.on('pageerror', (error) => pageErrors.push(error));
      pages.push(page);
      return page;
    },
    pageErrors,
    get browser() {
      if (!browser) throw new Error('Chromium is not running (use inside a test)');
      return browser;
    },
  };
}
