/**
 * A scripted browser event loop for benchmarks that run perfwarden in Node: a scripted clock
 * behind `performance.now`, `setTimeout`/`setInterval` (and their `clear…`) as a queue of timers
 * ordered by due time on that clock, `requestAnimationFrame`/`cancelAnimationFrame` with any
 * number of pending callbacks, and `requestIdleCallback`/`cancelIdleCallback`. Frames run at
 * 60 Hz as a browser runs them: the frame's rAF callbacks at its timestamp, the page's work,
 * then the tasks (timers) that fall due before the next frame, in order, with the idle
 * callbacks in the idle time after them.
 *
 * By default the clock stands still while a callback runs. With `realTimeInCallbacks` it runs
 * in real time inside them (and moves on by what they took), for benches in which perfwarden's
 * overhead meter must read what its callbacks really cost. `hooks` are called around every
 * callback the loop runs, for benches that time or label them.
 *
 * Everything is kept in preallocated arrays. The functions that run the loop are never
 * optimized: an optimizing compiler would inline the callbacks they call, and the allocation
 * profiler would then count perfwarden's allocations as the harness's (it names the function
 * the code was compiled into). Run unoptimized, the loop boxes the numbers it hands to the
 * callbacks; those bytes are the harness's.
 */
import { setFlagsFromString } from 'node:v8';

// `%NeverOptimizeFunction` is a V8 intrinsic: allowed in functions compiled after this.
setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the intrinsic is not valid TypeScript
const neverOptimize = new Function('fn', '%NeverOptimizeFunction(fn);') as (fn: unknown) => void;

/** The display's frame interval (ms): 60 Hz. */
export const FRAME_MS = 1000 / 60;
/** After the vsync, rAF callbacks run this much later (ms). */
const RAF_DELAY_MS = 0.5;
/** Pending callbacks of each kind the loop holds at once (more is a harness error). */
const CAPACITY = 64;
/** The real clock, whatever `performance.now` the loop installs. */
const realNow = performance.now.bind(performance);

/** The kinds of callback the loop runs: rAF callbacks, timers and idle callbacks. */
export type CallbackKind = 'frame' | 'timer' | 'idle';

/**
 * Calls around the callbacks the loop runs. `id` is what `requestAnimationFrame`,
 * `setTimeout`/`setInterval` or `requestIdleCallback` returned for the callback.
 */
export interface CallbackHooks {
  /**
   * A timer was set (`repeating` for `setInterval`): by the callback running now, or by code
   * that runs between the loop's callbacks (promises, the bench itself).
   */
  timerSet?(id: number, repeating: boolean): void;
  /** Just before the loop runs a callback (before its real-time clock starts). */
  before(kind: CallbackKind, id: number): void;
  /** Just after the callback returned (after the clock moved on by the time it took). */
  after(kind: CallbackKind, id: number): void;
}

export interface ScriptedBrowserOptions {
  /** Called around every callback the loop runs. */
  hooks?: CallbackHooks;
  /**
   * While a callback runs, `performance.now()` is the scripted clock plus the real time since
   * the callback began, and the clock moves on by that time after it; timers set inside a
   * callback are due relative to that clock. Default false: the clock stands still inside
   * callbacks.
   */
  realTimeInCallbacks?: boolean;
}

/** Counts of what the loop ran, for checking that the code under test actually ran. */
export interface LoopCounters {
  /** Frames run. */
  frames: number;
  /** Frames that ran at least one rAF callback. */
  framesWithCallbacks: number;
  /** rAF callbacks, timers and idle callbacks run. */
  rafCallbacks: number;
  timers: number;
  idleCallbacks: number;
}

/** A queue of callbacks in preallocated slots; ids are unique for the life of the loop. */
class Slots<C> {
  readonly id = new Float64Array(CAPACITY);
  readonly due = new Float64Array(CAPACITY);
  /** 1 for a `setInterval` timer (a small-integer array: reading it boxes nothing). */
  readonly repeats = new Uint8Array(CAPACITY);
  /** The repeat interval of a `setInterval` timer (ms). */
  readonly every = new Float64Array(CAPACITY);
  readonly callback: (C | undefined)[] = new Array<C | undefined>(CAPACITY).fill(undefined);
  size = 0;

  add(id: number, due: number, callback: C, every = 0): void {
    if (this.size === CAPACITY)
      throw new Error(`scripted browser: over ${String(CAPACITY)} pending callbacks`);
    this.id[this.size] = id;
    this.due[this.size] = due;
    this.repeats[this.size] = every > 0 ? 1 : 0;
    this.every[this.size] = every;
    this.callback[this.size] = callback;
    this.size++;
  }

  /** The callback in the slot at `index`. */
  at(index: number): C {
    const callback = this.callback[index];
    if (callback === undefined)
      throw new Error(`scripted browser: no callback in slot ${String(index)}`);
    return callback;
  }

  /** Removes the slot at `index` and returns its callback. */
  take(index: number): C {
    const callback = this.at(index);
    this.removeAt(index);
    return callback;
  }

