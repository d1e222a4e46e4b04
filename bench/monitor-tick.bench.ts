/**
 * `npm run bench monitor-tick`: where the monitor's main-thread time goes once a second. A
 * default `createMonitor()` with an `httpExporter` (to a stand-in `fetch`) runs in a scripted
 * browser: frames every 16.7 ms with 0.88 ms of page work each (the light page of
 * docs/overhead.md), a timer queue, `requestIdleCallback` when nothing else is due, Chromium's
 * `performance.memory`, and a clock that runs in real time inside perfwarden's callbacks only
 * (so that its overhead meter reads what they really took). After `WARMUP_S` simulated seconds,
 * `SECONDS` are measured: every callback perfwarden gets is timed on the real clock, each tick
 * (the monitor's idle callback, once a second) on its own, split by whether it reads the frames
 * of a burst window or none.
 *
 * Each configuration runs in its own Node process: JIT-warm (TurboFan) and `--no-opt` (the
 * interpreter and the baseline compiler, where code that runs once a second spends a browser
 * page's life), each with and without the phase split. The split wraps perfwarden's methods
 * with timers and counts each one's own time (its callees' apart), which costs some time of
 * its own: its total reads above the unwrapped run's.
 *
 * `BASELINE=<another build's build/bench/bench/monitor-tick.bench.js>` runs that build's copy
 * too, alternating with this one process by process (`ROUNDS` rounds, default 3), and prints
 * both: the before and after of a change on the same machine at the same time.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WARMUP_S = Number(process.env['WARMUP_S'] ?? 120);
const SECONDS = Number(process.env['SECONDS'] ?? 600);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const FRAME_MS = 1000 / 60;
const WORK_MS = 0.88;

/** One configuration's figures (µs, real clock). */
interface Figures {
  /** Mean µs per tick: ticks that read a burst's frames, ticks that read none. */
  tick: { burst: number; idle: number; burstCount: number; idleCount: number };
  /** Mean µs per second of every perfwarden callback, by kind. */
  perSecond: Record<string, number>;
  /** Mean own µs per tick of each wrapped method, burst and idle ticks apart (split only). */
  phases: Record<string, { burst: number; idle: number }>;
}

