/**
 * A typed event emitter whose listeners cannot hurt each other: each one runs in its own
 * `try`, and a throwing listener is reported, not propagated.
 */
import type { ReportError } from './errors.js';

export type Listener<T> = (payload: T) => void;

export interface Emitter<Events extends object> {
  /** Subscribes; returns the function that unsubscribes. */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void;
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
  /** Whether anyone listens to `event` (lets callers skip building a payload). */
  has(event: keyof Events): boolean;
  /** Drops every listener. */
  clear(): void;
}

/* @__NO_SIDE_EFFECTS__ */
export function createEmitter<Events extends object>(report: ReportError): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(event, payload) {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of set) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          report(`listener.${String(event)}`, error);
        }
      }
    },
    has(event) {
      return (listeners.get(event)?.size ?? 0) > 0;
    },
    clear() {
      listeners.clear();
    },
  };
}
