/**
 * GPU time per frame from WebGL timer queries, without ever stalling the GPU pipeline.
 *
 * - Spans (`begin`/`end`, `measure`, or `frame` for the whole frame) each get a
 *   `TIME_ELAPSED` query from a bounded pool; `TIME_ELAPSED` queries cannot nest, so a nested
 *   `begin` is refused and reported (Chromium exposes no timestamp queries to nest with:
 *   `QUERY_COUNTER_BITS_EXT` for `TIMESTAMP_EXT` is 0).
 * - A frame is every span begun during one animation frame (`document.timeline.currentTime`
 *   identifies it). Results arrive frames later, so they are matched to their frame through
 *   a ring of frame records and reported with the frame's time.
 * - Results are polled once per animation frame, in order, only after
 *   `QUERY_RESULT_AVAILABLE`; `GPU_DISJOINT_EXT` is read before results are used and a
 *   disjoint event drops every result in flight (counted in `stats().disjoint`).
 * - Context loss drops all in-flight work; restore re-acquires the extension.
 * - Without a timer extension the timer is `supported: false` and its methods cost nothing.
 */
import { createErrorReporter } from '../errors.js';
import type { ErrorHandler, ReportError } from '../errors.js';
import type { Monitor } from '../monitor/monitor.js';
import type { Sink, Stop } from '../types.js';
import {
  functionOption,
  invalidOption,
  missingMethod,
  numberOption,
  optionsObject,
  preview,
  rejectUnknown,
} from '../validate.js';
import { getQueryApi } from './query-api.js';
import type { AnyGL, QueryApi, TimerExtension, TimerQuery } from './query-api.js';
import { getRendererInfo } from './renderer-info.js';
import type { RendererInfo } from './renderer-info.js';

export interface GpuTimerOptions {
  /**
   * The monitor to report to: samples go to `monitor.record`, and the monitor sheds GPU
   * queries first when over its overhead budget and exports the renderer. Give this or `sink`.
   */
  monitor?: Pick<Monitor, 'record' | 'attachGpu'>;
  /** Receives `gpu` (ms per frame) and `gpu.<name>` (ms per span) with the frame's time. */
  sink?: Sink;
  /** Time every Nth frame (1 = every frame). The monitor raises it to shed overhead. */
  every?: number;
  /** Most queries alive at once (in flight or pooled). Default 32. */
  maxQueries?: number;
  /** Receives internal errors and misuse (nested `begin`, `end` without `begin`). */
  onError?: ErrorHandler;
}

/** Counters for data quality and leak checks. */
export interface GpuTimerStats {
  /** Query objects created and deleted over the timer's life. */
  created: number;
  deleted: number;
  /** Queries waiting for their result. */
  inFlight: number;
  /** Frames whose `gpu` time was reported. */
  frames: number;
  /** Span results dropped because the GPU reported a disjoint event. */
  disjoint: number;
  /** Spans not timed: no free query, or too many frames awaiting results. */
  skipped: number;
  /** `begin` calls refused because a span was already open. */
  nested: number;
  /** Context losses survived. */
  contextLosses: number;
}

export interface GpuTimer {
  /** Whether this context can time GPU work (it may change on context loss and restore). */
  readonly supported: boolean;
  /** The extension in use, if any. */
  readonly extension: TimerExtension | undefined;
  /** The renderer; `software: true` means GPU times come from a software rasterizer. */
  readonly renderer: RendererInfo;
  /** Time every Nth frame. */
  every: number;
  /**
   * Time only frames before this time (performance.now ms); a monitor sets it so that GPU
   * timing follows its frame sampling. Default Infinity (every frame).
   */
  until: number;
  /** Opens a span named `name` (reported as `gpu.<name>`). Returns whether it is timed. */
  begin(name: string): boolean;
  /** Closes the open span. */
  end(): void;
  /** Runs `fn` inside a span named `name` and returns its result. */
  measure<T>(name: string, fn: () => T): T;
  /** Runs `fn` as the whole frame's GPU work: reported as `gpu` only. */
  frame<T>(fn: () => T): T;
  stats(): GpuTimerStats;
  /** Deletes every query, cancels polling and removes listeners. Idempotent. */
  stop(): void;
}

