/**
 * Runs `frame` every animation frame while `element` is in the document: stories mount and
 * unmount (the html renderer replaces their DOM), and a loop must end with its story.
 */
export function animate(
  element: Element,
  frame: (time: number) => void,
  dispose = (): void => undefined,
): void {
  let mounted = false;
  const step = (time: number): void => {
    if (element.isConnected) mounted = true;
    else if (mounted) {
      dispose();
      return;
    }
    frame(time);
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

/** A seeded pseudo-random generator (mulberry32), so that every run draws the same data. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
