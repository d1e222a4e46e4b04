import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';
import { LASTING_MS } from '../../src/detect/metric-detector.js';

/** What a security-minded host page sends: no inline style or script, nothing from elsewhere. */
const STRICT_CSP = "default-src 'self'; style-src 'self'; script-src 'self'";
const browser = useBrowser({
  headers: (path) =>
    path === '/hud-csp.html' ? { 'content-security-policy': STRICT_CSP } : undefined,
});

interface HudPage {
  perfwarden: {
    hud: {
      createHud: (monitor: unknown, options?: object) => { dom: HTMLElement; destroy(): void };
    };
  };
  monitor: { verdict(metric: string): { state: string } | undefined };
  hud: { dom: HTMLElement; destroy(): void };
  burn: number;
  live: { subscriptions: number; documentListeners: number };
  errors: string[];
  /** Content-Security-Policy violations seen by hud-csp.html. */
  violations: string[];
  countSubscriptions(): void;
}

async function openWithHud(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(browser.url('/hud.html'));
  await page.evaluate(() => {
    const w = window as unknown as HudPage;
    w.hud = w.perfwarden.hud.createHud(w.monitor, { target: document.body });
  });
  return page;
}

/** Styles that only the HUD's stylesheet gives, as computed in the page. */
async function hudStyles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const host = (window as unknown as HudPage).hud.dom;
    const panel = host.shadowRoot?.querySelector('.hud');
    if (!panel) return {};
    const style = getComputedStyle(panel);
    return {
      hostPosition: getComputedStyle(host).position,
      panelWidth: style.width,
      panelRadius: style.borderTopLeftRadius,
      headerDisplay: getComputedStyle(panel.querySelector('header') ?? panel).display,
    };
  });
}
const STYLED = {
  hostPosition: 'fixed',
  panelWidth: '264px',
  panelRadius: '8px',
  headerDisplay: 'flex',
};

/** Text of the first node matching `selector` inside the HUD's shadow root. */
async function hudText(page: Page, selector: string): Promise<string> {
  return page.evaluate((query) => {
    const root = (window as unknown as HudPage).hud.dom.shadowRoot;
    return root?.querySelector(query)?.textContent ?? '';
  }, selector);
}