const DEFAULT_MAX_QUERIES = 32;
/** Frames awaiting results at once; results usually arrive 1–4 frames later. */
const FRAME_RING = 16;
const NO_FRAME = -1;

interface Settings {
  sink: Sink;
  every: number;
  maxQueries: number;
}

const WHERE = 'gpuTimer';
const OPTION_NAMES = ['monitor', 'sink', 'every', 'maxQueries', 'onError'];

function validate(gl: unknown, input: unknown): Settings {
  if (!isWebGLContext(gl)) {
    throw new TypeError(
      `${WHERE}: the first argument must be a WebGL context (canvas.getContext('webgl2') or 'webgl'), got ${preview(gl)}`,
    );
  }
  const options = optionsObject(WHERE, input);
  rejectUnknown(WHERE, options, OPTION_NAMES);
  const monitor = options['monitor'] as GpuTimerOptions['monitor'];
  if (monitor !== undefined && missingMethod(monitor, ['record', 'attachGpu']) !== undefined) {
    invalidOption(WHERE, 'monitor', 'a monitor from createMonitor()', monitor);
  }
  const sink: Sink | undefined = monitor
    ? (metric, value, time) => {
        monitor.record(metric, value, time);
      }
    : (functionOption(WHERE, 'sink', options['sink']) as Sink | undefined);
  if (sink === undefined) {
    throw new TypeError(
      `${WHERE}: give option "monitor" (a monitor from createMonitor()) or option "sink" (a function (metric, value, time) => void)`,
    );
  }
  functionOption(WHERE, 'onError', options['onError']);
  const every = numberOption(WHERE, 'every', options['every'], 1, {
    min: 1,
    integer: true,
    expected: 'an integer ≥ 1',
  });
  const maxQueries = numberOption(WHERE, 'maxQueries', options['maxQueries'], DEFAULT_MAX_QUERIES, {
    min: 1,
    max: 1024,
    integer: true,
    expected: 'an integer in 1..1024',
  });
  return { sink, every, maxQueries };
}

/** A WebGL1 or WebGL2 context, or an object that has its shape (tests, wrappers). */
function isWebGLContext(gl: unknown): gl is AnyGL {
  return missingMethod(gl, ['getExtension', 'isContextLost', 'getParameter']) === undefined;
}

/** Key of the current animation frame, or NaN where there is no document timeline. */
function currentFrameKey(): number {
  const time = typeof document === 'undefined' ? null : document.timeline.currentTime;
  return typeof time === 'number' ? time : NaN;
}

class Timer implements GpuTimer {
  every: number;
  until = Infinity;
  readonly renderer: RendererInfo;
  private readonly _gl: AnyGL;
  private readonly _sink: Sink;
  private readonly _maxQueries: number;
  private readonly _report: ReportError;
  private _api: QueryApi | undefined;
  private _stopped = false;
  private readonly _detach: Stop | undefined;

  // Query pool: reusable queries, and the FIFO of queries awaiting results.
  private _free: TimerQuery[] = [];
  private _alive = 0;
  private readonly _pendingQuery: (TimerQuery | undefined)[];
  private readonly _pendingFrame: Int32Array;
  private readonly _pendingMetric: (string | undefined)[];
  private _pendingHead = 0;
  private _pendingCount = 0;

