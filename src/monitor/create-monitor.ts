/**
 * The monitor: sources → analyzer, with the page lifecycle, session sampling, context labels
 * and the monitor's own overhead accounting. It creates an analyzer, feeds it samples with
 * the current context, and re-emits its events. Nothing runs until `start()`; after it,
 * nothing perfwarden does throws into the page (internal errors go to `onError`).
 */
import type { AnalyzerEventMap } from '../analysis/analysis.js';
import { createEmitter } from '../emitter.js';
import { createErrorReporter } from '../errors.js';
import { exportEvents } from '../export/connect.js';
import { deferredPipeline } from '../export/deferred-pipeline.js';
import { DEFAULT_EXPORT_WINDOW_MS } from '../export/pipeline-options.js';
import { resolveMonitorOptions, toContext } from './options.js';
import type { MonitorOptions } from './options.js';
import { OVERHEAD_WINDOW_MS, OverheadMeter } from './overhead.js';
import { whenActivated } from '../page/prerender.js';
import { loadedDeferred } from '../deferred/load.js';
import { DataQuality } from './data-quality.js';
import { startEnvironmentProbe } from './environment-probe.js';
import { LateAnalysis } from './late-analysis.js';
import { deferredAnalysisLoader } from './deferred-analysis.js';
import { frameDutyState } from './frame-duty-state.js';
import { ListenerCalls } from './listener-calls.js';
import type { GateEvent, Monitor, MonitorEventMap } from './monitor.js';
import { FrameSampling } from './frame-sampling.js';
import { createSessionId, isSampled } from './sampling.js';
import { Shedder } from './shedding.js';
import type { ShedEvent } from './shedding.js';
import { startWindowClock } from './window-clock.js';
import { now } from '../page/clock.js';
import { startInteractions } from '../sources/interactions.js';
import { startLongFrames } from '../sources/long-frames.js';
import { startMeasures } from '../sources/measures.js';
import { startMemory } from '../sources/memory.js';
import { runSpan, spanMetric } from '../sources/spans.js';
import type { VitalReport } from '../sources/vitals.js';
import type { Context, GateReason, GpuSource, MetricName, Sink, Stop } from '../types.js';
import { preview } from '../validate.js';
import { contextKey } from '../context.js';

export { RESIZE_SETTLE_MS, RESUME_SETTLE_MS } from './frame-sampling.js';

/**
 * The monitor ticks at most this often (ms), after boundaries of the window grid and in idle
 * time: it reads the frames measured since the last tick, closes windows, runs the detector,
 * samples `perfwarden.overhead` (at the first tick, then once per overhead window) and decides
 * on frame sampling and shedding. With a detector, or while frames are measured, it ticks at
 * every boundary; without one, between bursts, only when something is due (the next burst,
 * the next overhead reading, the end of an export window), since a timer and an idle callback
 * a second cost the page more than the little such a tick does.
 */
export const TICK_MS = 1000;

interface OwnEvents {
  shed: ShedEvent;
  vital: VitalReport;
  gate: GateEvent;
}

function isAnalyzerEvent(event: keyof MonitorEventMap): event is keyof AnalyzerEventMap {
  return (
    event === 'window' || event === 'regression' || event === 'recovery' || event === 'environment'
  );
}

