/**
 * The seam between the analysis and a regression detector: what a monitor or an analyzer needs
 * of one. `createDetector()` from `perfwarden/detect` makes them; a monitor without one
 * produces windows only and carries none of the detector's code.
 */
import type { Baseline } from '../baseline/baseline.js';
import type {
  Context,
  EnvironmentChange,
  GateReason,
  MetricLevels,
  MetricName,
  Recovery,
  Regression,
  TestKind,
  Verdict,
} from '../types.js';
import type { ClosedWindow } from './windows.js';

/** The state of one tested metric in one context. */
export interface MetricVerdict {
  metric: MetricName;
  context: Context;
  test: TestKind;
  /** Blocks analysed in the current segment. */
  blocks: number;
  /** Boundary crossings (regressions, improvements, recoveries) in the current segment. */
  alarms: number;
  verdict: Verdict;
  /** Levels of the current reference, once there is one. */
  reference?: MetricLevels;
}

/** What a detector emits. */
export interface DetectorEvents {
  regression: Regression;
  recovery: Recovery;
  /** The machine changed under the page, or came back (see `EnvironmentChange`). */
  environment: EnvironmentChange;
}

/**
 * A regression detector, used by one monitor or analyzer (`createMonitor({ detector })`). Its
 * methods are called by that monitor or analyzer, not by apps.
 */
export interface Detector {
  /**
   * Binds the detector to the analysis whose windows span `window` ms (its blocks). Throws a
   * `TypeError` naming `where` when it cannot: it is bound already, or its baseline was
   * measured with other windows.
   */
  bind(window: number, where: string): void;
  /** A closed window of the analysis. */
  add(window: ClosedWindow): void;
  /** Analyses every block that ended by `time`. */
  analyse(time: number): void;
  /**
   * A break in the data: analyses what is pending, then checks the references on the next
   * blocks, learning them again where the level moved (see GateReason).
   */
  interrupt(reason: GateReason): void;
  /** Verdict of one metric in one context, if it is tested there. */
  verdict(metric: MetricName, context: Context): Verdict | undefined;
  /** Every tested metric's verdict, by context. */
  verdicts(): MetricVerdict[];
  /** The current level of every metric past its warm-up, as a one-run baseline. */
  captureBaseline(): Baseline;
  /** Subscribes to regressions and recoveries; returns the unsubscribe. */
  on<E extends keyof DetectorEvents>(
    event: E,
    listener: (payload: DetectorEvents[E]) => void,
  ): () => void;
}

/** The methods a detector has, to recognize one (createMonitor checks its option with them). */
export const DETECTOR_METHODS = [
  'bind',
  'add',
  'analyse',
  'interrupt',
  'verdict',
  'verdicts',
  'captureBaseline',
  'on',
] as const;