  /** Removes the slot at `index`, keeping the others in the order they were added. */
  removeAt(index: number): void {
    for (let i = index; i < this.size - 1; i++) {
      this.id[i] = this.id[i + 1] ?? 0;
      this.due[i] = this.due[i + 1] ?? 0;
      this.repeats[i] = this.repeats[i + 1] ?? 0;
      this.every[i] = this.every[i + 1] ?? 0;
      this.callback[i] = this.callback[i + 1];
    }
    this.size--;
    this.callback[this.size] = undefined;
  }

  remove(id: unknown): void {
    if (typeof id !== 'number') return;
    for (let i = 0; i < this.size; i++) {
      if (this.id[i] === id) {
        this.removeAt(i);
        return;
      }
    }
  }

  clear(): void {
    this.callback.fill(undefined);
    this.size = 0;
  }
}

export class ScriptedBrowser {
  /** Frames and callbacks run since the loop was created. */
  readonly counters: LoopCounters = {
    frames: 0,
    framesWithCallbacks: 0,
    rafCallbacks: 0,
    timers: 0,
    idleCallbacks: 0,
  };
  /** The page's own work per frame (ms), after the rAF callbacks. */
  readonly workMs: number;
  /**
   * [clock, the current frame's timestamp, the idle period's end] (performance.now ms), and the
   * real time at which the running callback began (real clock ms; `realTimeInCallbacks` only).
   */
  private readonly _time = new Float64Array(4);
  private readonly _hooks: CallbackHooks | undefined;
  private readonly _realTime: boolean;
  /** Whether the loop does anything around a callback (hooks or the real-time clock). */
  private readonly _around: boolean;
  /** Whether a callback runs now on the real-time clock. */
  private _inside = false;
  private _nextId = 0;
  private readonly _timers = new Slots<() => void>();
  private readonly _frame = new Slots<FrameRequestCallback>();
  /** The callbacks of the frame being run: those requested during it wait for the next. */
  private readonly _running = new Slots<FrameRequestCallback>();
  private readonly _idle = new Slots<IdleRequestCallback>();
  /** The idle deadline handed to idle callbacks (one object, reused). */
  private readonly _deadline: IdleDeadline;
  private _saved: Record<string, unknown> | undefined;
  private _savedNow: (() => number) | undefined;

  constructor(workMs: number, options: ScriptedBrowserOptions = {}) {
    if (!(workMs >= 0 && workMs < FRAME_MS - RAF_DELAY_MS - 1)) {
      throw new RangeError(`scripted browser: work of ${String(workMs)} ms leaves no idle time`);
    }
    this.workMs = workMs;
    this._hooks = options.hooks;
    this._realTime = options.realTimeInCallbacks ?? false;
    this._around = this._hooks !== undefined || this._realTime;
    const time = this._time;
    this._deadline = {
      didTimeout: false,
      timeRemaining: () => Math.max(0, (time[2] ?? 0) - this.now()),
    };
  }

  /** The scripted clock (performance.now ms), with the running callback's real time if any. */
  now(): number {
    const time = this._time;
    return this._inside ? (time[0] ?? 0) + realNow() - (time[3] ?? 0) : (time[0] ?? 0);
  }

  /** rAF callbacks requested for the next frame (during a frame: those requested in it). */
  get pendingFrameCallbacks(): number {
    return this._frame.size;
  }

  /** The browser globals the loop stands in for. */
  private _globals(): Record<string, unknown> {
    return {
      setTimeout: (callback: () => void, ms?: number) => {
        const id = ++this._nextId;
        this._timers.add(id, this.now() + Math.max(0, ms ?? 0), callback);
        this._hooks?.timerSet?.(id, false);
        return id;
      },
      setInterval: (callback: () => void, ms?: number) => {
        const id = ++this._nextId;
        const every = Math.max(1, ms ?? 0);
        this._timers.add(id, this.now() + every, callback, every);
        this._hooks?.timerSet?.(id, true);
        return id;
      },
      // Timeouts and intervals share their ids, as in browsers: either clears either.
      clearTimeout: (id: unknown) => {
        this._timers.remove(id);
      },
      clearInterval: (id: unknown) => {
        this._timers.remove(id);
      },
      requestAnimationFrame: (callback: FrameRequestCallback) => {
        const id = ++this._nextId;
        this._frame.add(id, 0, callback);
        return id;
      },
      cancelAnimationFrame: (id: unknown) => {
        this._frame.remove(id);
        this._running.remove(id);
      },
      // Every frame has idle time (see the constructor), so an idle callback's timeout never
      // comes before its idle period.
      requestIdleCallback: (callback: IdleRequestCallback) => {
        const id = ++this._nextId;
        this._idle.add(id, 0, callback);
        return id;
      },
      cancelIdleCallback: (id: unknown) => {
        this._idle.remove(id);
      },
    };
  }

  /** Installs the scripted globals and clock until `uninstall()`. */
  install(): void {
    const globals = globalThis as unknown as Record<string, unknown>;
    const scripted = this._globals();
    this._saved = Object.fromEntries(Object.keys(scripted).map((name) => [name, globals[name]]));
    Object.assign(globals, scripted);
    this._savedNow = performance.now.bind(performance);
    performance.now = this._realTime ? () => this.now() : () => this._time[0] ?? 0;
  }