describe('perfwarden/hud in Chromium (dist/perfwarden-hud.iife.js)', () => {
  it('mounts in its own shadow root and shows live numbers', async () => {
    const page = await openWithHud();
    await page.waitForFunction(
      () => {
        const root = (window as unknown as HudPage).hud.dom.shadowRoot;
        const levels = root?.querySelector('[data-metric="cpu"] .levels')?.textContent ?? '';
        return (
          /\d+ fps/.test(root?.querySelector('.rate')?.textContent ?? '') && /p50 \d/.test(levels)
        );
      },
      undefined,
      { timeout: 10_000 },
    );
    // The graph drew something: some pixels of the CPU canvas are not transparent.
    const painted = await page.evaluate(() => {
      const root = (window as unknown as HudPage).hud.dom.shadowRoot;
      const canvas = root?.querySelector<HTMLCanvasElement>('[data-metric="cpu"] canvas');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < (data?.length ?? 0); i += 4) if ((data?.[i] ?? 0) > 0) count++;
      return count;
    });
    expect(painted).toBeGreaterThan(0);
    // Nothing but the host element reached the page: no global style, one new node.
    const added = await page.evaluate(() => ({
      styles: document.querySelectorAll('style, link').length,
      elements: [...document.body.children]
        .filter((node) => node.tagName !== 'SCRIPT')
        .map((node) => node.tagName),
      last: document.body.lastElementChild === (window as unknown as HudPage).hud.dom,
    }));
    expect(added).toEqual({ styles: 0, elements: ['P', 'DIV'], last: true });
    expect(await hudText(page, '[data-metric="gpu"] .levels')).toBe('not measured');
  });

  it('is keyboard operable: arrow keys move it, the minimise button collapses it', async () => {
    const page = await openWithHud();
    const top = async () =>
      page.evaluate(() => (window as unknown as HudPage).hud.dom.getBoundingClientRect().top);
    const before = await top();
    await page.evaluate(() => {
      (window as unknown as HudPage).hud.dom.shadowRoot
        ?.querySelector<HTMLElement>('header')
        ?.focus();
    });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await top()).toBe(before + 20);
    await page.keyboard.press('Tab'); // to the minimise button
    await page.keyboard.press('Enter');
    const minimised = await page.evaluate(() => {
      const root = (window as unknown as HudPage).hud.dom.shadowRoot;
      return {
        expanded: root?.querySelector('header button')?.getAttribute('aria-expanded'),
        body: getComputedStyle(root?.querySelector('.body') ?? document.body).display,
      };
    });
    expect(minimised).toEqual({ expanded: 'false', body: 'none' });
  });

  it('draws while shown and does no drawing at all while minimised', async () => {
    const page = await openWithHud();
    // Every graph update is one blit (drawImage) per canvas: count them.
    await page.evaluate(() => {
      const counter = window as unknown as { blits: number };
      counter.blits = 0;
      const blit = Reflect.get(CanvasRenderingContext2D.prototype, 'drawImage') as (
        ...args: unknown[]
      ) => void;
      CanvasRenderingContext2D.prototype.drawImage = function (
        this: CanvasRenderingContext2D,
        ...args: unknown[]
      ) {
        counter.blits++;
        Reflect.apply(blit, this, args);
      };
    });
    const blitsOver = async (ms: number): Promise<number> => {
      const before = await page.evaluate(() => (window as unknown as { blits: number }).blits);
      await page.waitForTimeout(ms);
      return (await page.evaluate(() => (window as unknown as { blits: number }).blits)) - before;
    };
    expect(await blitsOver(2000)).toBeGreaterThan(0);
    await page.evaluate(() => {
      (window as unknown as HudPage).hud.dom.shadowRoot
        ?.querySelector<HTMLButtonElement>('header button')
        ?.click();
    });
    await page.waitForTimeout(500); // an update already scheduled may still run
    expect(await blitsOver(2000)).toBe(0);
  });

  it('pauses and resumes the monitor, downloads the session, and says when no baseline exists yet', async () => {
    const page = await openWithHud();
    const click = (label: string) =>
      page.evaluate((name) => {
        (window as unknown as HudPage).hud.dom.shadowRoot
          ?.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)
          ?.click();
      }, label);
    const running = () =>
      page.evaluate(() => (window as unknown as { monitor: { running: boolean } }).monitor.running);
    await page.waitForFunction(
      () =>
        /p50 \d/.test(
          (window as unknown as HudPage).hud.dom.shadowRoot?.querySelector(
            '[data-metric="cpu"] .levels',
          )?.textContent ?? '',
        ),
      undefined,
      { timeout: 10_000 },
    );

    await click('pause monitoring');
    expect(await running()).toBe(false);
    expect(await hudText(page, 'button[aria-pressed]')).toBe('resume');
    await click('resume monitoring');
    expect(await running()).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      click('download the session as JSON'),
    ]);
    const session = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      sessionId: string;
      windows: { metric: string }[];
      events: unknown[];
    };
    expect(download.suggestedFilename()).toBe(`perfwarden-session-${session.sessionId}.json`);
    expect(session.windows.some((window) => window.metric === 'cpu')).toBe(true);
    expect(Array.isArray(session.events)).toBe(true);

    // The detector is still warming up (30 blocks by default): nothing to capture yet.
    await click('capture a baseline');
    expect(await hudText(page, '[role="status"]')).toMatch(/no baseline yet/);
  });

  it('shows a toast naming the metric of an injected CPU regression', async () => {
    const page = await openWithHud();
    const toastShown = () =>
      page.evaluate(
        () =>
          !!(window as unknown as HudPage).hud.dom.shadowRoot?.querySelector(
            '.toast[data-metric="cpu"]',
          ),
      );
    // Each attempt adds 4 ms of work per frame once the detector has a reference. On a loaded
    // machine a frame stall can restart the detector's warm-up right after a step, which then
    // becomes part of the new reference: the next step is a new regression against it.
    for (let attempt = 1; attempt <= 3 && !(await toastShown()); attempt++) {
      await page.waitForFunction(
        () => (window as unknown as HudPage).monitor.verdict('cpu')?.state === 'stable',
        undefined,
        { timeout: 20_000 },
      );
      // The reference is still being settled in the first blocks after the warm-up.
      await page.waitForTimeout(2000);
      await page.evaluate((burn) => {
        (window as unknown as HudPage).burn = burn;
      }, 4 * attempt);
      await page
        .waitForFunction(
          () =>
            (window as unknown as HudPage).hud.dom.shadowRoot?.querySelector(
              '.toast[data-metric="cpu"]',
            ),
          undefined,
          // A regression is reported once it has lasted LASTING_MS.
          { timeout: LASTING_MS + 10_000 },
        )
        .catch(() => undefined);
    }
    const toast = await hudText(page, '.toast[data-metric="cpu"]');
    expect(toast).toMatch(/^cpu p\d+ \+\d+(\.\d)? % · (minor|major|critical)/);
    expect(toast).toMatch(/interval \[[+−][\d.]+ %, [+−][\d.]+ %\] · confidence/);
    expect(await page.evaluate(() => (window as unknown as HudPage).errors)).toEqual([]);
  }, 180_000);

  it('is styled under a strict Content-Security-Policy, and violates none of it', async () => {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    const response = await page.goto(browser.url('/hud-csp.html'));
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
    await page.waitForFunction(
      () =>
        /\d+ fps/.test(
          (window as unknown as HudPage).hud.dom.shadowRoot?.querySelector('.rate')?.textContent ??
            '',
        ),
      undefined,
      { timeout: 10_000 },
    );
    expect(await hudStyles(page)).toEqual(STYLED);
    expect(
      await page.evaluate(() => {
        const shadow = (window as unknown as HudPage).hud.dom.shadowRoot;
        return [shadow?.adoptedStyleSheets.length, shadow?.querySelectorAll('style').length];
      }),
    ).toEqual([1, 0]);
    // Moving it writes the host's position through the CSSOM, which the policy allows.
    const top = () =>
      page.evaluate(() => (window as unknown as HudPage).hud.dom.getBoundingClientRect().top);
    const before = await top();
    await page.evaluate(() => {
      (window as unknown as HudPage).hud.dom.shadowRoot
        ?.querySelector<HTMLElement>('header')
        ?.focus();
    });
    await page.keyboard.press('ArrowDown');
    expect(await top()).toBe(before + 10);
    await page.evaluate(() => {
      (window as unknown as HudPage).hud.dom.shadowRoot
        ?.querySelector<HTMLButtonElement>('header button')
        ?.click();
    });
    expect(await hudStyles(page)).toEqual(STYLED);
    expect(await page.evaluate(() => (window as unknown as HudPage).violations)).toEqual([]);
    expect(messages.filter((line) => /Content.Security.Policy/i.test(line))).toEqual([]);

    // The policy is in force and violations are seen: an inline <style> is refused.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { display: none }';
      document.head.append(style);
    });
    await page.waitForFunction(() => (window as unknown as HudPage).violations.length > 0);
    expect(await page.evaluate(() => (window as unknown as HudPage).violations)).toEqual([
      'style-src-elem: inline',
    ]);
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).toBe('block');
    expect(browser.pageErrors).toEqual([]);
  });

  it('falls back to a <style> element where stylesheets cannot be constructed', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/hud.html'));
    const root = await page.evaluate(() => {
      // As in Safari before 16.4: `new CSSStyleSheet()` is an illegal constructor.
      window.CSSStyleSheet = function () {
        throw new TypeError('Illegal constructor');
      } as unknown as typeof CSSStyleSheet;
      const w = window as unknown as HudPage;
      w.hud = w.perfwarden.hud.createHud(w.monitor, { target: document.body });
      const shadow = w.hud.dom.shadowRoot;
      return {
        styleElements: shadow?.querySelectorAll('style').length,
        adopted: shadow?.adoptedStyleSheets.length,
      };
    });
    expect(root).toEqual({ styleElements: 1, adopted: 0 });
    expect(await hudStyles(page)).toEqual(STYLED);
    expect(browser.pageErrors).toEqual([]);
  });

  it('leaves the page as it was after destroy()', async () => {
    const page = await browser.newPage();
    await page.goto(browser.url('/hud.html'));
    // The monitor adds the deferred code's <script> to the head in idle time after it starts:
    // that is the monitor's, not the HUD's, so the page is taken as it is once it has loaded.
    await page.waitForFunction(() => 'deferred' in (window as unknown as HudPage).perfwarden);
    const state = () =>
      page.evaluate(() => {
        const w = window as unknown as HudPage;
        return {
          head: document.head.innerHTML,
          body: document.body.innerHTML,
          adoptedStyles: document.adoptedStyleSheets.length,
          live: { ...w.live },
        };
      });
    const before = await state();
    await page.evaluate(() => {
      const w = window as unknown as HudPage;
      w.countSubscriptions();
      w.hud = w.perfwarden.hud.createHud(w.monitor, { target: document.body });
    });
    await page.waitForTimeout(1500);
    const mounted = await state();
    expect(mounted.live.subscriptions).toBeGreaterThan(0);
    expect(mounted.live.documentListeners).toBeGreaterThan(0);
    await page.evaluate(() => {
      const w = window as unknown as HudPage;
      w.hud.destroy();
      w.hud.destroy(); // harmless twice
    });
    expect(await state()).toEqual(before);
    expect(browser.pageErrors).toEqual([]);
  });
});
