/**
 * The arms of the overhead benchmark: what each page runs besides its own work
 * (bench/overhead-page.html), and which of them the within-page mode can turn off and on.
 */

export const ALL_ARMS = [
  'bare',
  'perfwarden',
  'perfwarden+detector',
  'perfwarden:full-rate',
  'stats.js',
  'web-vitals',
  'raf+task',
  'perfwarden:frames-only',
  'perfwarden:no-long-frames',
] as const;
export type Arm = (typeof ALL_ARMS)[number];

/** How the arms are compared with the bare page: see bench/overhead.bench.ts. */
export type Mode = 'alternating' | 'concurrent';

/**
 * Arms the alternating mode cannot measure, and why: it needs an arm that the page can turn
 * off and back on. (perfwarden+detector can: each start learns the detector's references
 * again, and its periods are measured once that warm-up is over.)
 */
export const CONCURRENT_ONLY: ReadonlyMap<Arm, string> = new Map<Arm, string>([
  ['bare', 'the off periods are the bare page'],
  ['web-vitals', 'its collectors cannot be unsubscribed'],
]);

const DEFAULT_ARMS: Record<Mode, readonly Arm[]> = {
  // The arms of the 2 % target. perfwarden:full-rate, stats.js and raf+task can alternate too
  // (ARMS), at the price of fewer pages for each arm on a 2-core machine, or a longer run.
  alternating: ['perfwarden', 'perfwarden+detector'],
  concurrent: [
    'bare',
    'perfwarden',
    'perfwarden+detector',
    'perfwarden:full-rate',
    'stats.js',
    'web-vitals',
    'raf+task',
  ],
};

/**
 * The arms a run measures: `list` is `ARMS` (comma-separated names), the mode's defaults when
 * undefined. The concurrent mode needs `bare`; the alternating mode refuses the arms it cannot
 * turn off (`CONCURRENT_ONLY`), naming why.
 */
export function chosenArms(list: string | undefined, mode: Mode): readonly Arm[] {
  if (list === undefined) return DEFAULT_ARMS[mode];
  const arms = list.split(',').map((name) => name.trim());
  const unknown = arms.filter((name) => !(ALL_ARMS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`ARMS: unknown arm ${unknown.join(', ')}; the arms are ${ALL_ARMS.join(', ')}`);
  }
  const chosen = arms as Arm[];
  if (mode === 'concurrent' && !chosen.includes('bare')) {
    throw new Error('ARMS must include bare in the concurrent mode');
  }
  if (mode === 'alternating') {
    for (const arm of chosen) {
      const reason = CONCURRENT_ONLY.get(arm);
      if (reason !== undefined) {
        throw new Error(
          `ARMS: ${arm} cannot be measured within one page (${reason}): use MODE=concurrent`,
        );
      }
    }
  }
  return chosen;
}
