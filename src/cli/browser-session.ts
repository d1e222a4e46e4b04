/**
 * A browser for a whole command: Chromium launched once, a fresh page per run, the scenario
 * module loaded once. Launch problems become messages that say what to install.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { WindowSummary } from '../types.js';
import { probeBrowser } from './browser-probe.js';
import type { BrowserProbe } from './browser-probe.js';
import { launchChromium } from './chromium.js';
import { openRunTab, runPage } from './page-run.js';
import { createRunCpuTimer, gpuProcessId } from './run-cpu-time.js';
import type { RunCpuTimer } from './run-cpu-time.js';
import type { Scenario } from './page-run.js';
import { runDuration } from './settings.js';
import type { Settings } from './settings.js';
import { messageOf, UsageError } from './usage-error.js';

/** The script-tag build beside dist/cli.js. */
export const INJECTED_SCRIPT = fileURLToPath(new URL('./perfwarden.iife.js', import.meta.url));

/** An open browser with the command's run settings. */
export interface BrowserSession {
  probe: BrowserProbe;
  /** Runs `url` once, measuring `durationMs` (default: {@link runDuration}), and returns its windows. */
  run(url: string, durationMs?: number): Promise<WindowSummary[]>;
  close(): Promise<void>;
}

/** Launches Chromium, or explains what to install. */
export async function openBrowser(): Promise<Browser> {
  try {
    await import('playwright-core');
  } catch {
    throw new UsageError(
      'the perfwarden CLI needs playwright-core: run `npm i -D playwright-core`',
    );
  }
  try {
    return await launchChromium();
  } catch (error) {
    throw new UsageError(
      `cannot start Chromium: ${messageOf(error).split('\n')[0] ?? ''}. Run \`perfwarden doctor\`.`,
    );
  }
}

async function loadScenario(path: string): Promise<Scenario> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (error) {
    throw new UsageError(`cannot load scenario ${path}: ${messageOf(error)}`);
  }
  if (typeof module.default !== 'function') {
    throw new UsageError(`scenario ${path} must export a default function (page) => …`);
  }
  return module.default as Scenario;
}

/** Opens a session for `settings` (scenario loaded before the browser starts). */
export async function openSession(settings: Settings): Promise<BrowserSession> {
  const scenario =
    settings.scenario === undefined ? undefined : await loadScenario(settings.scenario);
  const browser = await openBrowser();
  try {
    const probe = await probeBrowser(browser);
    const tabs = new Map<string, { page: Page; cpuTimer: RunCpuTimer | undefined }>();
    const gpuPid = probe.gpuProcessTime ? gpuProcessId(browser) : undefined;
    const tabFor = async (url: string) => {
      let tab = tabs.get(url);
      if (tab === undefined) {
        const page = await openRunTab(browser, { ...settings, injectScript: INJECTED_SCRIPT });
        const cpuTimer = probe.mainThreadTime
          ? await createRunCpuTimer(page, gpuPid ? { gpuPid } : {})
          : undefined;
        tab = { page, cpuTimer };
        tabs.set(url, tab);
      }
      return tab;
    };
    return {
      probe,
      run: async (url, durationMs = runDuration(settings)) => {
        const { page, cpuTimer } = await tabFor(url);
        return (
          await runPage(page, {
            url,
            durationMs,
            settleMs: settings.settle,
            monitor: settings.monitor,
            injectScript: INJECTED_SCRIPT,
            window: settings.window,
            scenario,
            cpuTimer,
          })
        ).windows;
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
