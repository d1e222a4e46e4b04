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
import { FrameRing, NO_FRAME } from './frame-ring.js';
import { PendingQueries } from './pending-queries.js';
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

  // Query pool: reusable queries, and the queries awaiting results.
  private _free: TimerQuery[] = [];
  private _alive = 0;
  private readonly _pending: PendingQueries;

  /** One record per frame awaiting results. */
  private readonly _frames = new FrameRing(FRAME_RING);
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
    this._pending = new PendingQueries(maxQueries);
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
      this._frames.markIncomplete(slot);
      return false;
    }
    api.begin(query);
    this._pending.stage(query, slot, name === '' ? undefined : this._metricName(name));
    this._frames.addSpan(slot);
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
    this._pending.commit();
    this._stats.inFlight = this._pending.count;
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
      this._pending.commit(); // so that its query is deleted with the others
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
    // The frame's own start (the rAF timestamp) where known: results arrive frames later.
    const time = performance.timeOrigin + (key === key ? key : performance.now());
    const slot = this._frames.claim(this._frameSerial, time);
    if (slot === NO_FRAME) {
      this._stats.skipped++; // its ring slot still awaits results: do not overwrite it
      return;
    }
    this._frameSlot = slot;
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
    if (slot === this._frameSlot || !this._frames.release(slot)) return;
    this._stats.frames++;
    this._sink('gpu', this._frames.sum(slot), this._frames.time(slot));
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
    if (this._pending.count > 0 || this._frameOpen) this._schedulePoll();
  };

  /** Reads every available result, in submission order, without waiting for any. */
  private _poll(): void {
    const api = this._api;
    const pending = this._pending;
    const head = pending.oldest();
    if (api === undefined || head === undefined || !api.available(head)) return;
    if (api.disjoint()) {
      this._stats.disjoint += pending.count;
      this._dropInFlight();
      return;
    }
    for (;;) {
      const query = pending.oldest();
      if (query === undefined || !api.available(query)) break;
      const ms = api.result(query) / 1e6;
      const slot = pending.oldestFrame();
      const metric = pending.oldestMetric();
      pending.shift();
      this._free.push(query);
      if (metric !== undefined) this._sink(metric, ms, this._frames.time(slot));
      this._frames.addResult(slot, ms);
      this._settle(slot);
    }
    this._stats.inFlight = pending.count;
  }

  /**
   * Deletes every query awaiting a result (their results are void or unwanted) and forgets
   * the frames they belong to; the open frame is marked incomplete.
   */
  private _dropInFlight(): void {
    const pending = this._pending;
    while (pending.count > 0) {
      const query = pending.oldest();
      if (query !== undefined) this._delete(query);
      pending.shift();
    }
    this._stats.inFlight = 0;
    this._frames.dropResults(this._frameOpen ? this._frameSlot : NO_FRAME);
  }

  private readonly _onLost = (): void => {
    this._stats.contextLosses++;
    // Every query object died with the context: forget them without deleting.
    this._pending.forget();
    this._free = [];
    this._alive = 0;
    this._frames.clear();
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
