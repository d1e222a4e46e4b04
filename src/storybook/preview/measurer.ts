/**
 * Measures stories in the preview iframe, around their render and independent of the renderer:
 * a mount is timed from the story function's call to the end of the next frame's work
 * (`render`), an args change the same way (`rerender`); after a mount a monitor records frames,
 * CPU work, GPU time (stories that attach `gpuTimer` to {@link storyMonitor}), long animation
 * frames and interactions for `duration` ms. Each finished run goes out on the channel.
 *
 * A story with a `play` function is measured while play runs instead: from the end of the first
 * render until play has finished (at least {@link MIN_PLAY_SPAN_MS}), its frame levels prefixed
 * `play.`, with the latency of its input events ({@link InputLatency}).
 *
 * `EVENTS.measure` asks for fresh mounts of the current story (Storybook's `forceRemount`,
 * which runs play again), one after the other: how the panel's "Measure" button and the CI
 * mode get their runs.
 */
import type { ReportError } from '../../errors.js';
import { createMonitor } from '../../monitor/create-monitor.js';
import type { Monitor } from '../../monitor/monitor.js';
import { now } from '../../page/clock.js';
import type { ClosedWindow } from '../../analysis/windows.js';
import { EVENTS } from '../constants.js';
import { setStoryMonitor } from '../current.js';
import type { ResolvedPerfwardenParameters } from '../parameters.js';
import { levelsFromWindows, playLevels } from '../run.js';
import type { LevelKey, StoryRun } from '../run.js';
import { afterNextFrame } from './after-next-frame.js';
import { InputLatency } from './input-latency.js';

/** What the measurer needs from Storybook's channel. */
export interface PreviewChannel {
  emit(event: string, ...args: unknown[]): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
}

/** A request for `runs` fresh mounts of `storyId` (optionally measuring `duration` ms each). */
export interface MeasureRequest {
  storyId: string;
  runs: number;
  duration?: number;
}

/** Storybook's event that remounts the current story. */
const FORCE_REMOUNT = 'forceRemount';
/** Storybook's event for the phases of a story's render: `playing`, `played`, `errored`… */
const RENDER_PHASE_CHANGED = 'storyRenderPhaseChanged';
// Not `aborted`: a remount aborts the earlier render of the same story late (under the same
// render id), after the new one began to play; a new mount ends a run anyway.

/**
 * Window span of a run's monitor. Observers report buffered entries from before the run (long
 * frames of earlier mounts): only windows that began after the run started count, and short
 * windows lose little of the run that way.
 */
const RUN_WINDOW_MS = 100;
/**
 * Shortest measured span of a play run, from the end of the render: two windows, so that at
 * least one whole window lies inside however short the play function is.
 */
export const MIN_PLAY_SPAN_MS = 2 * RUN_WINDOW_MS;

/** Longest wait for a play function to end, ms: a run whose play never ends fails then. */
const PLAY_TIMEOUT_MS = 60_000;

/** A play function of the run's story: when it started and ended, and its input latencies. */
interface PlayCapture {
  startedAt: number;
  endedAt?: number;
  /** The phase that ended it (`played` or `errored`). */
  outcome?: string;
  input: InputLatency;
}

interface ActiveRun {
  storyId: string;
  monitor: Monitor;
  windows: ClosedWindow[];
  parameters: ResolvedPerfwardenParameters;
  render?: number;
  startedAt?: number;
  timer?: ReturnType<typeof setTimeout> | undefined;
  play?: PlayCapture;
}

interface RenderPhase {
  newPhase?: unknown;
  storyId?: unknown;
}

function isMeasureRequest(value: unknown): value is MeasureRequest {
  const request = value as Partial<MeasureRequest> | null;
  return (
    typeof request?.storyId === 'string' &&
    typeof request.runs === 'number' &&
    Number.isInteger(request.runs) &&
    request.runs > 0 &&
    (request.duration === undefined ||
      (typeof request.duration === 'number' && request.duration > 0))
  );
}

/** A key of the args that changes when any arg does (identity when they do not serialize). */
function argsKey(args: unknown): unknown {
  try {
    return JSON.stringify(args);
  } catch {
    return args;
  }
}

/** The preview's measurer: one per preview iframe. */
export class StoryMeasurer {
  private _storyId: string | undefined;
  private _args: unknown;
  private _run: ActiveRun | undefined;
  private _request: MeasureRequest | undefined;
  /** The current story is not measured (`mode: 'off'`). */
  private _off = false;

