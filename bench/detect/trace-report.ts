/**
 * The recorded Chromium traces through perfwarden's analyzer and through the reference
 * detectors (on the same windows): when each first alarms, on which metric, relative to the
 * injected change.
 */
import { readdirSync } from 'node:fs';
import { createAnalyzer } from '../../src/detect/create-analyzer.js';
import type { EnvironmentChange, Regression } from '../../src/types.js';
import type { BlockStats } from './blocks.js';
import type { DetectorEntry } from './harness.js';
import type { Scenario } from './scenarios.js';
import { tracesDirectory } from './paths.js';
import { readTrace, replayTrace } from './traces.js';
import type { Trace } from './traces.js';

const directory = tracesDirectory();

/** The recorded traces, by file name. */
export function recordedTraces(): Trace[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json.gz'))
    .sort()
    .map((file) => readTrace(directory + file));
}

/** "CPU work +10 % at 75 s", or "none". */
export function describeChange(trace: Trace): string {
  const { change } = trace;
  if (!change) return 'none';
  const parts = [
    change.cpu !== 1 ? `CPU work +${Math.round((change.cpu - 1) * 100)} %` : '',
    change.gpu !== 1 ? `shaded area +${Math.round((change.gpu - 1) * 100)} %` : '',
  ].filter(Boolean);
  return `${parts.join(', ')} at ${String(change.at / 1000)} s`;
}

/** "+18 s" after the change, or a false alarm at an absolute time. */
function when(time: number, trace: Trace): string {
  const at = trace.change?.at ?? Infinity;
  if (time >= at) return `+${((time - at) / 1000).toFixed(0)} s`;
  return `${(time / 1000).toFixed(0)} s (false alarm${trace.change ? ', before the change' : ''})`;
}

/** perfwarden on a trace: its regressions, and the first alarm of any kind, described. */
export function perfwardenOnTrace(trace: Trace): {
  regressions: Regression[];
  environment: EnvironmentChange[];
  cell: string;
} {
  const analyzer = createAnalyzer();
  const regressions: Regression[] = [];
  const environment: EnvironmentChange[] = [];
  analyzer.on('regression', (regression) => regressions.push(regression));
  analyzer.on('environment', (change) => environment.push(change));
  replayTrace(trace, analyzer);
  const [first] = regressions;
  const others = analyzer
    .snapshot()
    .verdicts.filter((v) => v.alarms > 0 && v.verdict.state !== 'regressed');
  if (!first) {
    return {
      regressions,
      environment,
      cell:
        others.length > 0 ? `improvement on ${others.map((v) => v.metric).join(', ')}` : 'no alarm',
    };
  }
  const interval = first.interval.map((x) => `${Math.round(x * 100)}`).join('…');
  return {
    regressions,
    environment,
    cell: `${first.metric} ${first.statistic ?? ''} +${Math.round(first.delta * 100)} % [${interval} %] ${first.severity} at ${when(first.detectedAt, trace)}`,
  };
}

/** A reference detector on the trace's cpu and gpu windows: its first alarm. */
export function referenceOnTrace(detector: DetectorEntry, trace: Trace): string {
  const analyzer = createAnalyzer({ detector: false });
  const blocks = new Map<string, { start: number; block: BlockStats }[]>();
  analyzer.on('window', (window) => {
    if (window.metric !== 'cpu' && window.metric !== 'gpu') return;
    const list = blocks.get(window.metric) ?? [];
    list.push({
      start: window.start,
      block: {
        p50: window.p50,
        p95: window.p95,
        p10: NaN, // the reference detectors test the block median and p95
        mean: window.mean,
        count: window.count,
        frames: 0,
        seconds: 1,
      },
    });
    blocks.set(window.metric, list);
  });
  replayTrace(trace, analyzer);
  let first: { time: number; metric: string } | undefined;
  for (const [metric, list] of blocks) {
    const scenario: Scenario = {
      name: metric,
      label: metric,
      metric,
      kind: 'location',
      tail: true,
      session: () => {
        throw new Error('not simulated');
      },
    };
    const session = detector.create(scenario);
    for (const { start, block } of list) {
      if (session.push(block) !== 0) {
        if (!first || start + 1000 < first.time) first = { time: start + 1000, metric };
        break;
      }
    }
  }
  return first ? `${first.metric} at ${when(first.time, trace)}` : 'no alarm';
}
