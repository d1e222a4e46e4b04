/**
 * The statistics of the overhead benchmark (bench/overhead.bench.ts), for its two modes.
 *
 * Concurrent mode (`compareWithBare`): each arm is compared with the bare page that ran at the
 * same time, round by round, and the confidence interval comes from the sessions, not from the
 * rounds. Within one session the same pages run throughout, so the rounds are not independent.
 * They share whatever the page load left behind (which code V8 optimized, how the heap is laid
 * out, where the renderer's threads run), and machine load drifts over tens of seconds. A
 * session's rounds are therefore pooled into one estimate, and the sessions, each with a fresh
 * browser and fresh pages, are the independent samples. The interval is Student's t over the
 * session estimates (S − 1 degrees of freedom): valid whatever the correlation between the
 * rounds of a session, at the price of few degrees of freedom.
 *
 * Alternating mode (`compareOnOff`): each page turns its arm on and off, and every period on is
 * paired with the adjacent period off of the same page, so the page load's bias is in both
 * and cancels. What does not cancel within one page is the machine: a burst of load from other
 * programs raises every page's CPU per frame while it lasts, in the period on of one pair or in
 * its period off. So the pages run in couples: two pages of the same arm, one on while the
 * other is off, whose pairs span the same periods. Averaged, a couple's two pairs hold each
 * period once on and once off, and the load of that moment cancels. The pairs of a couple are
 * still not independent (they share the two page loads' response to the arm, and drift), so
 * each couple gives one estimate, the mean over its pairs, and the interval is Student's t over
 * the couples (of every session): valid whatever the correlation between the pairs of a couple.
 */

/** The counters of one page's main thread over one round (or one period). */
export interface Reading {
  /** CPU time the renderer's main thread ran (ns). */
  cpuNs: number;
  /** Animation frames the page rendered. */
  frames: number;
  /** Wall-clock length of the round or period (ms). */
  wallMs: number;
}

/** An estimate with its two-sided confidence interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** One arm and the bare page of the same session, round by round (same length, same rounds). */
export interface PairedSession {
  arm: readonly Reading[];
  bare: readonly Reading[];
}

/** How an arm compares with bare over all sessions. */
export interface BareComparison {
  sessions: number;
  /** Arm's main-thread CPU per frame over bare's: geometric mean over sessions, with CI. */
  ratio: Interval;
  /** Arm's minus bare's main-thread CPU per frame (ms): mean over sessions, with CI. */
  addedMs: Interval;
  /** The ratio of every round on its own: its spread is the noise one round has. */
  roundRatios: number[];
  /** Standard deviation of the sessions' log ratios: how far one session strays. */
  sessionLogSd: number;
}

/**
 * P(|T| ≤ t) for Student's t with `df` degrees of freedom (a positive integer): the closed
 * forms of Abramowitz & Stegun 26.7.3 (odd df) and 26.7.4 (even df), exact up to rounding.
 */
function tCentralProbability(t: number, df: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const cos2 = Math.cos(theta) ** 2;
  const sin = Math.sin(theta);
  if (df % 2 === 0) {
    let term = 1;
    let sum = 1;
    for (let k = 1; k <= df / 2 - 1; k++) {
      term *= ((2 * k - 1) / (2 * k)) * cos2;
      sum += term;
    }
    return sin * sum;
  }
  if (df === 1) return (2 * theta) / Math.PI;
  let term = Math.cos(theta);
  let sum = term;
  for (let k = 1; k <= (df - 3) / 2; k++) {
    term *= ((2 * k) / (2 * k + 1)) * cos2;
    sum += term;
  }
  return (2 / Math.PI) * (theta + sin * sum);
}

/**
 * The `p` quantile of Student's t with `df` degrees of freedom (a positive integer), e.g.
 * `tQuantile(0.975, 4)` ≈ 2.776. Found by bisection on the exact distribution function.
 */
