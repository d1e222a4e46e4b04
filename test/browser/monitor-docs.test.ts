import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

const browser = useBrowser();
const guide = readFileSync(new URL('../../docs/monitor.md', import.meta.url), 'utf8');

/** The HTML block that follows `<!-- example: name` in docs/monitor.md. */
function example(name: string): string {
  const start = guide.indexOf(`<!-- example: ${name}`);
  const match = /```html\n([\s\S]*?)```/.exec(guide.slice(start));
  if (start < 0 || !match?.[1]) throw new Error(`no example "${name}" in docs/monitor.md`);
  return match[1];
}

describe('docs/monitor.md', () => {
  it('runs the quick-start page as written (against dist/perfwarden.iife.js)', async () => {
    const html = example('quick-start').replace(
      'https://unpkg.com/perfwarden/dist/perfwarden.iife.js',
      '/dist/perfwarden.iife.js',
    );
    const page = await browser.newPage();
    await page.goto(browser.url('/blank.html'));
    await page.setContent(html);
    await page.waitForFunction(
      () => {
        const text = document.getElementById('out')?.textContent ?? '';
        return text.includes('frame: p50') && text.includes('span.draw: p50');
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(browser.pageErrors).toEqual([]);
  });
});
