/**
 * What "download JSON" saves: the session's window summaries and events, bounded (the oldest
 * go first, and how many went is counted).
 */
import type {
  EnvironmentChange,
  GpuRendererInfo,
  Recovery,
  Regression,
  WindowSummary,
} from '../types.js';

/** One event of the session, tagged. */
export type SessionEvent =
  | { type: 'regression'; regression: Regression }
  | { type: 'recovery'; recovery: Recovery }
  | { type: 'environment'; environment: EnvironmentChange };

/** The downloaded file. */
export interface SessionRecord {
  format: 'perfwarden-session';
  version: 1;
  sessionId: string;
  exportedAt: string;
  userAgent: string;
  renderer?: GpuRendererInfo;
  /** Window summaries dropped because the log was full. */
  droppedWindows: number;
  windows: WindowSummary[];
  events: SessionEvent[];
}

export class SessionLog {
  private readonly _windows: WindowSummary[] = [];
  private readonly _events: SessionEvent[] = [];
  private _dropped = 0;

  constructor(private readonly _max: number) {}

  /** Keeps the summary of a window (not its histogram: the file stays small). */
  addWindow(window: WindowSummary): void {
    const { metric, context, start, end, count, mean, min, max, p50, p95, p99 } = window;
    this._windows.push({ metric, context, start, end, count, mean, min, max, p50, p95, p99 });
    if (this._windows.length > this._max) {
      // Drop a tenth at once, so that trimming is not a copy per window.
      const drop = Math.ceil(this._max / 10);
      this._windows.splice(0, drop);
      this._dropped += drop;
    }
  }

  addEvent(event: SessionEvent): void {
    this._events.push(event);
    if (this._events.length > this._max) this._events.shift();
  }

  toJSON(
    about: { sessionId: string; renderer: SessionRecord['renderer'] | undefined },
    time: Date = new Date(),
  ): SessionRecord {
    return {
      format: 'perfwarden-session',
      version: 1,
      sessionId: about.sessionId,
      exportedAt: time.toISOString(),
      userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent,
      ...(about.renderer ? { renderer: about.renderer } : {}),
      droppedWindows: this._dropped,
      windows: [...this._windows],
      events: [...this._events],
    };
  }
}
