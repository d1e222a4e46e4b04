/**
 * The keepalive budget of one pipeline. The Fetch standard fails a keepalive request when the
 * bodies of the page's keepalive requests in flight would exceed 64 KiB (sendBeacon shares the
 * quota in Chromium), so the pipeline hands its exporters one shared allowance a little under
 * it, leaving room for the app's own beacons.
 */
import type { KeepaliveBudget } from './exporter.js';

/** Default bytes of keepalive bodies in flight: under the browsers' 64 KiB with headroom. */
export const DEFAULT_KEEPALIVE_BYTES = 60_000;

/** A keepalive budget that also tells whether a claim was refused since `refusals` was read. */
export interface TrackedKeepaliveBudget extends KeepaliveBudget {
  /** Bytes currently claimed. */
  readonly inFlight: number;
  /** Number of refused claims so far (the pipeline compares it around a final export). */
  readonly refusals: number;
}

/**
 * A budget of `capacity` bytes. With a `parent`, every claim must also fit the parent: that is
 * how one exporter gets a fair share of the pipeline's budget during the final flush.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createKeepaliveBudget(
  capacity: number,
  parent?: KeepaliveBudget,
): TrackedKeepaliveBudget {
  let inFlight = 0;
  let refusals = 0;
  return {
    claim(bytes) {
      const releaseParent =
        bytes >= 0 && inFlight + bytes <= capacity
          ? parent
            ? parent.claim(bytes)
            : noop
          : undefined;
      if (!releaseParent) {
        refusals++;
        return undefined;
      }
      inFlight += bytes;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= bytes;
        releaseParent();
      };
    },
    get inFlight() {
      return inFlight;
    },
    get refusals() {
      return refusals;
    },
  };
}

function noop(): void {
  // Nothing to give back.
}