/**
 * Creates a monitor. Options are validated here: a wrong or unknown option throws a
 * `TypeError` that names it. Nothing is observed until `start()`.
 *
 * @example
 * ```ts
 * const monitor = createMonitor({ context: { scene: 'graph-10k' } });
 * monitor.on('window', (w) => console.log(w.metric, w.p50));
 * monitor.start();
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function createMonitor(options?: MonitorOptions): Monitor {
  const config = resolveMonitorOptions(options);
  const { sources } = config;
  const report = createErrorReporter(config.onError);
  // The analysis is part of the code that loads after start(), in idle time: until it is
  // there, what the sources measure waits for it.
  config.detector?.bind(config.window, 'createMonitor');
  const analyzer = new LateAnalysis();
  const events = createEmitter<OwnEvents>(report);
  // The pipeline's code loads after start(), in idle time: measuring does not need it.
  const pipeline =
    config.exporters.length > 0
      ? deferredPipeline(
          {
            ...config.export,
            exporters: config.exporters,
            ...(config.onError ? { onError: config.onError } : {}),
          },
          report,
        )
      : undefined;
  const gpuSources = new Set<GpuSource>();
  const quality = pipeline && new DataQuality(pipeline);
  const exportWindow = config.export.windowMs ?? DEFAULT_EXPORT_WINDOW_MS;
  const meter = new OverheadMeter(report);
  const { guard } = meter;
  const sessionId = config.sessionId ?? createSessionId();
  const sampled = isSampled(sessionId, config.sampleRate);
  /** With a detector, the monitor runs the environment probe and steers frames by verdicts. */
  const detecting = config.detector !== undefined;

  let context = config.context;
  let running = false;
  let shutdownDone: Promise<void> | undefined;
  let active = false;
  let refreshInterval = NaN;
  /** When `perfwarden.overhead` is next recorded (perfwarden clock). */
  let overheadDue = -Infinity;
  let shedder = new Shedder(config.overheadBudget, 0, detecting);
  /** Shared with the frame loop, which reads it every frame. */
  const cpuSampling = { cpuEvery: 1 };
  let frames: FrameSampling | undefined;
  let wakeClock: (() => void) | undefined;
  let wakeProbe: (() => void) | undefined;
  /** Set by each tick: the time before which the next tick has nothing to do. */
  let nextTickAt = -Infinity;
  let cancelActivation: Stop | undefined;
  const stops: Stop[] = [];
  const optionalStops: Stop[] = [];
  /** Export wiring: stopped after the last windows closed, so that they are exported too. */
  const exportStops: Stop[] = [];

  const sink: Sink = (metric, value, time) => {
    analyzer.add(metric, value, time, context);
  };
  const attribute = (metric: MetricName, detail: string, value: number, time: number): void => {
    analyzer.attribute(metric, detail, value, time, context);
  };
  const interrupt = (reason: GateReason, time: number): void => {
    analyzer.interrupt(reason, time);
    events.emit('gate', { reason, time });
  };

  /** Runs each stop in its own `try`, so that one failure leaves no other thing behind. */
  const stopAll = (list: Stop[]): void => {
    for (const stop of list.splice(0)) {
      try {
        stop();
      } catch (error) {
        report('monitor.stop', error);
      }
    }
  };
  /** Starts a source in its own `try`; a source that is not available returns undefined. */
  const launch = (list: Stop[], kind: string, start: () => Stop | undefined): void => {
    try {
      const stop = start();
      if (stop) list.push(stop);
    } catch (error) {
      report(kind, error);
    }
  };

  const startOptionalSources = (): void => {
    const { interactions, measures, memory } = sources;
    if (interactions) {
      launch(optionalStops, 'source.interactions', () =>
        startInteractions(sink, { threshold: interactions.threshold, guard }),
      );
    }
    if (measures) {
      launch(optionalStops, 'source.measures', () =>
        startMeasures(sink, { match: measures.match, guard }),
      );
    }
    if (memory) {
      launch(optionalStops, 'source.memory', () =>
        startMemory(sink, { interval: memory.interval, guard }),
      );
    }
  };

  const tickPeriod = Math.min(config.window, TICK_MS);
  const dutyState = () => frameDutyState((metric) => analyzer.verdict(metric, context), detecting);

  const applyShedding = (overhead: number, time: number): void => {
    for (const source of gpuSources) source.every = shedder.gpuEvery;
    cpuSampling.cpuEvery = shedder.cpuEvery;
    if (shedder.optionalSources && optionalStops.length === 0) startOptionalSources();
    if (!shedder.optionalSources) stopAll(optionalStops);
    events.emit('shed', shedder.event(overhead, time));
  };
  const onTick = guard('monitor.tick', () => {
    const time = now();
    // Windows close up to the oldest frame not read yet (its work end is still to come).
    const ready = frames?.tick(time, dutyState()) ?? Infinity;
    analyzer.tick(Math.min(time, ready));
    const overhead = meter.fraction(performance.now());
    // Once per overhead window, each reading covering the window before it: a reading every
    // tick would repeat nine tenths of the last one and cost a window and its export a second.
    if (time >= overheadDue) {
      analyzer.add('perfwarden.overhead', overhead, time, context);
      // Half a tick early: ticks run up to half a period after their boundary.
      overheadDue = time + OVERHEAD_WINDOW_MS - tickPeriod / 2;
    }
    if (shedder.update(overhead, time)) applyShedding(overhead, time);
    frames?.duty.adjust(overhead, time);
    quality?.update(analyzer.dropped, gpuSources);
    // A detector judges every window as it closes, and its state (warm-up, evidence) can ask
    // for frames at any window: it needs every tick. Without one, the end of an export window
    // is due too: its last 1 s windows must have closed before the pipeline sends it, 2 s
    // after its end.
    if (!detecting) {
      nextTickAt = Math.min(
        frames?.nextDue(time) ?? Infinity,
        overheadDue,
        pipeline ? (Math.floor(time / exportWindow) + 1) * exportWindow : Infinity,
      );
    }
  });

  const loadAnalysis = deferredAnalysisLoader({
    analyzer,
    config: {
      window: config.window,
      maxSeries: config.maxSeries,
      detector: config.detector,
      onError: config.onError,
    },
    frames: () => frames,
    guard,
    report,
  });

  const activate = guard('monitor.start', () => {
    cancelActivation = undefined;
    if (!running) return;
    active = true;
    loadAnalysis();
    meter.start(performance.now());
    shedder = new Shedder(config.overheadBudget, now(), detecting);
    cpuSampling.cpuEvery = shedder.cpuEvery;
    for (const source of gpuSources) source.every = shedder.gpuEvery;
    // web-vitals first: its hidden-page listeners then run before perfwarden's, so that the
    // final values of the page land before the windows close.
    const { vitals } = sources;
    if (vitals) {
      launch(stops, 'source.vitals', () =>
        vitals(sink, {
          onVital: (vital) => {
            events.emit('vital', vital);
          },
          guard,
        }),
      );
    }
    if (sources.longFrames) {
      launch(stops, 'source.long-frames', () => startLongFrames(sink, { attribute, guard }));
    }
    startOptionalSources();
    if (pipeline) {
      launch(exportStops, 'export.events', () => exportEvents(analyzer, pipeline));
      launch(exportStops, 'export.pipeline', () => pipeline.start());
    }
    const frameOptions = sources.frames;
    if (frameOptions) {
      launch(stops, 'source.frames', () => {
        const sampling = new FrameSampling({
          sink,
          report,
          interrupt,
          guard,
          mode: frameOptions.sampling,
          window: config.window,
          budget: config.overheadBudget,
          sampling: cpuSampling,
          gpuSources,
          onRefreshInterval: (interval) => {
            refreshInterval = interval;
          },
          onMeasuring: () => {
            wakeClock?.();
            wakeProbe?.();
          },
        });
        frames = sampling;
        const deferred = loadedDeferred();
        if (deferred) sampling.analyseWith(deferred.FrameAnalysis);
        sampling.start(dutyState());
        return () => {
          frames = undefined;
          sampling.stop();
          // What was measured before the stop still goes into its windows.
          sampling.drain();
        };
      });
    }
    if (detecting) {
      // The probe costs the page a little work: it runs where a detector tells the machine
      // from the code with it.
      launch(stops, 'source.environment', () => {
        const probe = startEnvironmentProbe(sink, {
          guard,
          measuring: () => frames?.measuring ?? true,
          every: () => shedder.probeEvery,
        });
        wakeProbe = probe.wake;
        return () => {
          wakeProbe = undefined;
          probe.stop();
        };
      });
    }
    overheadDue = -Infinity;
    launch(stops, 'monitor.tick', () => {
      const clock = startWindowClock(tickPeriod, () => {
        nextTickAt = -Infinity;
        onTick();
        return nextTickAt;
      });
      wakeClock = clock.wake;
      return () => {
        wakeClock = undefined;
        clock.stop();
      };
    });
  });

  const recordAt = (metric: MetricName, value: number, time: number): void => {
    const start = performance.now();
    try {
      analyzer.add(metric, value, time, context);
    } catch (error) {
      report('monitor.record', error);
    }
    meter.add(start, performance.now());
  };
  const recordSpan = (name: string, ms: number): void => {
    recordAt(spanMetric(name), ms, now());
  };

  // A listener's start, stop and setContext wait until it has returned (listener-calls.ts).
  const calls = new ListenerCalls();

  const start = (): void => {
    try {
      if (running || !sampled || shutdownDone) return;
      running = true;
      cancelActivation = whenActivated(() => {
        activate();
      });
    } catch (error) {
      report('monitor.start', error);
    }
  };
  const stop = (): void => {
    if (!running) return;
    running = false;
    try {
      cancelActivation?.();
      cancelActivation = undefined;
      if (!active) return;
      active = false;
      stopAll(optionalStops);
      stopAll(stops);
      interrupt('stop', now());
      quality?.update(analyzer.dropped, gpuSources);
      stopAll(exportStops);
      if (pipeline) void pipeline.flush();
      meter.stop();
    } catch (error) {
      report('monitor.stop', error);
    }
  };
  const setContext = (labels: Context): void => {
    try {
      const next = toContext(labels);
      if (next === undefined) {
        report(
          'monitor.setContext',
          new TypeError('setContext: context must be an object of string labels'),
        );
        return;
      }
      if (contextKey(next) === contextKey(context)) return;
      if (active) {
        // The frames measured so far belong to the old context.
        frames?.drain();
        interrupt('context', now());
      }
      context = next;
    } catch (error) {
      report('monitor.setContext', error);
    }
  };

  return {
    start() {
      calls.outside(start);
    },
    stop() {
      calls.outside(stop);
    },
    on(event, listener) {
      try {
        const receive = calls.wrap(listener as (payload: unknown) => void);
        return isAnalyzerEvent(event) ? analyzer.on(event, receive) : events.on(event, receive);
      } catch (error) {
        report('monitor.on', error);
        return () => undefined;
      }
    },
    setContext(labels) {
      calls.outside(() => {
        setContext(labels);
      });
    },
    get context() {
      return context;
    },
    span(name, fn) {
      if (typeof fn !== 'function') {
        report(
          'monitor.span',
          new TypeError(`span(name, fn): fn must be a function, got ${preview(fn)}`),
        );
        return undefined as ReturnType<typeof fn>;
      }
      if (!active) return fn();
      if (typeof name !== 'string') {
        report(
          'monitor.span',
          new TypeError(`span(name, fn): name must be a string, got ${preview(name)}`),
        );
        return fn();
      }
      return runSpan(name, fn, recordSpan);
    },
    record(name, value, time) {
      if (active) recordAt(name, value, time ?? now());
    },
    async flush() {
      try {
        await pipeline?.flush();
      } catch (error) {
        report('monitor.flush', error);
      }
    },
    shutdown() {
      shutdownDone ??= (async () => {
        try {
          stop();
          await pipeline?.shutdown();
        } catch (error) {
          report('monitor.shutdown', error);
        }
      })();
      return shutdownDone;
    },
    attachGpu(source) {
      try {
        gpuSources.add(source);
        source.every = shedder.gpuEvery;
        source.until = frames?.gpuUntil ?? 0;
        quality?.renderer(source);
      } catch (error) {
        report('monitor.attachGpu', error);
      }
      return () => {
        gpuSources.delete(source);
      };
    },
    get gpu() {
      for (const source of gpuSources) return source.renderer;
      return undefined;
    },
    verdict(metric, labels) {
      try {
        return analyzer.verdict(metric, labels ?? context);
      } catch (error) {
        report('monitor.verdict', error);
        return undefined;
      }
    },
    snapshot() {
      return analyzer.snapshot();
    },
    captureBaseline() {
      return (
        config.detector?.captureBaseline() ?? {
          format: 'perfwarden-baseline',
          version: 1,
          created: new Date().toISOString(),
          window: config.window,
          entries: [],
        }
      );
    },
    overhead() {
      return active ? meter.fraction(performance.now()) : 0;
    },
    sampled,
    sessionId,
    get running() {
      return running;
    },
    get refreshInterval() {
      return refreshInterval;
    },
  };
}