  constructor(
    private readonly _channel: PreviewChannel,
    private readonly _report: ReportError,
  ) {
    _channel.on(EVENTS.measure, (request: unknown) => {
      this._guard('storybook.measure', () => {
        this._onMeasure(request);
      });
    });
    _channel.on(RENDER_PHASE_CHANGED, (event: unknown) => {
      this._guard('storybook.play', () => {
        this._onPhase(event as RenderPhase | undefined);
      });
    });
  }

  /**
   * Renders the story through `storyFn` and measures it (unless its mode is `'off'`); returns
   * what `storyFn` returned. `hasPlay`: the story has a play function, which runs after the
   * mount and ends with {@link playEnded} (or Storybook's `played` phase).
   * Errors of the measurement are reported, never thrown; the story's own errors pass through.
   */
  around<T>(
    storyId: string,
    args: unknown,
    parameters: ResolvedPerfwardenParameters,
    storyFn: () => T,
    hasPlay = false,
  ): T {
    this._off = parameters.mode === 'off';
    if (this._off) {
      this._abort();
      this._storyId = storyId;
      return storyFn();
    }
    const key = argsKey(args);
    const rerender = storyId === this._storyId && key !== this._args;
    this._storyId = storyId;
    this._args = key;
    const start = now();
    if (!rerender) {
      this._guard('storybook.mount', () => {
        this._prepare(storyId, parameters, hasPlay);
      });
    }
    const result = storyFn();
    afterNextFrame(() => {
      this._guard('storybook.render', () => {
        const elapsed = now() - start;
        if (rerender) this._emitRerender(storyId, elapsed, parameters);
        else this._beginFrames(storyId, elapsed);
      });
    });
    return result;
  }