async function child(split: boolean): Promise<Figures> {
  const { createMonitor } = await import('../src/monitor/create-monitor.js');
  const { httpExporter } = await import('../src/export/http-exporter.js');
  const { loadDeferred } = await import('../src/deferred/load.js');
  const realNow = performance.now.bind(performance);
  const realSetTimeout = setTimeout;

  // The scripted browser.
  let clock = 1000; // performance.now ms
  let inside = NaN; // real time at which the running callback began
  interface Timer {
    at: number;
    id: number;
    run: () => void;
    every: number | undefined;
    kind: string;
  }
  const timers = new Map<number, Timer>();
  const frameRequests = new Map<number, FrameRequestCallback>();
  const idle = new Map<number, IdleRequestCallback>();
  let ids = 0;
  let nextFrame = Math.ceil(clock / FRAME_MS) * FRAME_MS;
  /** The kind of callback running now: a timer is labelled by what scheduled it. */
  let running = 'setup';
  const addTimer = (run: () => void, ms = 0, every?: number): number => {
    const at = clock + (inside === inside ? realNow() - inside : 0) + Math.max(0, ms);
    // A timer is named by the first callback of its chain (export timers set timers).
    const origin = running.startsWith('timers') ? running : `timers set by ${running}`;
    const kind = every === undefined ? origin : 'timers: setInterval';
    timers.set(++ids, { at, id: ids, run, every, kind });
    return ids;
  };
  const globals = {
    setTimeout: (run: () => void, ms?: number) => addTimer(run, ms),
    setInterval: (run: () => void, ms?: number) => addTimer(run, ms, Math.max(1, ms ?? 0)),
    clearTimeout: (id: number) => timers.delete(id),
    clearInterval: (id: number) => timers.delete(id),
    requestAnimationFrame: (callback: FrameRequestCallback) => {
      frameRequests.set(++ids, callback);
      return ids;
    },
    cancelAnimationFrame: (id: number) => frameRequests.delete(id),
    requestIdleCallback: (callback: IdleRequestCallback) => {
      idle.set(++ids, callback);
      return ids;
    },
    cancelIdleCallback: (id: number) => idle.delete(id),
    fetch: () => Promise.resolve(new Response(null, { status: 200 })),
  };
  Object.assign(globalThis, globals);
  Object.defineProperty(performance, 'now', {
    configurable: true,
    value: () => clock + (inside === inside ? realNow() - inside : 0),
  });
  Object.defineProperty(performance, 'memory', {
    configurable: true,
    get: () => ({ usedJSHeapSize: 40e6 + (clock % 7919) * 1000 }),
  });

  // Time per callback kind in the current second, and per tick.
  const spent: Record<string, number> = {};
  let measuring = false;
  let framesSinceTick = 0;
  const ticks: { burst: boolean; us: number; phases: Record<string, number> }[] = [];
  let phaseTotals: Record<string, number> = {};
  // CPU time (the process's, µs), not the wall clock: on a shared machine the process is
  // sometimes preempted in the middle of a callback. Less what reading it costs.
  const cpu = () => {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
  };
  const reads: number[] = [];
  for (let i = 0; i < 1001; i++) reads.push(-cpu() + cpu());
  const readCost = reads.sort((a, b) => a - b)[500] ?? 0;
  const timed = (kind: string, run: () => void): number => {
    running = kind;
    const cpuStart = cpu();
    inside = realNow();
    run();
    const elapsed = realNow() - inside;
    const used = Math.max(0, cpu() - cpuStart - readCost);
    inside = NaN;
    clock += elapsed;
    if (measuring) spent[kind] = (spent[kind] ?? 0) + used;
    return used;
  };

  if (split) phaseTotals = await wrapPhases(realNow);

  /** Runs the page until `end` (performance.now ms). */
  const runUntil = (end: number): void => {
    for (;;) {
      let timer: Timer | undefined;
      for (const candidate of timers.values()) {
        if (
          !timer ||
          candidate.at < timer.at ||
          (candidate.at === timer.at && candidate.id < timer.id)
        ) {
          timer = candidate;
        }
      }
      const next = Math.min(timer?.at ?? Infinity, nextFrame);
      if (idle.size > 0 && next > clock) {
        // Nothing is due: the main thread is idle.
        const callbacks = [...idle.values()];
        idle.clear();
        for (const callback of callbacks) {
          const burst = framesSinceTick > 0;
          framesSinceTick = 0;
          for (const key of Object.keys(phaseTotals)) phaseTotals[key] = 0;
          const us = timed('tick', () => {
            callback({ didTimeout: false, timeRemaining: () => 10 });
          });
          if (measuring) ticks.push({ burst, us, phases: { ...phaseTotals } });
        }
        continue;
      }
      if (next > end) break;
      if (timer && timer.at <= nextFrame) {
        clock = Math.max(clock, timer.at);
        if (timer.every === undefined) timers.delete(timer.id);
        else timer.at += timer.every;
        timed(timer.kind, timer.run);
      } else {
        const timestamp = nextFrame;
        nextFrame += FRAME_MS;
        clock = Math.max(clock, timestamp + 0.5);
        const callbacks = [...frameRequests.values()];
        frameRequests.clear();
        for (const callback of callbacks) {
          timed('frame loop (rAF)', () => {
            callback(timestamp);
          });
        }
        // A measured frame asks for the next one (the last callback of a run does not).
        if (frameRequests.size > 0) framesSinceTick++;
        clock += WORK_MS;
      }
    }
    clock = Math.max(clock, end);
  };

  await loadDeferred();
  const monitor = createMonitor({
    exporters: [httpExporter({ url: 'https://collect.example.com/perf' })],
    onError: (error, kind) => {
      throw new Error(`${kind}: ${String(error)}`);
    },
  });
  monitor.start();
  // The exporter's request (gzip on libuv's threads, then the stand-in fetch) finishes here.
  const settle = () => new Promise((resolve) => realSetTimeout(resolve, 1));
  for (let second = 0; second < WARMUP_S + SECONDS; second++) {
    measuring = second >= WARMUP_S;
    runUntil(clock + 1000);
    // Promises (the exporter's request) run between the simulated seconds.
    await settle();
    await settle();
  }
  monitor.stop();

  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);
  const burst = ticks.filter((tick) => tick.burst);
  const quiet = ticks.filter((tick) => !tick.burst);
  const phases: Figures['phases'] = {};
  for (const key of Object.keys(phaseTotals)) {
    phases[key] = {
      burst: mean(burst.map((tick) => tick.phases[key] ?? 0)),
      idle: mean(quiet.map((tick) => tick.phases[key] ?? 0)),
    };
  }
  return {
    tick: {
      burst: mean(burst.map((tick) => tick.us)),
      idle: mean(quiet.map((tick) => tick.us)),
      burstCount: burst.length,
      idleCount: quiet.length,
    },
    perSecond: Object.fromEntries(Object.entries(spent).map(([kind, us]) => [kind, us / SECONDS])),
    phases,
  };
}

