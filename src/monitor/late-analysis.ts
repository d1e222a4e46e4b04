/**
 * The monitor's analysis before and after its code has loaded (it is part of the deferred
 * code, see src/deferred/): until then, samples, attributions and gates wait in order in a
 * bounded buffer and event subscriptions are held; once it is there they go in, and every call
 * goes straight through. Verdicts and snapshots are empty until then.
 */
import type { Analyzer, AnalyzerEventMap, AnalyzerSnapshot } from '../analysis/analysis.js';
import type { Context, GateReason, MetricName, Verdict } from '../types.js';

/** Calls kept while the analysis loads (the first moments after start: observers, records). */
const WAITING_CALLS = 2000;

type Waiting =
  | { kind: 'add'; metric: MetricName; value: number; time: number; context: Context }
  | {
      kind: 'attribute';
      metric: MetricName;
      detail: string;
      value: number;
      time: number;
      context: Context;
    }
  | { kind: 'interrupt'; reason: GateReason; time: number };

interface Subscription {
  event: keyof AnalyzerEventMap;
  listener: (payload: never) => void;
  off: (() => void) | undefined;
}

export class LateAnalysis {
  private _analysis: Analyzer | undefined;
  private readonly _waiting: Waiting[] = [];
  private readonly _subscriptions = new Set<Subscription>();
  private _lost = 0;

  /** Whether the analysis has arrived. */
  get ready(): boolean {
    return this._analysis !== undefined;
  }

  /** The analysis has loaded: what waited goes in, in order. */
  attach(analysis: Analyzer): void {
    this._analysis = analysis;
    for (const subscription of this._subscriptions) {
      subscription.off = analysis.on(subscription.event, subscription.listener as never);
    }
    for (const call of this._waiting.splice(0)) {
      if (call.kind === 'add') analysis.add(call.metric, call.value, call.time, call.context);
      else if (call.kind === 'attribute') {
        analysis.attribute(call.metric, call.detail, call.value, call.time, call.context);
      } else analysis.interrupt(call.reason, call.time);
    }
  }

  add(metric: MetricName, value: number, time: number, context: Context): void {
    if (this._analysis) this._analysis.add(metric, value, time, context);
    else this._wait({ kind: 'add', metric, value, time, context });
  }

  attribute(
    metric: MetricName,
    detail: string,
    value: number,
    time: number,
    context: Context,
  ): void {
    if (this._analysis) this._analysis.attribute(metric, detail, value, time, context);
    else this._wait({ kind: 'attribute', metric, detail, value, time, context });
  }

  interrupt(reason: GateReason, time: number): void {
    if (this._analysis) this._analysis.interrupt(reason, time);
    else this._wait({ kind: 'interrupt', reason, time });
  }

  tick(time: number): void {
    this._analysis?.tick(time);
  }

  on<E extends keyof AnalyzerEventMap>(
    event: E,
    listener: (payload: AnalyzerEventMap[E]) => void,
  ): () => void {
    const subscription: Subscription = {
      event,
      listener: listener,
      off: this._analysis?.on(event, listener),
    };
    this._subscriptions.add(subscription);
    return () => {
      this._subscriptions.delete(subscription);
      subscription.off?.();
    };
  }

  verdict(metric: MetricName, context: Context): Verdict | undefined {
    return this._analysis?.verdict(metric, context);
  }

  snapshot(): AnalyzerSnapshot {
    return (
      this._analysis?.snapshot() ?? { time: 0, verdicts: [], windows: [], dropped: this._lost }
    );
  }

  /** Samples dropped: by the analysis, and while waiting for it beyond the buffer. */
  get dropped(): number {
    return this._lost + (this._analysis?.dropped ?? 0);
  }

  private _wait(call: Waiting): void {
    if (this._waiting.length >= WAITING_CALLS) {
      this._waiting.shift();
      this._lost++;
    }
    this._waiting.push(call);
  }
}