  private _guard(kind: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this._report(kind, error);
    }
  }

  private _onMeasure(request: unknown): void {
    if (!isMeasureRequest(request)) throw new TypeError(`invalid ${EVENTS.measure} request`);
    if (this._off && request.storyId === this._storyId) {
      this._channel.emit(EVENTS.measured, { storyId: request.storyId, skipped: true });
      return;
    }
    this._request = { ...request };
    // A mount of this story in progress counts as the first run: Storybook may ignore a
    // remount asked for while it is still rendering.
    if (this._run?.storyId === request.storyId) return;
    this._abort();
    this._channel.emit(FORCE_REMOUNT, { storyId: request.storyId });
  }

  /**
   * The story's play function ended (`'played'`, or `'errored'`): its run finishes after the
   * next frame. Called by the preview's `afterEach` (portable stories, as the Vitest addon runs
   * them, emit no render phases) and on Storybook's phase events, whichever comes first.
   */
  playEnded(storyId: string, outcome: 'played' | 'errored' = 'played'): void {
    const run = this._run;
    const play = run?.play;
    if (run?.storyId !== storyId || play === undefined || play.endedAt !== undefined) return;
    play.endedAt = now();
    play.outcome = outcome;
    if (run.timer !== undefined) clearTimeout(run.timer);
    run.timer = undefined;
    this._finishPlayWhenDue(run);
  }

  /** Storybook's render phases: when play starts, and when it ends. */
  private _onPhase(event: RenderPhase | undefined): void {
    const run = this._run;
    if (run === undefined || event?.storyId !== run.storyId) return;
    if (event.newPhase === 'playing') {
      if (run.play === undefined) {
        // A play function the story context did not show: measure it from here.
        run.play = { startedAt: now(), input: new InputLatency(document) };
        run.play.input.start();
        if (run.timer !== undefined) clearTimeout(run.timer);
        run.timer = undefined;
      } else if (run.play.endedAt === undefined) {
        run.play.startedAt = now();
      }
      return;
    }
    if (event.newPhase === 'played' || event.newPhase === 'errored') {
      this.playEnded(run.storyId, event.newPhase);
    }
  }

  /** Finishes a play run after its last frame, and not before its shortest span. */
  private _finishPlayWhenDue(run: ActiveRun): void {
    if (run.startedAt === undefined || run.play?.endedAt === undefined) return;
    const startedAt = run.startedAt;
    afterNextFrame(() => {
      run.timer = setTimeout(
        () => {
          this._guard('storybook.run', () => {
            this._finish(run);
          });
        },
        Math.max(0, startedAt + MIN_PLAY_SPAN_MS - now()),
      );
    });
  }

  /** A new mount: the previous run ends unreported, a monitor waits for the first frame. */
  private _prepare(
    storyId: string,
    parameters: ResolvedPerfwardenParameters,
    hasPlay: boolean,
  ): void {
    this._abort();
    const windows: ClosedWindow[] = [];
    const monitor = createMonitor({
      window: RUN_WINDOW_MS,
      context: { story: storyId },
      // Every frame of a story's short run counts; page-level vitals and memory say nothing
      // about one story's run. No detector: stories are judged on runs (storybook/verdict.ts).
      sources: { frames: { sampling: 'full' }, vitals: false, memory: false },
      onError: (error, kind) => {
        this._report(kind, error);
      },
    });
    monitor.on('window', (window) => windows.push(window));
    const duration = this._request?.storyId === storyId ? this._request.duration : undefined;
    this._run = {
      storyId,
      monitor,
      windows,
      parameters: duration === undefined ? parameters : { ...parameters, duration },
    };
    if (hasPlay) {
      // Listening from the mount on: play may begin before the render's frame ends.
      this._run.play = { startedAt: now(), input: new InputLatency(document) };
      this._run.play.input.start();
    }
    setStoryMonitor(monitor);
  }

  private _beginFrames(storyId: string, render: number): void {
    const run = this._run;
    if (run?.storyId !== storyId || run.render !== undefined) return;
    run.render = render;
    run.startedAt = now();
    this._channel.emit(EVENTS.rendered, { storyId });
    run.monitor.start();
    if (run.play) {
      if (run.play.endedAt !== undefined) this._finishPlayWhenDue(run);
      else {
        run.timer = setTimeout(() => {
          this._guard('storybook.play', () => {
            this._abort();
            this._failRequest(
              run.storyId,
              `its play function did not end in ${PLAY_TIMEOUT_MS} ms`,
            );
          });
        }, PLAY_TIMEOUT_MS);
      }
      return;
    }
    run.timer = setTimeout(() => {
      this._guard('storybook.run', () => {
        this._finish(run);
      });
    }, run.parameters.duration);
  }

  private _finish(run: ActiveRun): void {
    if (this._run !== run) return;
    this._run = undefined;
    run.monitor.stop();
    run.play?.input.stop();
    if (run.play !== undefined && run.play.outcome !== 'played') {
      this._failRequest(run.storyId, `its play function ended ${run.play.outcome ?? 'early'}`);
      return;
    }
    // Windows are aligned to a grid of their span: the first whole one starts here.
    const from = Math.ceil((run.startedAt ?? 0) / RUN_WINDOW_MS) * RUN_WINDOW_MS;
    const own = run.windows.filter((window) => window.start >= from);
    const span = now() - from;
    const play = run.play;
    const levels: Partial<Record<LevelKey, number>> =
      play?.endedAt === undefined
        ? levelsFromWindows(own, span)
        : playLevels(own, span, play.input.latencies, play.endedAt - play.startedAt);
    if (run.render !== undefined) levels['render p50'] = run.render;
    const renderer = run.monitor.gpu;
    const result: StoryRun = {
      storyId: run.storyId,
      kind: 'mount',
      time: now(),
      duration: run.parameters.duration,
      levels,
      parameters: run.parameters,
      ...(renderer ? { renderer } : {}),
    };
    this._channel.emit(EVENTS.run, result);
    this._next(run.storyId);
  }

  private _emitRerender(
    storyId: string,
    elapsed: number,
    parameters: ResolvedPerfwardenParameters,
  ): void {
    const result: StoryRun = {
      storyId,
      kind: 'rerender',
      time: now(),
      duration: 0,
      levels: { 'rerender p50': elapsed },
      parameters,
    };
    this._channel.emit(EVENTS.run, result);
  }

  /** Counts a finished run against the pending request; remounts or reports it done. */
  private _next(storyId: string): void {
    const request = this._request;
    if (request?.storyId !== storyId) return;
    request.runs -= 1;
    if (request.runs > 0) {
      this._channel.emit(FORCE_REMOUNT, { storyId });
    } else {
      this._request = undefined;
      this._channel.emit(EVENTS.measured, { storyId });
    }
  }

  /** Ends a pending request for `storyId` with an error (its play function failed). */
  private _failRequest(storyId: string, error: string): void {
    const request = this._request;
    if (request?.storyId !== storyId) return;
    this._request = undefined;
    this._channel.emit(EVENTS.measured, { storyId, error });
  }

  /** Ends the current run without reporting it (the story changed or remounts). */
  private _abort(): void {
    const run = this._run;
    if (!run) return;
    this._run = undefined;
    if (run.timer !== undefined) clearTimeout(run.timer);
    run.monitor.stop();
    run.play?.input.stop();
    setStoryMonitor(undefined);
  }
}
