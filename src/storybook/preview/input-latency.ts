/**
 * Interaction latency while a story's play function runs: for each frame in which input events
 * arrived, the time from the earliest of them (`event.timeStamp`) to the end of that frame's work
 * (a task posted from the next rAF), so handlers, the framework's render and commit, style,
 * layout and paint are inside. The preview times events itself because Event Timing, which the
 * monitor's `event` metric reads, ignores the synthetic events that `userEvent` and `fireEvent`
 * dispatch.
 */
import { afterNextFrame } from './after-next-frame.js';

/** The input events a user's interaction is made of (hover, drag, zoom, typing). */
const INPUT_EVENTS = [
  'pointerdown',
  'pointerup',
  'pointermove',
  'pointerover',
  'mousedown',
  'mouseup',
  'mousemove',
  'click',
  'keydown',
  'keyup',
  'input',
  'wheel',
] as const;

/** Times input events on `target` from {@link start} until {@link stop}. */
export class InputLatency {
  /** One latency (ms) per frame that had input. */
  readonly latencies: number[] = [];
  private _pending: number | undefined;
  private _listening = false;
  private readonly _onEvent = (event: Event): void => {
    const first = this._pending;
    this._pending = first === undefined ? event.timeStamp : Math.min(first, event.timeStamp);
    if (first !== undefined) return;
    afterNextFrame(() => {
      const from = this._pending;
      this._pending = undefined;
      if (from !== undefined && this._listening) this.latencies.push(performance.now() - from);
    });
  };

  constructor(private readonly _target: EventTarget) {}

  start(): void {
    if (this._listening) return;
    this._listening = true;
    for (const type of INPUT_EVENTS) {
      this._target.addEventListener(type, this._onEvent, { capture: true, passive: true });
    }
  }

  /** Stops listening; a frame still pending is dropped. */
  stop(): void {
    this._listening = false;
    for (const type of INPUT_EVENTS) {
      this._target.removeEventListener(type, this._onEvent, { capture: true });
    }
  }
}