  // Frame ring: one record per frame awaiting results.
  private readonly _frameTime = new Float64Array(FRAME_RING);
  private readonly _frameSum = new Float64Array(FRAME_RING);
  private readonly _frameOutstanding = new Int32Array(FRAME_RING);
  /** 1 while a frame is open or awaiting results, 2 once some span of it was lost. */
  private readonly _frameState = new Uint8Array(FRAME_RING);
  private _frameSerial = 0;
  /** Ring slot of the open frame, or NO_FRAME when the frame is not timed. */
  private _frameSlot = NO_FRAME;
  private _frameKey = NaN;
  private _frameOpen = false;

  // The open span.
  private _spanOpen = false;
  private _spanTimed = false;

  private _pollHandle = 0;
  private readonly _metricNames = new Map<string, string>();
  private readonly _stats: GpuTimerStats = {
    created: 0,
    deleted: 0,
    inFlight: 0,
    frames: 0,
    disjoint: 0,
    skipped: 0,
    nested: 0,
    contextLosses: 0,
  };

  constructor(gl: AnyGL, options: GpuTimerOptions) {
    const { sink, every, maxQueries } = validate(gl, options);
    this._gl = gl;
    this._sink = sink;
    this.every = every;
    this._maxQueries = maxQueries;
    this._report = createErrorReporter(options.onError);
    this._pendingQuery = new Array<TimerQuery | undefined>(maxQueries).fill(undefined);
    this._pendingMetric = new Array<string | undefined>(maxQueries).fill(undefined);
    this._pendingFrame = new Int32Array(maxQueries);
    this._api = getQueryApi(gl);
    this.renderer = getRendererInfo(gl);
    const canvas = gl.canvas as Partial<EventTarget>;
    canvas.addEventListener?.('webglcontextlost', this._onLost);
    canvas.addEventListener?.('webglcontextrestored', this._onRestored);
    this._detach = options.monitor?.attachGpu(this);
  }

  get supported(): boolean {
    return this._api !== undefined && !this._stopped;
  }

  get extension(): TimerExtension | undefined {
    return this._api?.extension;
  }

  begin(name: string): boolean {
    const api = this._api;
    if (api === undefined || this._stopped) return false;
    if (typeof name !== 'string') {
      this._report(
        'webgl.span-name',
        new TypeError(`gpuTimer: a span name must be a string, got ${preview(name)}`),
      );
      return false;
    }
    if (this._spanOpen) {
      this._stats.nested++;
      this._report(
        'webgl.nested-span',
        new Error(`gpuTimer: begin("${name}") while a span is open; GPU spans cannot nest`),
      );
      return false;
    }
    this._spanOpen = true;
    this._spanTimed = false;
    const key = currentFrameKey();
    if (!this._frameOpen || !Object.is(key, this._frameKey)) this._openFrame(key);
    const slot = this._frameSlot;
    if (slot === NO_FRAME) return false;
    const query = this._acquire(api);
    if (query === undefined) {
      this._stats.skipped++;
      this._frameState[slot] = 2;
      return false;
    }
    api.begin(query);
    const at = (this._pendingHead + this._pendingCount) % this._maxQueries;
    this._pendingQuery[at] = query;
    this._pendingFrame[at] = slot;
    this._pendingMetric[at] = name === '' ? undefined : this._metricName(name);
    this._frameOutstanding[slot] = (this._frameOutstanding[slot] ?? 0) + 1;
    this._spanTimed = true;
    return true;
  }

  end(): void {
    if (!this._spanOpen) {
      if (this._api !== undefined) {
        this._report('webgl.unbalanced-end', new Error('gpuTimer: end() without begin()'));
      }
      return;
    }
    this._spanOpen = false;
    if (!this._spanTimed || this._api === undefined) return;
    this._api.end();
    this._pendingCount++;
    this._stats.inFlight = this._pendingCount;
    this._schedulePoll();
  }