  /** Puts the real globals back and drops whatever is pending. */
  uninstall(): void {
    const globals = globalThis as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(this._saved ?? {})) {
      if (value === undefined) Reflect.deleteProperty(globals, name);
      else globals[name] = value;
    }
    if (this._savedNow) performance.now = this._savedNow;
    this.reset();
  }

  /** Drops every pending timer and callback (between scenarios). */
  reset(): void {
    this._timers.clear();
    this._frame.clear();
    this._running.clear();
    this._idle.clear();
  }

  /** Runs `count` frames. */
  runFrames(count: number): void {
    for (let i = 0; i < count; i++) this._runFrame();
  }

  private _runFrame(): void {
    const time = this._time;
    const timestamp = (time[1] = (time[1] ?? 0) + FRAME_MS);
    const next = timestamp + FRAME_MS;
    // Tasks due before the vsync run first.
    this._runTimersBefore(timestamp);
    time[0] = Math.max(time[0] ?? 0, timestamp + RAF_DELAY_MS);
    // This frame runs the callbacks requested before it; cancelling one of them during the
    // frame still keeps it from running.
    const running = this._running;
    const frame = this._frame;
    for (let i = 0; i < frame.size; i++) running.add(frame.id[i] ?? 0, 0, frame.at(i));
    frame.clear();
    const counters = this.counters;
    counters.frames++;
    if (running.size > 0) counters.framesWithCallbacks++;
    const around = this._around;
    while (running.size > 0) {
      const id = around ? (running.id[0] ?? 0) : 0;
      const callback = running.take(0);
      counters.rafCallbacks++;
      if (around) this._enter('frame', id);
      callback(timestamp);
      if (around) this._leave('frame', id);
    }
    time[0] = this.now() + this.workMs;
    // The tasks due by now (a task posted from a rAF callback runs after the frame's work),
    // then idle time until the next frame.
    this._runTimersBefore(this.now());
    this._runIdle(next);
    this._runTimersBefore(next);
  }

  /**
   * Runs the timers due before `limit`, earliest first, moving the clock to each. An interval
   * is due again `every` ms after it was due, posted after the timers already pending.
   */
  private _runTimersBefore(limit: number): void {
    const timers = this._timers;
    const time = this._time;
    const around = this._around;
    for (;;) {
      let earliest = -1;
      for (let i = 0; i < timers.size; i++) {
        // Equal due times run in the order they were posted (slots keep that order).
        if (
          (timers.due[i] ?? 0) <= limit &&
          (earliest < 0 || (timers.due[i] ?? 0) < (timers.due[earliest] ?? 0))
        ) {
          earliest = i;
        }
      }
      if (earliest < 0) return;
      time[0] = Math.max(this.now(), timers.due[earliest] ?? 0);
      // Unoptimized, reading a Float64Array boxes the number: the id, interval and due time
      // are read only where they are needed (not for the plain timers of a bench without
      // hooks, which counts the loop's allocations).
      const repeats = timers.repeats[earliest] === 1;
      const id = around || repeats ? (timers.id[earliest] ?? 0) : 0;
      const every = repeats ? (timers.every[earliest] ?? 0) : 0;
      const again = repeats ? (timers.due[earliest] ?? 0) + every : 0;
      const callback = timers.take(earliest);
      if (repeats) timers.add(id, again, callback, every);
      this.counters.timers++;
      if (around) this._enter('timer', id);
      callback();
      if (around) this._leave('timer', id);
    }
  }

  /**
   * Runs the idle callbacks requested so far in the idle period that ends at `end` (those
   * requested during it wait for the next one).
   */
  private _runIdle(end: number): void {
    const idle = this._idle;
    const time = this._time;
    time[2] = end;
    const around = this._around;
    for (let pending = idle.size; pending > 0 && idle.size > 0 && (time[0] ?? 0) < end; pending--) {
      const id = around ? (idle.id[0] ?? 0) : 0;
      const callback = idle.take(0);
      this.counters.idleCallbacks++;
      if (around) this._enter('idle', id);
      callback(this._deadline);
      if (around) this._leave('idle', id);
    }
  }

  /** Before a callback: the hook, then the real-time clock starts. */
  private _enter(kind: CallbackKind, id: number): void {
    this._hooks?.before(kind, id);
    if (!this._realTime) return;
    this._time[3] = realNow();
    this._inside = true;
  }

  /** After a callback: the clock moves on by the real time it took, then the hook. */
  private _leave(kind: CallbackKind, id: number): void {
    if (this._realTime) {
      const time = this._time;
      time[0] = (time[0] ?? 0) + realNow() - (time[3] ?? 0);
      this._inside = false;
    }
    this._hooks?.after(kind, id);
  }
}

for (const name of ['runFrames', '_runFrame', '_runTimersBefore', '_runIdle']) {
  const run: unknown = Reflect.get(ScriptedBrowser.prototype, name);
  if (typeof run !== 'function') throw new Error(`scripted browser: no method ${name}`);
  neverOptimize(run);
}
