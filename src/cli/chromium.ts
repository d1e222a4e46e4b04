/**
 * Finding and launching the Chromium that runs perfwarden's pages headless (CLI and tests).
 * Node-only: never imported by a browser entry.
 */
import { accessSync, constants } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright-core';
// Shared with scripts/setup.mjs, which must run before any dependency is installed.
import candidatePaths from './chromium-paths.json' with { type: 'json' };

/**
 * Flags that make headless Chromium render WebGL through ANGLE's GL backend on Mesa's
 * llvmpipe when there is no GPU: that path exposes `EXT_disjoint_timer_query_webgl2`,
 * so GPU timing is real (see docs/contributing.md). The rest keep a closed network quiet.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to use: `CHROMIUM_PATH` when set (it must exist), else the first
 * known install location that exists. Throws an error saying what to install otherwise.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file`);
  }
  const found = candidatePaths.find(isExecutable);
  if (found) return found;
  throw new Error(
    'No Chromium found. On Debian/Ubuntu run `apt-get install chromium libgl1-mesa-dri libegl-mesa0` ' +
      '(or `npm run setup` as root); elsewhere install Chromium or Chrome and set CHROMIUM_PATH to its executable.',
  );
}

/** Launches headless Chromium with GPU timer queries available (via playwright-core). */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    ...options,
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
