/**
 * The script-tag build's loader of the deferred code (it replaces load.ts there):
 * `perfwarden-deferred.iife.js`, from the directory this script came from, adds the deferred
 * code as `perfwarden.deferred`. A page may include that script itself (a strict CSP with
 * nonces refuses scripts added later); then nothing is loaded.
 */
import type { DeferredModule } from './load.js';

export type { DeferredModule } from './load.js';

/** The file next to the script-tag build that holds the deferred code. */
const DELIVERY_SCRIPT = 'perfwarden-deferred.iife.js';

// Read while this script runs: `document.currentScript` is null afterwards.
const scriptSource =
  typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement
    ? document.currentScript.src
    : undefined;

let loading: Promise<DeferredModule> | undefined;

function global(): DeferredModule | undefined {
  return (globalThis as { perfwarden?: { deferred?: DeferredModule } }).perfwarden?.deferred;
}

/** Loads the deferred code once; resolves with it. */
export function loadDeferred(): Promise<DeferredModule> {
  loading ??= new Promise<DeferredModule>((resolve, reject) => {
    const ready = global();
    if (ready) {
      resolve(ready);
      return;
    }
    if (scriptSource === undefined) {
      reject(new Error(`${DELIVERY_SCRIPT} is not on the page, and where it is cannot be told`));
      return;
    }
    const script = document.createElement('script');
    script.src = new URL(DELIVERY_SCRIPT, scriptSource).href;
    script.async = true;
    script.onload = () => {
      const loaded = global();
      if (loaded) resolve(loaded);
      else reject(new Error(`${script.src} did not define perfwarden.deferred`));
    };
    script.onerror = () => {
      reject(new Error(`${script.src} could not be loaded`));
    };
    document.head.append(script);
  });
  return loading;
}

/** The deferred code if it has loaded, else undefined. */
export function loadedDeferred(): DeferredModule | undefined {
  return global();
}