  measure<T>(name: string, fn: () => T): T {
    if (typeof fn !== 'function') {
      this._report(
        'webgl.measure',
        new TypeError(`gpuTimer: measure(name, fn) needs a function, got ${preview(fn)}`),
      );
      return undefined as T;
    }
    if (this._api === undefined) return fn();
    // Only the span this call opened is closed here: a nested measure() (refused by begin)
    // must not end the outer one.
    const wasOpen = this._spanOpen;
    this.begin(name);
    const opened = !wasOpen && this._spanOpen;
    try {
      return fn();
    } finally {
      if (opened) this.end();
    }
  }

  frame<T>(fn: () => T): T {
    return this.measure('', fn);
  }

  stats(): GpuTimerStats {
    return { ...this._stats };
  }

  stop(): void {
    if (this._stopped) return;
    this._stopped = true;
    this._detach?.();
    if (this._pollHandle !== 0) cancelAnimationFrame(this._pollHandle);
    this._pollHandle = 0;
    const canvas = this._gl.canvas as Partial<EventTarget>;
    canvas.removeEventListener?.('webglcontextlost', this._onLost);
    canvas.removeEventListener?.('webglcontextrestored', this._onRestored);
    if (this._spanOpen && this._spanTimed) {
      this._api?.end();
      this._pendingCount++; // so that its query is deleted with the others
    }
    this._spanOpen = false;
    this._dropInFlight();
    for (const query of this._free) this._delete(query);
    this._free = [];
    this._api = undefined;
  }

  /** Starts a frame record (or marks the frame untimed when sampling skips it). */
  private _openFrame(key: number): void {
    this._closeFrame();
    this._frameOpen = true;
    this._frameKey = key;
    this._frameSerial++;
    this._frameSlot = NO_FRAME;
    // NaN keys (no document timeline) are timed: `until` cannot be compared with them.
    if (this._frameSerial % this.every !== 0 || key >= this.until) return;
    const slot = this._frameSerial % FRAME_RING;
    if (this._frameState[slot] !== 0) {
      this._stats.skipped++; // every ring slot still awaits results: do not overwrite one
      return;
    }
    this._frameSlot = slot;
    this._frameState[slot] = 1;
    // The frame's own start (the rAF timestamp) where known: results arrive frames later.
    this._frameTime[slot] = performance.timeOrigin + (key === key ? key : performance.now());
    this._frameSum[slot] = 0;
    this._frameOutstanding[slot] = 0;
    this._schedulePoll();
  }

  /** Closes the open frame: its `gpu` is reported once all its results are in. */
  private _closeFrame(): void {
    if (!this._frameOpen) return;
    this._frameOpen = false;
    const slot = this._frameSlot;
    this._frameSlot = NO_FRAME;
    if (slot !== NO_FRAME) this._settle(slot);
  }

  /**
   * Once a frame is closed and all its results are in, reports its `gpu` time (unless one of
   * its spans was lost) and frees its ring slot.
   */
  private _settle(slot: number): void {
    if (slot === this._frameSlot || (this._frameOutstanding[slot] ?? 0) > 0) return;
    const complete = this._frameState[slot] === 1;
    this._frameState[slot] = 0;
    if (!complete) return;
    this._stats.frames++;
    this._sink('gpu', this._frameSum[slot] ?? 0, this._frameTime[slot] ?? 0);
  }

  private _acquire(api: QueryApi): TimerQuery | undefined {
    const pooled = this._free.pop();
    if (pooled !== undefined) return pooled;
    if (this._alive >= this._maxQueries) return undefined;
    const query = api.create();
    if (query === null) return undefined;
    this._alive++;
    this._stats.created++;
    return query;
  }

  private _delete(query: TimerQuery): void {
    this._api?.remove(query);
    this._alive--;
    this._stats.deleted++;
  }

  private _metricName(name: string): string {
    let metric = this._metricNames.get(name);
    if (metric === undefined) {
      metric = `gpu.${name}`;
      this._metricNames.set(name, metric);
    }
    return metric;
  }

  private _schedulePoll(): void {
    if (this._pollHandle === 0 && !this._stopped) {
      this._pollHandle = requestAnimationFrame(this._onAnimationFrame);
    }
  }

