/**
 * `npm run demo`: serves the built examples, drives the scatter example in headless Chromium
 * with real WebGL timer queries, injects a GPU and then a CPU regression, prints each
 * detection, and writes demo-report/ (index.html with SVG charts, hud.png). Exit codes: 0 both
 * detected; 1 a regression missed or an alarm before the first injection; 3 inconclusive (the
 * detector restarted its warm-up after an injection, so the change became part of the new
 * reference: frames stalled, usually an overloaded machine; or the environment probe saw the
 * machine change while the demo waited, so the timed metrics were rightly not tested); 2 an
 * internal error.
 *
 * Usage: node build/demo/scripts/demo/run.js [--quick] [--out dir]
 * (scripts/demo.mjs sets up, builds and compiles first).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../src/cli/chromium.js';
import { startStaticServer } from '../../src/cli/static-server.js';
import {
  describeEnvironment,
  describeRegression,
  formatChange,
  formatConfidence,
  formatInterval,
  statisticName,
} from '../../src/format.js';
import type { EnvironmentChange, Recovery, Regression } from '../../src/types.js';
import { injectionOf } from './attribute.js';
import { FULL_PLAN, QUICK_PLAN } from './plan.js';
import type { DemoPlan } from './plan.js';
import { reportHtml } from './report.js';
import type { ReportMark, ReportPoint } from './report.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const CHARTED = ['cpu', 'gpu', 'frame'] as const;
/**
 * How far an injection may follow a detection's estimated `changedAt` and still be its cause
 * (ms): the estimate is a block start (1 s blocks) and can fall a block early.
 */
const CHANGE_SLACK_MS = 2000;

interface WindowPoint {
  metric: string;
  end: number;
  p50: number;
  p95: number;
}

interface Injection {
  kind: 'GPU' | 'CPU';
  /** Page clock (ms). */
  at: number;
  matches: (metric: string) => boolean;
  detection?: Regression;
  /** Set when the wait for its detection is over: a later detection is a miss. */
  closed?: boolean;
  /** The metric whose warm-up restart makes the run inconclusive. */
  metric: 'cpu' | 'gpu';
  /** The detector restarted that metric's warm-up before detecting anything. */
  restarted?: boolean;
  /** The machine changed (environment event) while the demo waited for the detection. */
  machineChanged?: EnvironmentChange;
}

/** The page's side, as the demo sees it. */
interface DemoWindow {
  scatter: {
    injected: { cpuMs: number; gpuWork: number };
    monitor: {
      on(event: string, listener: (payload: unknown) => void): () => void;
      verdict(metric: string): { state: string; blocks?: number; needed?: number } | undefined;
    };
  };
  demoEvent(kind: string, payload: unknown): Promise<void>;
}

/** The last item matching `test` (Array#findLast is ES2023; the project targets ES2022). */
function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return item;
  }
  return undefined;
}

const say = (line: string): void => {
  console.log(line);
};
const sleep = (ms: number): Promise<void> =>
  new Promise((done) => {
    setTimeout(done, ms);
  });

function parseArgs(argv: string[]): { plan: DemoPlan; quick: boolean; out: string } {
  const quick = argv.includes('--quick') || process.env['PERFWARDEN_DEMO_QUICK'] === '1';
  const outIndex = argv.indexOf('--out');
  const out = resolve(
    outIndex >= 0 ? (argv[outIndex + 1] ?? 'demo-report') : join(root, 'demo-report'),
  );
  return { plan: quick ? QUICK_PLAN : FULL_PLAN, quick, out };
}

function describeDetection(regression: Regression, delay: number | undefined): string[] {
  const lines = [
    `  ✔ ${describeRegression(regression)}` +
      (delay === undefined ? '' : `, detected ${(delay / 1000).toFixed(1)} s after the injection`),
  ];
  for (const hint of regression.hints) lines.push(`      hint: ${hint}`);
  return lines;
}

async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + performance.now());
}

