/**
 * Which injection a detection belongs to: the last one made before the change the detector
 * estimated (`changedAt`), not the last one before the detection. A slow metric can be found
 * after the next injection, and its change still belongs to the earlier one.
 */

/** An injection as the attribution needs it. */
export interface InjectionTime {
  /** When it was applied (page clock, ms). */
  at: number;
}

/**
 * The injection `regression` belongs to, or undefined when it came before the first one.
 * `changedAt` is the start of the block where the change was estimated to begin, and the
 * estimate can fall a block early: an injection up to `slack` ms after it caused it.
 */
export function injectionOf<I extends InjectionTime>(
  injections: readonly I[],
  regression: { changedAt: number },
  slack: number,
): I | undefined {
  let found: I | undefined;
  for (const injection of injections) {
    if (injection.at <= regression.changedAt + slack) found = injection;
  }
  return found;
}
