/**
 * The statistics of the overhead benchmark (bench/overhead.bench.ts): each arm is compared
 * with the bare page that ran at the same time, round by round, and the confidence interval
 * comes from the sessions, not from the rounds.
 *
 * Why sessions: within one session the same pages run throughout, so the rounds are not
 * independent. They share whatever the page load left behind (which code V8 optimized, how
 * the heap is laid out, where the renderer's threads run), and machine load drifts over tens of
 * seconds. A session's rounds are therefore pooled into one estimate, and the sessions, each
 * with a fresh browser and fresh pages, are the independent samples. The interval is Student's
 * t over the session estimates (S − 1 degrees of freedom): valid whatever the correlation
 * between the rounds of a session, at the price of few degrees of freedom.
 */

/** The counters of one page's main thread over one round. */
export interface Reading {
  /** CPU time the renderer's main thread ran (ns). */
  cpuNs: number;
  /** Animation frames the page rendered. */
  frames: number;
  /** Wall-clock length of the round (ms). */
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