/**
 * Wraps perfwarden's methods that run in a tick so that each one's own time (µs, its wrapped
 * callees' excluded) adds up in the returned record, which the harness zeroes before each tick.
 */
async function wrapPhases(realNow: () => number): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  const stack: number[] = [];
  const wrap = (
    proto: object,
    method: string,
    label: (self: never, args: unknown[]) => string,
  ): void => {
    const target = proto as Record<string, unknown>;
    const original = target[method];
    if (typeof original !== 'function') return; // not in this build
    target[method] = function (this: never, ...args: unknown[]): unknown {
      stack.push(0);
      const start = realNow();
      try {
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        const elapsed = (realNow() - start) * 1000;
        const children = stack.pop() ?? 0;
        const key = label(this, args);
        totals[key] = (totals[key] ?? 0) + elapsed - children;
        if (stack.length > 0) stack[stack.length - 1] = (stack.at(-1) ?? 0) + elapsed;
      }
    };
  };
  const named = (name: string) => () => name;
  const { FrameSampling } = await import('../src/monitor/frame-sampling.js');
  const { Windows } = await import('../src/analysis/windows.js');
  const { ExportWindows } = await import('../src/export/coarsen.js');
  const { ExportLane } = await import('../src/export/lane.js');
  const { LogHistogram } = await import('../src/stats/histogram.js');
  const { OverheadMeter } = await import('../src/monitor/overhead.js');
  const { Shedder } = await import('../src/monitor/shedding.js');
  const { DutyCycle } = await import('../src/monitor/duty-cycle.js');
  const { DataQuality } = await import('../src/monitor/data-quality.js');
  const { LateAnalysis } = await import('../src/monitor/late-analysis.js');
  wrap(FrameSampling.prototype, 'drain', named('frames: ring → samples (drain)'));
  wrap(FrameSampling.prototype, '_plan', named('frames: plan the burst'));
  wrap(LateAnalysis.prototype, 'tick', named('analyzer.tick (scan for due windows)'));
  wrap(Windows.prototype, 'closeDue', named('analyzer.tick (scan for due windows)'));
  wrap(
    Windows.prototype,
    '_close',
    (_self, [series]) => `window close: summary, ${(series as { metric: string }).metric}`,
  );
  wrap(LogHistogram.prototype, 'toJSON', named('window close: histogram.toJSON'));
  wrap(ExportWindows.prototype, 'add', named('export: merge into the 60 s window'));
  wrap(LogHistogram.prototype, 'merge', named('export: histogram merge (+ fromJSON)'));
  wrap(ExportLane.prototype, '_enqueue', named('export: lane (queue, batch, send)'));
  wrap(OverheadMeter.prototype, 'fraction', named('overhead meter'));
  wrap(Shedder.prototype, 'update', named('shedding + duty decisions'));
  wrap(DutyCycle.prototype, 'adjust', named('shedding + duty decisions'));
  wrap(DataQuality.prototype, 'update', named('data-quality counters'));
  return totals;
}

// The parent: one process per configuration (and per build with BASELINE), then the tables.
const here = fileURLToPath(import.meta.url);
const configurations: [string, string[], boolean][] = [
  ['JIT-warm', [], false],
  ['--no-opt', ['--no-opt'], false],
  ['JIT-warm, split', [], true],
  ['--no-opt, split', ['--no-opt'], true],
];