export function tQuantile(p: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) {
    throw new RangeError(`tQuantile: df must be a positive integer, got ${String(df)}`);
  }
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0, 1), got ${String(p)}`);
  if (p < 0.5) return -tQuantile(1 - p, df);
  const central = 2 * p - 1;
  let high = 1;
  while (tCentralProbability(high, df) < central) high *= 2;
  let low = 0;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (tCentralProbability(middle, df) < central) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample standard deviation (n − 1); NaN for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const center = mean(values);
  return Math.sqrt(
    values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1),
  );
}

/**
 * Student's t interval of the mean of independent values (`level`, e.g. 0.95). With one value
 * the interval is unbounded: one session says nothing about the next.
 */
export function meanInterval(values: readonly number[], level = 0.95): Interval {
  if (values.length === 0) return { estimate: NaN, low: NaN, high: NaN };
  const estimate = mean(values);
  if (values.length === 1) return { estimate, low: -Infinity, high: Infinity };
  const halfWidth =
    (tQuantile(1 - (1 - level) / 2, values.length - 1) * standardDeviation(values)) /
    Math.sqrt(values.length);
  return { estimate, low: estimate - halfWidth, high: estimate + halfWidth };
}

/** Main-thread CPU per frame (ms) over readings pooled: total CPU over total frames. */
export function msPerFrame(readings: readonly Reading[]): number {
  let cpuNs = 0;
  let frames = 0;
  for (const reading of readings) {
    cpuNs += reading.cpuNs;
    frames += reading.frames;
  }
  return cpuNs / 1e6 / frames;
}

/** Frames per second over readings pooled. */
export function framesPerSecond(readings: readonly Reading[]): number {
  let frames = 0;
  let wallMs = 0;
  for (const reading of readings) {
    frames += reading.frames;
    wallMs += reading.wallMs;
  }
  return (frames * 1000) / wallMs;
}

/**
 * Compares an arm with bare: per session, the arm's CPU per frame over all its rounds against
 * bare's over the same rounds (a ratio and a difference), then a t interval over the sessions.
 * The ratio's interval is taken on the log scale (ratios multiply) and mapped back.
 */
export function compareWithBare(sessions: readonly PairedSession[], level = 0.95): BareComparison {
  const logRatios: number[] = [];
  const added: number[] = [];
  const roundRatios: number[] = [];
  for (const { arm, bare } of sessions) {
    if (arm.length !== bare.length || arm.length === 0) {
      throw new Error(
        `compareWithBare: a session needs the same rounds for the arm and bare, got ${String(arm.length)} and ${String(bare.length)}`,
      );
    }
    const armMs = msPerFrame(arm);
    const bareMs = msPerFrame(bare);
    logRatios.push(Math.log(armMs / bareMs));
    added.push(armMs - bareMs);
    arm.forEach((reading, round) => {
      const bareRound = bare[round];
      if (bareRound) roundRatios.push(msPerFrame([reading]) / msPerFrame([bareRound]));
    });
  }
  const logInterval = meanInterval(logRatios, level);
  return {
    sessions: sessions.length,
    ratio: {
      estimate: Math.exp(logInterval.estimate),
      low: Math.exp(logInterval.low),
      high: Math.exp(logInterval.high),
    },
    addedMs: meanInterval(added, level),
    roundRatios,
    sessionLogSd: standardDeviation(logRatios),
  };
}

/** One page's counters over a period with its arm on and over the adjacent period off. */
export interface OnOffPair {
  on: Reading;
  off: Reading;
}

/**
 * Two pages of one arm that ran at the same time in opposite phases, pair by pair: `first[k]`
 * and `second[k]` span the same two periods, one of them on first and the other off first.
 */
export interface Couple {
  first: readonly OnOffPair[];
  second: readonly OnOffPair[];
}

/** How an arm compares with the same pages without it. */
export interface OnOffComparison {
  /** Couples, the independent samples of the interval. */
  couples: number;
  /** Pairs of each couple's pages together (one per pair of periods) over all couples. */
  pairs: number;
  /**
   * CPU per frame on over off: the geometric mean over couples of each couple's geometric mean
   * over its pairs (both pages), with CI.
   */
  ratio: Interval;
  /** CPU per frame on minus off (ms): the mean over couples of each one's mean, with CI. */
  addedMs: Interval;
  /** The ratio of every pair of every page on its own. */
  pageRatios: number[];
  /** Standard deviation of one page's pair (log ratio) around its page's mean. */
  pagePairLogSd: number;
  /** Standard deviation of a couple's pair (mean of its two pages' log ratios) around its mean. */
  couplePairLogSd: number;
  /** Standard deviation of the couples' estimates: how far one couple strays. */
  coupleLogSd: number;
  /**
   * Lag-1 autocorrelation of a couple's consecutive pairs, around the couple's mean, over the
   * couples of three pairs or more (NaN without one: two values around their mean always give
   * −1/2): near 0 when its pairs are as good as independent.
   */
  pairLag1: number;
}

/** Sums of squared deviations from the mean, of products of consecutive ones, and their count. */
interface Deviations {
  squares: number;
  lagProducts: number;
  degrees: number;
}

function addDeviations(total: Deviations, values: readonly number[]): void {
  const center = mean(values);
  values.forEach((value, i) => {
    total.squares += (value - center) ** 2;
    const next = values[i + 1];
    if (next !== undefined) total.lagProducts += (value - center) * (next - center);
  });
  total.degrees += values.length - 1;
}

const pooledSd = ({ squares, degrees }: Deviations): number =>
  degrees > 0 ? Math.sqrt(squares / degrees) : NaN;

/**
 * Compares an arm on with the same pages off: per pair of periods, the log of the CPU per frame
 * on over off (and the difference in ms) averaged over the couple's two pages; per couple, the
 * mean over its pairs; then a t interval over the couples. The ratio's interval is taken on the
 * log scale and mapped back.
 */
export function compareOnOff(couples: readonly Couple[], level = 0.95): OnOffComparison {
  const logRatio = ({ on, off }: OnOffPair): number =>
    Math.log(msPerFrame([on]) / msPerFrame([off]));
  const addedMs = ({ on, off }: OnOffPair): number => msPerFrame([on]) - msPerFrame([off]);
  const coupleLogs: number[] = [];
  const coupleAdded: number[] = [];
  const pageRatios: number[] = [];
  const pageDeviations: Deviations = { squares: 0, lagProducts: 0, degrees: 0 };
  const coupleDeviations: Deviations = { squares: 0, lagProducts: 0, degrees: 0 };
  const lagDeviations: Deviations = { squares: 0, lagProducts: 0, degrees: 0 };
  let pairs = 0;
  for (const { first, second } of couples) {
    if (first.length !== second.length || first.length === 0) {
      throw new Error(
        `compareOnOff: a couple needs the same pairs on both pages, got ${String(first.length)} and ${String(second.length)}`,
      );
    }
    const firstLogs = first.map(logRatio);
    const secondLogs = second.map(logRatio);
    const logs = firstLogs.map((value, k) => (value + (secondLogs[k] ?? NaN)) / 2);
    const added = first.map((pair, k) => {
      const other = second[k];
      return other ? (addedMs(pair) + addedMs(other)) / 2 : NaN;
    });
    coupleLogs.push(mean(logs));
    coupleAdded.push(mean(added));
    pageRatios.push(...firstLogs.map(Math.exp), ...secondLogs.map(Math.exp));
    addDeviations(pageDeviations, firstLogs);
    addDeviations(pageDeviations, secondLogs);
    addDeviations(coupleDeviations, logs);
    if (logs.length >= 3) addDeviations(lagDeviations, logs);
    pairs += logs.length;
  }
  const logInterval = meanInterval(coupleLogs, level);
  const { squares, lagProducts, degrees } = lagDeviations;
  return {
    couples: couples.length,
    pairs,
    ratio: {
      estimate: Math.exp(logInterval.estimate),
      low: Math.exp(logInterval.low),
      high: Math.exp(logInterval.high),
    },
    addedMs: meanInterval(coupleAdded, level),
    pageRatios,
    pagePairLogSd: pooledSd(pageDeviations),
    couplePairLogSd: pooledSd(coupleDeviations),
    coupleLogSd: standardDeviation(coupleLogs),
    pairLag1: degrees > 0 && squares > 0 ? lagProducts / squares : NaN,
  };
}
