/**
 * The manager's record of this Storybook session: every run the preview reported, grouped into
 * measurements (one "Measure" request, or one automatic mount), and the stored baseline. A
 * story's latest measurement is judged against the baseline when it has the story, else
 * against the story's earlier measurements of the session.
 */
import type { Baseline } from '../../baseline/baseline.js';
import { mergeBaselines } from '../../baseline/baseline.js';
import { DEFAULT_PARAMETERS } from '../parameters.js';
import {
  baselineFromRuns,
  logValues,
  referenceFromBaseline,
  referenceFromValues,
} from '../reference.js';
import type { LevelReference } from '../reference.js';
import type { LevelKey, StoryRun } from '../run.js';
import { judgeStory } from '../verdict.js';
import type { JudgeOptions, StoryVerdict } from '../verdict.js';

/** Where the stored baseline came from. */
export type BaselineOrigin = 'captured' | 'file';

/** What the panel shows for one story. */
export interface StoryReport {
  storyId: string;
  /** Runs of the latest measurement. */
  current: readonly StoryRun[];
  /** What they were compared with. */
  reference:
    | { kind: 'baseline'; origin: BaselineOrigin }
    | { kind: 'session'; runs: number }
    | { kind: 'none' };
  verdicts: StoryVerdict[];
}

/** What "Download results" saves. */
export interface SessionResults {
  format: 'perfwarden-storybook-results';
  version: 1;
  created: string;
  baseline?: Baseline;
  stories: { storyId: string; runs: StoryRun[]; verdicts: StoryVerdict[] }[];
}

/** The session's runs and baseline, observable by the panel. */
export class PanelSession {
  /** Per story, its measurements in order; each a list of runs. */
  private readonly _measurements = new Map<string, StoryRun[][]>();
  /** Stories with a "Measure" request in flight: their runs join one measurement. */
  private readonly _requested = new Set<string>();
  private readonly _listeners = new Set<() => void>();
  private _baseline: { baseline: Baseline; origin: BaselineOrigin } | undefined;
  private _fileBaseline: Baseline | undefined;
  private _version = 0;

  constructor(fileBaseline?: Baseline) {
    this._fileBaseline = fileBaseline;
    if (fileBaseline) this._baseline = { baseline: fileBaseline, origin: 'file' };
  }

  /** Increments on every change (React's external-store snapshot). */
  get version(): number {
    return this._version;
  }

  /** The baseline in use and where it came from. */
  get baseline(): { baseline: Baseline; origin: BaselineOrigin } | undefined {
    return this._baseline;
  }

  /** Subscribes to changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** A "Measure" request for `storyId` starts: its runs form one new measurement. */
  beginMeasurement(storyId: string): void {
    this._requested.add(storyId);
    this._measurementsOf(storyId).push([]);
    this._changed();
  }

  /** The request for `storyId` finished. */
  endMeasurement(storyId: string): void {
    this._requested.delete(storyId);
    this._changed();
  }

  /** Whether a "Measure" request for `storyId` is in flight. */
  measuring(storyId: string): boolean {
    return this._requested.has(storyId);
  }

  /** Adds a run reported by the preview. */
  add(run: StoryRun): void {
    const measurements = this._measurementsOf(run.storyId);
    const last = measurements[measurements.length - 1];
    // An automatic mount is a measurement of its own; a re-render joins the story's latest.
    if (last && (this._requested.has(run.storyId) || run.kind === 'rerender')) last.push(run);
    else measurements.push([run]);
    this._changed();
  }

  /** Sets a captured baseline (or, with `undefined`, falls back to the file's, if any). */
  setCaptured(baseline: Baseline | undefined): void {
    this._baseline = baseline
      ? { baseline, origin: 'captured' }
      : this._fileBaseline
        ? { baseline: this._fileBaseline, origin: 'file' }
        : undefined;
    this._changed();
  }

  /**
   * A baseline of every story's latest measurement, merged into the captured one (so stories
   * not measured now keep theirs).
   */
  capture(created = new Date()): Baseline | undefined {
    const latest = [...this._measurements.values()].flatMap((list) => list[list.length - 1] ?? []);
    const run = baselineFromRuns(latest, created);
    if (run.entries.length === 0) return undefined;
    const captured = this._baseline?.origin === 'captured' ? this._baseline.baseline : undefined;
    if (captured?.window !== run.window) return run;
    // A story captured again replaces its entries rather than averaging old and new.
    const stories = new Set(run.entries.map((entry) => entry.context['story']));
    const kept = captured.entries.filter((entry) => !stories.has(entry.context['story']));
    return mergeBaselines({ ...captured, entries: kept }, run);
  }

  /** The report of `storyId`, under the parameters of its latest run. */
  report(storyId: string, options: JudgeOptions = {}): StoryReport {
    const measurements = this._measurementsOf(storyId);
    const current = measurements[measurements.length - 1] ?? [];
    const parameters = current[current.length - 1]?.parameters ?? DEFAULT_PARAMETERS;
    const earlier = measurements.slice(0, -1).flat();
    const stored = this._baseline;
    const fromBaseline = (key: LevelKey): LevelReference | undefined =>
      referenceFromBaseline(stored?.baseline, storyId, key);
    const hasBaseline = stored?.baseline.entries.some(
      (entry) => entry.context['story'] === storyId,
    );
    const reference = hasBaseline
      ? fromBaseline
      : (key: LevelKey) => referenceFromValues(logValues(earlier, key));
    const verdicts = judgeStory(
      {
        storyId,
        parameters,
        runs: current,
        reference,
        referenceSamples: (key) => (hasBaseline ? [] : logValues(earlier, key).map(Math.exp)),
      },
      options,
    );
    return {
      storyId,
      current,
      reference:
        hasBaseline && stored
          ? { kind: 'baseline', origin: stored.origin }
          : earlier.length > 0
            ? { kind: 'session', runs: earlier.length }
            : { kind: 'none' },
      verdicts,
    };
  }

  /** Everything measured, for "Download results". */
  results(): SessionResults {
    return {
      format: 'perfwarden-storybook-results',
      version: 1,
      created: new Date().toISOString(),
      ...(this._baseline ? { baseline: this._baseline.baseline } : {}),
      stories: [...this._measurements.keys()].map((storyId) => ({
        storyId,
        runs: (this._measurements.get(storyId) ?? []).flat(),
        verdicts: this.report(storyId).verdicts,
      })),
    };
  }

  private _measurementsOf(storyId: string): StoryRun[][] {
    let list = this._measurements.get(storyId);
    if (!list) {
      list = [];
      this._measurements.set(storyId, list);
    }
    return list;
  }

  private _changed(): void {
    this._version += 1;
    for (const listener of this._listeners) {
      try {
        listener();
      } catch {
        // A failing view must not stop the others from updating.
      }
    }
  }
}