function spawn(file: string, flags: string[], split: boolean): Figures {
  const result = spawnSync(process.execPath, [...flags, file, 'child', split ? 'split' : ''], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`${file} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Figures;
}

const us = (value: number | undefined) => (value ?? NaN).toFixed(1);

if (process.argv[2] === 'child') {
  console.log(JSON.stringify(await child(process.argv[3] === 'split')));
} else {
  const baseline = process.env['BASELINE'];
  const builds: [string, string][] = baseline
    ? [
        ['before (BASELINE)', baseline],
        ['after (this build)', here],
      ]
    : [['this build', here]];
  const runs = new Map<string, Figures[]>();
  for (let round = 0; round < (baseline ? ROUNDS : 1); round++) {
    for (const [name, flags, split] of configurations) {
      for (const [build, file] of builds) {
        const key = `${build}|${name}`;
        runs.set(key, [...(runs.get(key) ?? []), spawn(file, flags, split)]);
      }
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;
  console.log(
    `\nµs per tick and per second (mean over ${String(SECONDS)} simulated seconds after ` +
      `${String(WARMUP_S)} s; median of ${String(baseline ? ROUNDS : 1)} run(s); node ${process.version})`,
  );
  console.log(
    '\n| build | run | tick, burst | tick, outside | µs/s: tick | µs/s: frame loop | µs/s: timers | µs/s: all |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name] of configurations) {
    for (const [build] of builds) {
      const list = runs.get(`${build}|${name}`) ?? [];
      const pick = (read: (figures: Figures) => number) => median(list.map(read));
      const all = pick((f) => Object.values(f.perSecond).reduce((a, b) => a + b, 0));
      const kind = (prefix: string) =>
        pick((f) =>
          Object.entries(f.perSecond)
            .filter(([key]) => key.startsWith(prefix))
            .reduce((sum, [, value]) => sum + value, 0),
        );
      console.log(
        `| ${build} | ${name} | ${us(pick((f) => f.tick.burst))} | ${us(pick((f) => f.tick.idle))} | ` +
          `${us(kind('tick'))} | ${us(kind('frame'))} | ${us(kind('timers'))} | ${us(all)} |`,
      );
    }
  }
  console.log('\nµs per second by callback (what scheduled a timer names it)\n');
  const kinds = [
    ...new Set([...runs.values()].flat().flatMap((f) => Object.keys(f.perSecond))),
  ].sort();
  console.log(`| build | run | ${kinds.join(' | ')} |`);
  console.log(`| --- | --- |${' --- |'.repeat(kinds.length)}`);
  for (const [name] of configurations) {
    for (const [build] of builds) {
      const list = runs.get(`${build}|${name}`) ?? [];
      const cells = kinds.map((kind) => us(median(list.map((f) => f.perSecond[kind] ?? 0))));
      console.log(`| ${build} | ${name} | ${cells.join(' | ')} |`);
    }
  }
  for (const [name, , split] of configurations) {
    if (!split) continue;
    for (const [build] of builds) {
      const list = runs.get(`${build}|${name}`) ?? [];
      const keys = [...new Set(list.flatMap((figures) => Object.keys(figures.phases)))].sort();
      console.log(`\nOwn µs per tick by phase: ${build}, ${name}\n`);
      console.log('| phase | burst tick | tick outside bursts |');
      console.log('| --- | --- | --- |');
      for (const key of keys) {
        const burst = median(list.map((figures) => figures.phases[key]?.burst ?? 0));
        const quiet = median(list.map((figures) => figures.phases[key]?.idle ?? 0));
        if (burst < 0.05 && quiet < 0.05) continue;
        console.log(`| ${key} | ${us(burst)} | ${us(quiet)} |`);
      }
      const tick = median(list.map((figures) => figures.tick.idle));
      const counts = list[0]?.tick;
      console.log(
        `\n(${String(counts?.burstCount)} burst ticks, ${String(counts?.idleCount)} outside; ` +
          `whole tick outside bursts with the wrappers: ${us(tick)} µs)`,
      );
    }
  }
}
