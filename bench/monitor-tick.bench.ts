/**
 * `npm run bench monitor-tick`: where the monitor's main-thread time goes once a second. A
 * default `createMonitor()` with an `httpExporter` (to a stand-in `fetch`) runs in the scripted
 * browser event loop of support/scripted-browser.ts: 60 Hz frames with 0.88 ms of page work
 * each (the light page of docs/overhead.md), timers by due time, idle callbacks in the idle time
 * after a frame's tasks, and a clock that runs in real time inside the callbacks (so that
 * perfwarden's overhead meter reads what they really took); besides, Chromium's
 * `performance.memory`. After `WARMUP_S` simulated seconds, `SECONDS` are measured: the
 * process's CPU time in every callback the loop runs (all of them perfwarden's), and in each
 * tick (the monitor's idle callback, at most once a second: between bursts it sleeps until the
 * next one is due) on its own, split by whether it reads the frames of a burst window or none.
 * Promises (the exporter's request) settle on Node's event loop between simulated seconds.
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
/** The page's own work per frame (ms). */
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
  const { FRAME_MS, ScriptedBrowser } = await import('./support/scripted-browser.js');
  const realNow = performance.now.bind(performance);
  const realSetTimeout = setTimeout;

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

  /** The kind of callback running now (or that ran last): a timer is labelled by what set it. */
  let running = 'setup';
  /** The label of each timer set, by id. */
  const timerKinds = new Map<number, string>();
  let cpuStart = 0;
  let burstTick = false;
  const browser = new ScriptedBrowser(WORK_MS, {
    // The overhead meter reads the real time perfwarden's callbacks take.
    realTimeInCallbacks: true,
    hooks: {
      timerSet: (id, repeating) => {
        // A timer is named by the first callback of its chain (export timers set timers).
        const origin = running.startsWith('timers') ? running : `timers set by ${running}`;
        timerKinds.set(id, repeating ? 'timers: setInterval' : origin);
      },
      before: (kind, id) => {
        running =
          kind === 'frame'
            ? 'frame loop (rAF)'
            : kind === 'idle'
              ? 'tick'
              : (timerKinds.get(id) ?? 'timers set by setup');
        if (kind === 'idle') {
          burstTick = framesSinceTick > 0;
          framesSinceTick = 0;
          for (const key of Object.keys(phaseTotals)) phaseTotals[key] = 0;
        }
        cpuStart = cpu();
      },
      after: (kind, id) => {
        const used = Math.max(0, cpu() - cpuStart - readCost);
        if (measuring) spent[running] = (spent[running] ?? 0) + used;
        if (kind === 'frame') {
          // A measured frame asks for the next one (the last callback of a run does not).
          if (browser.pendingFrameCallbacks > 0) framesSinceTick++;
        } else if (kind === 'idle') {
          if (measuring) ticks.push({ burst: burstTick, us: used, phases: { ...phaseTotals } });
        } else if (running !== 'timers: setInterval') {
          timerKinds.delete(id);
        }
      },
    },
  });
  // Browser APIs beyond the event loop: the exporter's `fetch` and Chromium's heap size.
  Object.assign(globalThis, {
    fetch: () => Promise.resolve(new Response(null, { status: 200 })),
  });
  Object.defineProperty(performance, 'memory', {
    configurable: true,
    get: () => ({ usedJSHeapSize: 40e6 + (browser.now() % 7919) * 1000 }),
  });

  if (split) phaseTotals = await wrapPhases(realNow);

  // The deferred code's dynamic import runs on Node's real event loop, before the scripted one.
  await loadDeferred();
  browser.install();
  const monitor = createMonitor({
    exporters: [httpExporter({ url: 'https://collect.example.com/perf' })],
    onError: (error, kind) => {
      throw new Error(`${kind}: ${String(error)}`);
    },
  });
  monitor.start();
  // The exporter's request (gzip on libuv's threads, then the stand-in fetch) finishes here.
  const settle = () => new Promise((resolve) => realSetTimeout(resolve, 1));
  const framesPerSecond = Math.round(1000 / FRAME_MS);
  for (let second = 0; second < WARMUP_S + SECONDS; second++) {
    measuring = second >= WARMUP_S;
    browser.runFrames(framesPerSecond);
    // Promises (the exporter's request) run between the simulated seconds.
    await settle();
    await settle();
  }
  monitor.stop();
  browser.uninstall();

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
