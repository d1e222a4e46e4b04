/** The data of the example charts: `count` points, the same for every run (seeded). */
export interface Point {
  x: number;
  y: number;
  /** A category, for the colour. */
  group: number;
}

/** A seeded pseudo-random generator (mulberry32), so that every run draws the same data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` points in [0, 1]², clustered in five groups. */
export function makePoints(count: number): Point[] {
  const random = seeded(3);
  return Array.from({ length: count }, (_, index) => {
    const group = index % 5;
    const spread = 0.08 + group * 0.02;
    return {
      x: Math.min(1, Math.max(0, 0.15 + group * 0.17 + (random() - 0.5) * spread * 2)),
      y: Math.min(1, Math.max(0, random())),
      group,
    };
  });
}

/** The colour of a group. */
export function groupColor(group: number): string {
  return `hsl(${group * 72}, 60%, 45%)`;
}