async function setInjection(page: Page, key: 'cpuMs' | 'gpuWork', value: number): Promise<void> {
  await page.evaluate(
    ([name, amount]) => {
      (window as unknown as DemoWindow).scatter.injected[name] = amount;
    },
    [key, value] as const,
  );
}

async function main(): Promise<number> {
  const started = Date.now();
  const { plan, quick, out } = parseArgs(process.argv.slice(2));
  mkdirSync(out, { recursive: true });
  let collected = 0;
  const server = await startStaticServer({
    routes: { '/': join(root, 'build/examples') },
    // The example's HTTP exporter posts here: count what arrives, as a backend would.
    handle: async (request, response) => {
      if (request.method !== 'POST' || !request.url?.startsWith('/collector')) return false;
      for await (const chunk of request) collected += (chunk as Buffer).length;
      response.writeHead(204).end();
      return true;
    },
  });
  const browser = await launchChromium();
  const windows: WindowPoint[] = [];
  const regressions: Regression[] = [];
  const recoveries: Recovery[] = [];
  const environment: EnvironmentChange[] = [];
  const injections: Injection[] = [];
  let failures = 0;
  let outcome: 'PASS' | 'FAIL' | 'INCONCLUSIVE';
  try {
    const page = await browser.newPage({ viewport: { width: 720, height: 480 } });
    page.on('pageerror', (error) => {
      say(`[demo] page error: ${error.message}`);
      failures++;
    });
    await page.exposeFunction('demoEvent', (kind: string, payload: unknown) => {
      if (kind === 'window') windows.push(payload as WindowPoint);
      if (kind === 'recovery') {
        const recovery = payload as Recovery;
        recoveries.push(recovery);
        say(`  ↺ ${recovery.metric} recovered`);
      }
      if (kind === 'environment') {
        const change = payload as EnvironmentChange;
        environment.push(change);
        const open = injections.find((i) => !i.closed && !i.detection);
        if (open && change.state !== 'normal') open.machineChanged ??= change;
        say(`  ~ ${describeEnvironment(change)} (timed metrics are not tested while it lasts)`);
      }
      if (kind !== 'regression') return;
      const regression = payload as Regression;
      regressions.push(regression);
      const injection = injectionOf(injections, regression, CHANGE_SLACK_MS);
      if (!injection) {
        say(`  ✘ FALSE ALARM before any injection:`);
        for (const line of describeDetection(regression, undefined)) say(line);
        return;
      }
      const delay = regression.detectedAt - injection.at;
      if (injection.matches(regression.metric) && !injection.detection && !injection.closed) {
        injection.detection = regression;
        say(`[demo] ${injection.kind} regression detected:`);
      } else {
        say(`[demo] also (after the ${injection.kind} injection):`);
      }
      for (const line of describeDetection(regression, delay)) say(line);
    });

    const url = `${server.origin}/scatter/?n=${String(plan.points)}&warmup=${String(plan.warmup)}`;
    say(`[demo] ${quick ? 'quick run' : 'run'}: ${url}`);
    await page.goto(url);
    await page.waitForFunction(() => 'scatter' in window);
    const start = await page.evaluate(() => {
      const w = window as unknown as DemoWindow;
      const forward = (kind: string) => (payload: unknown) => {
        void w.demoEvent(kind, payload);
      };
      w.scatter.monitor.on('window', (payload) => {
        const { metric, end, p50, p95 } = payload as WindowPoint;
        if (metric === 'cpu' || metric === 'gpu' || metric === 'frame') {
          void w.demoEvent('window', { metric, end, p50, p95 });
        }
      });
      w.scatter.monitor.on('regression', forward('regression'));
      w.scatter.monitor.on('recovery', forward('recovery'));
      w.scatter.monitor.on('environment', forward('environment'));
      return performance.timeOrigin + performance.now();
    });
    const seconds = (time: number): number => (time - start) / 1000;
    const latest = (metric: string): WindowPoint | undefined =>
      findLast(windows, (w) => w.metric === metric);
    const states = () =>
      page.evaluate(() => {
        const { monitor } = (window as unknown as DemoWindow).scatter;
        return (['cpu', 'gpu'] as const).map((metric) => {
          const verdict = monitor.verdict(metric);
          if (verdict?.state !== 'warming-up') return [metric, verdict?.state ?? 'waiting'];
          return [metric, `warming up ${String(verdict.blocks)}/${String(verdict.needed)}`];
        });
      });
    const progress = async (phase: string): Promise<void> => {
      const cpu = latest('cpu');
      const gpu = latest('gpu');
      const frame = latest('frame');
      const verdicts = (await states()).map(([metric, state]) => `${metric} ${state}`).join(', ');
      say(
        `[demo] ${seconds(await pageNow(page))
          .toFixed(0)
          .padStart(3)} s  ${phase.padEnd(14)}` +
          ` cpu p50 ${cpu ? cpu.p50.toFixed(2) : '–'} ms · gpu p50 ${gpu ? gpu.p50.toFixed(2) : '–'} ms` +
          ` · ${frame ? (1000 / frame.p50).toFixed(0) : '–'} fps · ${verdicts}`,
      );
    };
    const waitSeconds = async (
      phase: string,
      total: number,
      until?: () => boolean | Promise<boolean>,
    ) => {
      const end = Date.now() + total * 1000;
      let next = Date.now();
      while (Date.now() < end && !((await until?.()) ?? false)) {
        if (Date.now() >= next) {
          await progress(phase);
          next += 5000;
        }
        await sleep(250);
      }
    };
    const inject = async (injection: Omit<Injection, 'at'>, apply: () => Promise<void>) => {
      const entry: Injection = { ...injection, at: await pageNow(page) };
      injections.push(entry);
      await apply();
      say(
        `[demo] ${seconds(entry.at).toFixed(0).padStart(3)} s  injecting the ${entry.kind} regression`,
      );
      await waitSeconds(`${entry.kind} injected`, plan.detectionTimeout, async () => {
        if (entry.detection) return true;
        const state = (await states()).find(([metric]) => metric === entry.metric)?.[1] ?? '';
        // After a restart the change is part of the new reference: waiting longer is useless.
        if (state.startsWith('warming up')) entry.restarted = true;
        return entry.restarted ?? false;
      });
      entry.closed = true;
      if (!entry.detection && entry.machineChanged) {
        say(
          `  ⚠ INCONCLUSIVE: ${describeEnvironment(entry.machineChanged)} while the demo waited ` +
            `for the ${entry.kind} detection (another program took the CPU), so the timed metrics ` +
            'were not tested, as they should not be.',
        );
      } else if (!entry.detection && entry.restarted) {
        say(
          `  ⚠ INCONCLUSIVE: the detector restarted its ${entry.metric} warm-up around the injection ` +
            '(frames stalled for 100 ms or more: an overloaded machine?), so the change became part ' +
            'of its new reference.',
        );
      } else if (!entry.detection) {
        say(`  ✘ MISSED: no ${entry.kind} regression within ${String(plan.detectionTimeout)} s`);
      }
      await sleep(plan.after * 1000);
      return entry;
    };

    /** Until the references of `metrics` are learned (verdict past its warm-up). */
    const learned =
      (...metrics: string[]) =>
      async (): Promise<boolean> =>
        (await states()).every(
          ([metric, state]) =>
            !metrics.includes(metric ?? '') || state === 'stable' || state === 'improved',
        );
    await waitSeconds('warming up', plan.warmupTimeout, learned('cpu', 'gpu'));
    await waitSeconds('steady', plan.steady);
    const gpu = await inject(
      { kind: 'GPU', metric: 'gpu', matches: (m) => m === 'gpu' || m.startsWith('gpu.') },
      () => setInjection(page, 'gpuWork', plan.gpuWork),
    );
    await setInjection(page, 'gpuWork', 0);
    // The GPU load may have disturbed the CPU series too: wait for its reference again.
    await waitSeconds('GPU removed', plan.warmupTimeout, learned('cpu'));
    const cpu = await inject({ kind: 'CPU', metric: 'cpu', matches: (m) => m === 'cpu' }, () =>
      setInjection(page, 'cpuMs', plan.cpuMs),
    );
    const screenshot = 'hud.png';
    await page.locator('[data-perfwarden-hud]').screenshot({ path: join(out, screenshot) });
    const end = await pageNow(page);

    // Verdict: both regressions found, nothing raised before the first injection.
    const falseAlarms = regressions.filter((r) => !injectionOf(injections, r, CHANGE_SLACK_MS));
    const excused = (i: Injection): boolean =>
      i.restarted === true || i.machineChanged !== undefined;
    const missed = [gpu, cpu].filter((i) => !i.detection && !excused(i));
    const inconclusive = [gpu, cpu].filter((i) => !i.detection && excused(i));
    failures += falseAlarms.length + missed.length;
    outcome = failures > 0 ? 'FAIL' : inconclusive.length > 0 ? 'INCONCLUSIVE' : 'PASS';

    const marks: ReportMark[] = [
      ...injections.map((i): ReportMark => ({
        time: seconds(i.at),
        label: `${i.kind} injected`,
        kind: 'injection',
      })),
      ...regressions.map((r): ReportMark => ({
        time: seconds(r.detectedAt),
        label: `${r.metric} ${formatChange(r.delta, r.statistic)}`,
        kind: injectionOf(injections, r, CHANGE_SLACK_MS) ? 'detection' : 'false-alarm',
      })),
    ];
    const series = CHARTED.map((metric) => ({
      metric,
      unit: 'ms',
      points: windows
        .filter((w) => w.metric === metric)
        .map((w): ReportPoint => ({ time: seconds(w.end), p50: w.p50, p95: w.p95 })),
    }));
    const detections = regressions.map((r) => {
      const injection = injectionOf(injections, r, CHANGE_SLACK_MS);
      return [
        r.metric,
        `${statisticName(r.statistic)} ${formatChange(r.delta, r.statistic)} ${formatInterval(r.interval, r.statistic)}`,
        formatConfidence(r.confidence),
        r.severity,
        injection
          ? `${((r.detectedAt - injection.at) / 1000).toFixed(1)} s after ${injection.kind}`
          : 'FALSE ALARM',
        r.hints.join(' '),
      ];
    });
    const wall = (Date.now() - started) / 1000;
    const summary = [
      `Scatter example, ${plan.points.toLocaleString('en')} points, detector warm-up ${String(plan.warmup)} blocks, run of ${seconds(end).toFixed(0)} s (${wall.toFixed(0)} s wall) in headless Chromium with WebGL timer queries.`,
      `Injected: GPU +${String(plan.gpuWork)} shader iterations per pixel at ${seconds(gpu.at).toFixed(0)} s (removed after its detection), CPU +${String(plan.cpuMs)} ms per frame at ${seconds(cpu.at).toFixed(0)} s.`,
      `Result: ${outcome === 'PASS' ? 'both regressions detected, no false alarm before the injections' : `${String(missed.length)} missed, ${String(inconclusive.length)} inconclusive, ${String(falseAlarms.length)} false alarms before the injections`}. ${String(recoveries.length)} recoveries; ${String(collected)} bytes reached the collector endpoint.`,
    ];
    writeFileSync(
      join(out, 'index.html'),
      reportHtml({ title: 'perfwarden demo', summary, series, marks, detections, screenshot }),
    );
    say(`[demo] ${summary[2] ?? ''}`);
    say(`[demo] report: ${join(out, 'index.html')} · HUD screenshot: ${join(out, screenshot)}`);
    say('[demo] try it yourself: npm run example, then open http://localhost:5173/scatter/');
    say('       (inject regressions with the panel, or ?gpu=60 / ?cpu=4 in the URL)');
    say(`[demo] ${outcome} in ${wall.toFixed(0)} s`);
  } finally {
    await browser.close();
    await server.close();
  }
  return outcome === 'PASS' ? 0 : outcome === 'INCONCLUSIVE' ? 3 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('[demo] failed:', error);
    process.exitCode = 2;
  },
);