  /** Once per animation frame while anything is open or in flight. */
  private readonly _onAnimationFrame = (): void => {
    this._pollHandle = 0;
    try {
      // Without a document timeline (workers), a frame is what was begun between two polls.
      const key = currentFrameKey();
      if (this._frameOpen && (key !== key || key !== this._frameKey)) this._closeFrame();
      this._poll();
    } catch (error) {
      this._report('webgl.poll', error);
    }
    if (this._pendingCount > 0 || this._frameOpen) this._schedulePoll();
  };

  /** Reads every available result, in submission order, without waiting for any. */
  private _poll(): void {
    const api = this._api;
    if (api === undefined || this._pendingCount === 0) return;
    const head = this._pendingQuery[this._pendingHead];
    if (head === undefined || !api.available(head)) return;
    if (api.disjoint()) {
      this._stats.disjoint += this._pendingCount;
      this._dropInFlight();
      return;
    }
    while (this._pendingCount > 0) {
      const at = this._pendingHead;
      const query = this._pendingQuery[at];
      if (query === undefined || !api.available(query)) break;
      const ms = api.result(query) / 1e6;
      const slot = this._pendingFrame[at] ?? 0;
      const metric = this._pendingMetric[at];
      this._pendingQuery[at] = undefined;
      this._pendingHead = (at + 1) % this._maxQueries;
      this._pendingCount--;
      this._free.push(query);
      const time = this._frameTime[slot] ?? 0;
      if (metric !== undefined) this._sink(metric, ms, time);
      this._frameSum[slot] = (this._frameSum[slot] ?? 0) + ms;
      this._frameOutstanding[slot] = (this._frameOutstanding[slot] ?? 0) - 1;
      this._settle(slot);
    }
    this._stats.inFlight = this._pendingCount;
  }

  /**
   * Deletes every query awaiting a result (their results are void or unwanted) and forgets
   * the frames they belong to; the open frame is marked incomplete.
   */
  private _dropInFlight(): void {
    while (this._pendingCount > 0) {
      const at = this._pendingHead;
      const query = this._pendingQuery[at];
      if (query !== undefined) this._delete(query);
      this._pendingQuery[at] = undefined;
      this._pendingHead = (at + 1) % this._maxQueries;
      this._pendingCount--;
    }
    this._stats.inFlight = 0;
    for (let slot = 0; slot < FRAME_RING; slot++) {
      this._frameOutstanding[slot] = 0;
      this._frameState[slot] = slot === this._frameSlot && this._frameOpen ? 2 : 0;
    }
  }

  private readonly _onLost = (): void => {
    this._stats.contextLosses++;
    // Every query object died with the context: forget them without deleting.
    this._pendingCount = 0;
    this._pendingHead = 0;
    this._pendingQuery.fill(undefined);
    this._free = [];
    this._alive = 0;
    this._frameState.fill(0);
    this._frameOpen = false;
    this._frameSlot = NO_FRAME;
    this._spanOpen = false;
    this._stats.inFlight = 0;
    this._api = undefined;
  };

  private readonly _onRestored = (): void => {
    if (this._stopped) return;
    try {
      this._api = getQueryApi(this._gl);
    } catch (error) {
      this._report('webgl.restore', error);
    }
  };
}

/**
 * Creates a GPU timer for a WebGL1 or WebGL2 context. It prefers
 * `EXT_disjoint_timer_query_webgl2`, then `EXT_disjoint_timer_query`; without either it is
 * `supported: false` and does no per-frame work.
 *
 * ```ts
 * const timer = gpuTimer(gl, { monitor });
 * function draw() {
 *   timer.measure('scene', () => drawScene());
 *   timer.measure('labels', () => drawLabels());
 *   requestAnimationFrame(draw);
 * }
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function gpuTimer(gl: AnyGL, options: GpuTimerOptions): GpuTimer {
  return new Timer(gl, options);
}
