/**
 * Measuring one story in a headless page: load its iframe (`iframe.html?id=…`), listen on the
 * preview's Storybook channel for perfwarden's events, and request one fresh mount at a time
 * (`EVENTS.measure`), which the add-on's decorator measures.
 */
import type { Browser, Page } from 'playwright-core';
import { EVENTS } from '../../storybook/constants.js';
import type { StoryRun } from '../../storybook/run.js';

/** Name of the function the page calls back with channel events. */
const BINDING = '__perfwardenStorybookEvent';

/** What one request gave: its runs, or that the story is not measured. */
export interface MeasuredRuns {
  runs: StoryRun[];
  skipped: boolean;
}

/** A story loaded in a page, ready to be measured. */
export interface StoryPage {
  /**
   * Mounts the story `runs` times afresh and resolves with the measured runs. `onRendered` is
   * awaited each time a mount's render and first frame are done, before its frames are measured
   * to the end (for readings taken from outside the page at that moment).
   */
  measure(runs: number, duration?: number, onRendered?: () => Promise<void>): Promise<MeasuredRuns>;
}

/**
 * Opens `storyId` of the Storybook at `baseUrl` in `page`. Rejects when the story does not
 * load, or when its preview has no perfwarden add-on within `timeout` ms.
 */
export async function openStory(
  page: Page,
  baseUrl: string,
  storyId: string,
  timeout: number,
): Promise<StoryPage> {
  const received: { event: string; payload: unknown }[] = [];
  let wake: (() => void) | undefined;
  await page.exposeFunction(BINDING, (event: string, payload: unknown) => {
    received.push({ event, payload });
    wake?.();
  });
  const url = new URL('iframe.html', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('id', storyId);
  url.searchParams.set('viewMode', 'story');
  await page.goto(url.href, { timeout });
  // The add-on's decorator listens once the story has rendered: wait for Storybook to say so.
  const outcome = await page.waitForFunction(
    () => {
      const scope = window as unknown as Record<string, unknown>;
      const channel = scope['__STORYBOOK_ADDONS_CHANNEL__'] as
        { last(event: string): unknown[] | undefined } | undefined;
      if (!channel) return undefined;
      if (channel.last('storyRendered')) return { ok: true };
      const failure = channel.last('storyErrored') ?? channel.last('storyThrewException');
      return failure ? { ok: false, detail: JSON.stringify(failure).slice(0, 500) } : undefined;
    },
    undefined,
    { timeout },
  );
  const rendered = (await outcome.jsonValue()) as { ok: boolean; detail?: string };
  if (!rendered.ok) throw new Error(`story ${storyId} failed to render: ${rendered.detail ?? ''}`);
  await page.evaluate(
    ({ events, binding }) => {
      const scope = window as unknown as Record<string, unknown>;
      const channel = scope['__STORYBOOK_ADDONS_CHANNEL__'] as {
        on(event: string, listener: (payload: unknown) => void): void;
      };
      const report = scope[binding] as (event: string, payload: unknown) => void;
      for (const event of events) {
        channel.on(event, (payload) => {
          report(event, payload);
        });
      }
    },
    { events: [EVENTS.run, EVENTS.rendered, EVENTS.measured], binding: BINDING },
  );

  const next = async (deadline: number): Promise<{ event: string; payload: unknown }> => {
    for (;;) {
      const item = received.shift();
      if (item) return item;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`story ${storyId} reported no perfwarden run within ${timeout} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };

  return {
    async measure(runs, duration, onRendered) {
      received.length = 0;
      await page.evaluate(
        ({ event, payload }) => {
          const scope = window as unknown as Record<string, unknown>;
          const channel = scope['__STORYBOOK_ADDONS_CHANNEL__'] as {
            emit(event: string, payload: unknown): void;
          };
          channel.emit(event, payload);
        },
        { event: EVENTS.measure, payload: { storyId, runs, ...(duration ? { duration } : {}) } },
      );
      const measured: StoryRun[] = [];
      const deadline = Date.now() + timeout * runs;
      for (;;) {
        const { event, payload } = await next(deadline);
        if (event === EVENTS.run) {
          const run = payload as StoryRun;
          if (run.storyId === storyId && run.kind === 'mount') measured.push(run);
        } else if (event === EVENTS.rendered) {
          if ((payload as { storyId?: string }).storyId === storyId) await onRendered?.();
        } else {
          const done = payload as { storyId?: string; skipped?: boolean; error?: string };
          if (done.storyId !== storyId) continue;
          if (done.error !== undefined) throw new Error(`story ${storyId}: ${done.error}`);
          return { runs: measured, skipped: done.skipped === true };
        }
      }
    },
  };
}

/** A story open in a browser context of its own; `close` ends the context. */
export interface OpenedStory extends StoryPage {
  /** The page the story is in (for readings from outside it, such as its thread's CPU time). */
  page: Page;
  close(): Promise<void>;
}

/**
 * Opens `storyId` in a fresh browser context (800 × 600, with `initScript` run before the
 * Storybook loads), so that no state of another story or build carries over.
 */
export async function openStoryInContext(
  browser: Browser,
  baseUrl: string,
  storyId: string,
  options: { initScript?: string; timeout: number },
): Promise<OpenedStory> {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  try {
    if (options.initScript) await context.addInitScript(options.initScript);
    const page = await context.newPage();
    const story = await openStory(page, baseUrl, storyId, options.timeout);
    return { measure: story.measure.bind(story), page, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
