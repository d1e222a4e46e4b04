/**
 * Loading the deferred code (index.ts) on demand: a dynamic import, which bundlers and the
 * package's ESM and CommonJS builds turn into a chunk of its own. The script-tag build swaps
 * this module for load-script.ts.
 */
import type * as Deferred from './index.js';

/** The deferred code's exports. */
export type DeferredModule = typeof Deferred;

let loaded: DeferredModule | undefined;
let loading: Promise<DeferredModule> | undefined;

/** Loads the deferred code once; resolves with it. */
export function loadDeferred(): Promise<DeferredModule> {
  loading ??= import('./index.js').then((module) => (loaded = module));
  return loading;
}

/** The deferred code if it has loaded, else undefined. */
export function loadedDeferred(): DeferredModule | undefined {
  return loaded;
}
