/**
 * What a monitor is to its users: the {@link Monitor} interface and its events. The factory
 * that makes one is create-monitor.ts; the HUD, the GPU timer and the Storybook add-on only
 * need this shape.
 */
import type { AnalyzerEventMap, AnalyzerSnapshot } from '../analysis/analysis.js';
import type { Baseline } from '../baseline/baseline.js';
import type { VitalReport } from '../sources/vitals.js';
import type { Context, GateReason, GpuSource, MetricName, Stop, Verdict } from '../types.js';
import type { ShedEvent } from './shedding.js';

/** Events of the monitor: the analyzer's (`window`, `regression`, `recovery`) and its own. */
export interface MonitorEventMap extends AnalyzerEventMap {
  /** The shedding level changed (perfwarden's overhead crossed its budget, or fell back). */
  shed: ShedEvent;
  /** web-vitals reported a Web Vital, with its rating. */
  vital: VitalReport;
  /**
   * A break in the data (page hidden or restored, throttled frames, a refresh-rate, size or
   * context change, stop): the open windows closed, and unless the reason is `context` the
   * detector checks its references on the next blocks, learning them again where the level
   * moved.
   */
  gate: GateEvent;
}

/** The `gate` event: why and when the data was broken off. */
export interface GateEvent {
  reason: GateReason;
  /** perfwarden clock (epoch ms). */
  time: number;
}

/** A running collector, made by `createMonitor`. */
export interface Monitor {
  /**
   * Starts the sources (when this session is sampled; on a prerendered page, once it is
   * activated). Calling it again while started does nothing.
   */
  start(): void;
  /**
   * Stops every source and removes every observer, frame request, timer and listener the
   * monitor added, closing the open windows. It can be started again.
   */
  stop(): void;
  /**
   * Subscribes to an event; returns the unsubscribe. A throwing listener harms no other. A
   * listener may call back into the monitor; its `start`, `stop` and `setContext` calls take
   * effect in a task right after the current one (they close windows, which emits events).
   */
  on<E extends keyof MonitorEventMap>(
    event: E,
    listener: (payload: MonitorEventMap[E]) => void,
  ): () => void;
  /**
   * Sets the context labels that travel with every following sample, e.g.
   * `{ scene: 'graph-10k' }`. A change closes the open windows (a new workload is not a
   * regression of the old one). Labels that are not an object of strings are reported to
   * `onError` and ignored.
   */
  setContext(context: Context): void;
  /** The current context labels. */
  readonly context: Context;
  /**
   * Runs `fn` and records its duration as `span.<name>` (ms). Async functions are timed
   * until their promise settles; the result and any exception pass through unchanged. While
   * the monitor is not started, `fn` just runs.
   */
  span<T>(name: string, fn: () => T): T;
  /**
   * Records a custom sample `value` of metric `name`, at `time` (perfwarden clock:
   * `performance.timeOrigin + performance.now()`, default now). Ignored while not started.
   */
  record(name: MetricName, value: number, time?: number): void;
  /**
   * Sends everything the exporters have queued (closed windows and events) and resolves
   * when the exports settled. Never rejects; without exporters it resolves at once.
   */
  flush(): Promise<void>;
  /**
   * Ends the monitor for good (OpenTelemetry's `shutdown`): stops it like `stop()`, sends what
   * the exporters hold within a bound (`export.exportTimeoutMs`, 10 s by default), ends every
   * timer, aborts what is still in flight and shuts the exporters down. Resolves when done,
   * never rejects; calling it again returns the same promise, and `start()` does nothing
   * afterwards. Use it where a process must exit (Node, tests) or a view is torn down for good.
   */
  shutdown(): Promise<void>;
  /**
   * Attaches a GPU timer (done for you by `gpuTimer(gl, { monitor })` from
   * `perfwarden/webgl`): the monitor then sheds GPU queries first when over budget, exports
   * the renderer (`perfwarden.gpu.renderer`, with `software: "true"` for software
   * rasterizers) and the timer's data-quality counts. Returns the function that detaches it.
   */
  attachGpu(source: GpuSource): Stop;
  /** The renderer of the attached GPU timer, if any. */
  readonly gpu: GpuSource['renderer'] | undefined;
  /** Verdict of one metric in one context (default: the current context), if it is tested. */
  verdict(metric: MetricName, context?: Context): Verdict | undefined;
  /** Every tested metric's verdict and the open windows, now. */
  snapshot(): AnalyzerSnapshot;
  /**
   * The current level of every metric past its warm-up, as a versioned baseline: store it
   * (`saveBaseline`, or a file) and pass it to `createDetector({ baseline })` in a later
   * session. Without a detector it has no entries.
   */
  captureBaseline(): Baseline;
  /** Fraction of main-thread time spent in perfwarden's callbacks over the last ~10 s. */
  overhead(): number;
  /** Whether this session is sampled (decided once from `sessionId` and `sampleRate`). */
  readonly sampled: boolean;
  /** The session id sampling was decided from. */
  readonly sessionId: string;
  /** Whether the monitor is started (it may still wait for prerender activation). */
  readonly running: boolean;
  /** The measured display refresh interval (ms), NaN until measured. */
  readonly refreshInterval: number;
}
