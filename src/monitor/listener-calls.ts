/**
 * Calls into the monitor from its own listeners. `start`, `stop` and `setContext` close
 * windows, which emits events: called from a listener they would re-enter it, and a listener
 * that restarts the monitor on every window would never return. Such calls run in a task of
 * their own instead, right after the current one, in the order they were made.
 */
export class ListenerCalls {
  /** Listeners running now (a listener's emit may run another). */
  private _dispatching = 0;
  private readonly _deferred: (() => void)[] = [];

  /** `listener`, counted as running while it runs. */
  wrap<P>(listener: (payload: P) => void): (payload: P) => void {
    return (payload) => {
      this._dispatching++;
      try {
        listener(payload);
      } finally {
        this._dispatching--;
      }
    };
  }

  /** Runs `call` now, or, from inside a listener, in a task right after the current one. */
  outside(call: () => void): void {
    if (this._dispatching === 0) {
      call();
      return;
    }
    this._deferred.push(call);
    if (this._deferred.length === 1) {
      setTimeout(() => {
        for (const deferred of this._deferred.splice(0)) deferred();
      }, 0);
    }
  }
}
