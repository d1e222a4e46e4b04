/**
 * Remembered sessions: the last few captures of one app, kept in browser storage so that the
 * next session (a reload, a new build) is compared with them from its first blocks. One stored
 * record per name holds one-run baselines, newest last; each context keeps its own last
 * `sessions` runs (a session that never visited a scene does not push that scene's runs out).
 * What is read back is validated like any baseline, and merged robustly: the median of the
 * sessions' centers and a MAD-based spread, so that one load taken at a busier moment moves
 * neither the reference nor the margin built on its spread.
 */
import { contextKey } from '../context.js';
import { readStoredText, writeStoredText } from './browser-storage.js';
import type { BaselineStorageKind } from './browser-storage.js';
import { BASELINE_FORMAT, BASELINE_VERSION, baselineKey, parseBaseline } from './baseline.js';
import { describeError } from '../errors.js';
import { OnlineMoments } from '../stats/moments.js';
import { mad, MAD_TO_SIGMA, median } from '../stats/robust.js';
import type { Baseline, BaselineEntry } from './baseline.js';

/** The `format` field of a remembered-sessions record. */
const REMEMBERED_FORMAT = 'perfwarden-remembered';
const REMEMBERED_VERSION = 1;
/**
 * Sessions an entry needs before it is compared with: their spread sets the margin, and with
 * fewer it is unknown (a 3 % spread between sessions gave 4–12 % false alarms to tests that
 * compared one session with another's capture, see docs/baselines.md).
 */
export const MIN_REMEMBERED_RUNS = 3;
/** Runs kept in one record whatever their contexts, so that storage stays bounded. */
const MAX_RUNS = 50;

/** One session's capture. */
interface RememberedRun {
  session: string;
  baseline: Baseline;
}

/** Where remembered sessions are kept and how many of them count. */
export interface RememberedSessionsSettings {
  /** The app's name: the storage key is `perfwarden:remember:<name>`. */
  name: string;
  /** Earlier sessions kept per context and merged into the reference. */
  sessions: number;
  storage: BaselineStorageKind;
}

/** The storage key of the remembered sessions of `name`. */
export function rememberedKey(name: string): string {
  return `perfwarden:remember:${name}`;
}

/** Reads a stored record; throws a `TypeError` naming what is wrong. */
function parseRuns(text: unknown): RememberedRun[] {
  let data: unknown = text;
  if (typeof text === 'string') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new TypeError(
        `remembered sessions: the stored value is not JSON (${describeError(error)})`,
        {
          cause: error,
        },
      );
    }
  }
  const record = (typeof data === 'object' ? data : null) as {
    format?: unknown;
    version?: unknown;
    runs?: unknown;
  } | null;
  if (
    record?.format !== REMEMBERED_FORMAT ||
    record.version !== REMEMBERED_VERSION ||
    !Array.isArray(record.runs)
  ) {
    throw new TypeError(
      `remembered sessions: the stored value is not a "${REMEMBERED_FORMAT}" record of version ${String(REMEMBERED_VERSION)}`,
    );
  }
  return record.runs.map((run: unknown, i): RememberedRun => {
    const { session, baseline } = (run ?? {}) as { session?: unknown; baseline?: unknown };
    if (typeof session !== 'string') {
      throw new TypeError(`remembered sessions: runs[${i}].session must be a string`);
    }
    return { session, baseline: parseBaseline(baseline) };
  });
}

/**
 * Keeps the newest `sessions` runs of each context (runs are oldest first): older runs lose
 * the entries of contexts that have enough newer ones, and go when nothing is left.
 */
function prune(runs: readonly RememberedRun[], sessions: number): RememberedRun[] {
  const seen = new Map<string, number>();
  const kept: RememberedRun[] = [];
  for (let i = runs.length - 1; i >= 0 && kept.length < MAX_RUNS; i--) {
    const run = runs[i];
    if (!run) continue;
    const counted = new Set<string>();
    const entries: BaselineEntry[] = [];
    for (const entry of run.baseline.entries) {
      const key = contextKey(entry.context);
      if ((seen.get(key) ?? 0) >= sessions) continue;
      counted.add(key);
      entries.push(entry);
    }
    for (const key of counted) seen.set(key, (seen.get(key) ?? 0) + 1);
    if (entries.length > 0)
      kept.push({ session: run.session, baseline: { ...run.baseline, entries } });
  }
  return kept.reverse();
}

/** One entry from the entries of several sessions for the same metric, context and statistic. */
function mergeRememberedEntries(
  entries: readonly [BaselineEntry, ...BaselineEntry[]],
): BaselineEntry {
  const [first] = entries;
  const runs = entries.length;
  const blocks = entries.reduce((sum, entry) => sum + entry.blocks, 0);
  const centers = entries.map((entry) => entry.center);
  const center = median(centers);
  // Pooled over all blocks as `mergeBaselines` does: the scale is the test's unit for block
  // noise, and the detector takes the larger of it and the session's own. A busier load's wider
  // blocks are noise the page can show; a median of a few runs' scales could fall below it and
  // turn a busy session's noise into alarms, the costlier error.
  const scale = Math.sqrt(
    entries.reduce((sum, entry) => sum + entry.scale ** 2 * entry.blocks, 0) / blocks,
  );
  // The MAD ignores one far load, but with 3 or 4 runs it is 0 as soon as two centers agree,
  // which would claim that sessions agree better than one session measures its own level. A
  // run's center carries at least its sampling error, scale / √(its blocks), so the spread is
  // floored there; the floor is capped by the runs' standard deviation so that it never widens
  // the margin beyond what the runs themselves show.
  const moments = new OnlineMoments();
  for (const value of centers) moments.add(value);
  const deviation = runs > 1 ? moments.stddev : 0;
  const sampling = scale / Math.sqrt(blocks / runs);
  const spread = Math.max(MAD_TO_SIGMA * mad(centers, center), Math.min(deviation, sampling));
  // The median of each level, like the center, so that the levels a regression reports
  // against are those of the typical session, not pulled by the busier one.
  const level = (pick: (entry: BaselineEntry) => number): number => median(entries.map(pick));
  return {
    metric: first.metric,
    context: first.context,
    statistic: first.statistic,
    center,
    scale,
    spread,
    blocks,
    runs,
    levels: {
      p50: level((entry) => entry.levels.p50),
      p95: level((entry) => entry.levels.p95),
      mean: level((entry) => entry.levels.mean),
    },
  };
}

/**
 * Merges remembered sessions' captures (validated baselines of one `window`, oldest first)
 * per metric, context and statistic, each capture counting as one run: center = median of the
 * runs' centers, spread = 1.4826 × their median absolute deviation (σ for normal data; floored
 * at a run center's sampling error, see `mergeRememberedEntries`), scale pooled over all
 * blocks, levels the medians of the runs' levels. Unlike `mergeBaselines`'s mean and
 * standard deviation, one load taken at a busier moment moves neither the center nor the
 * spread much. `created` is the newest run's time.
 */
export function mergeRememberedRuns(baselines: readonly [Baseline, ...Baseline[]]): Baseline {
  const [first] = baselines;
  const groups = new Map<string, [BaselineEntry, ...BaselineEntry[]]>();
  let created = first.created;
  for (const baseline of baselines) {
    if (baseline.window !== first.window) {
      throw new TypeError(
        `cannot merge remembered sessions of ${first.window} ms and ${baseline.window} ms windows`,
      );
    }
    if (Date.parse(baseline.created) > Date.parse(created)) created = baseline.created;
    for (const entry of baseline.entries) {
      const key = baselineKey(entry.metric, entry.context, entry.statistic);
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
  }
  return {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    created,
    window: first.window,
    entries: [...groups.values()].map(mergeRememberedEntries),
  };
}

/** The remembered sessions of one app, seen from one session. */
export class RememberedSessions {
  readonly settings: RememberedSessionsSettings;
  private readonly _session: string;

  constructor(settings: RememberedSessionsSettings, session: string) {
    this.settings = settings;
    this._session = session;
  }

  /**
   * The earlier sessions measured with `window` ms blocks, merged by
   * {@link mergeRememberedRuns} into one baseline of the entries that rest on at least
   * {@link MIN_REMEMBERED_RUNS} of them, or undefined when there are none. Rejects with a
   * `TypeError` when the stored record is not valid (it is replaced at the next save).
   */
  async load(window: number): Promise<Baseline | undefined> {
    const runs = (await this._read()).filter(
      (run) => run.session !== this._session && run.baseline.window === window,
    );
    const [first, ...rest] = runs;
    if (!first || runs.length < MIN_REMEMBERED_RUNS) return undefined;
    const merged = mergeRememberedRuns([first.baseline, ...rest.map((run) => run.baseline)]);
    const entries = merged.entries.filter((entry) => entry.runs >= MIN_REMEMBERED_RUNS);
    return entries.length > 0 ? { ...merged, entries } : undefined;
  }

  /**
   * Keeps `capture` as this session's run (replacing the one it saved before) and drops what
   * is beyond the last `sessions` runs of each context. With localStorage the write is done
   * in the current task (its microtasks), so a save started by `pagehide` completes.
   */
  async save(capture: Baseline): Promise<void> {
    if (capture.entries.length === 0) return;
    let runs: RememberedRun[];
    try {
      runs = await this._read();
    } catch {
      // An invalid record was reported when it was loaded: this session's run replaces it.
      runs = [];
    }
    const others = runs.filter((run) => run.session !== this._session);
    others.push({ session: this._session, baseline: capture });
    const record = {
      format: REMEMBERED_FORMAT,
      version: REMEMBERED_VERSION,
      runs: prune(others, this.settings.sessions),
    };
    await writeStoredText(
      this.settings.storage,
      rememberedKey(this.settings.name),
      JSON.stringify(record),
    );
  }

  private async _read(): Promise<RememberedRun[]> {
    const text = await readStoredText(this.settings.storage, rememberedKey(this.settings.name));
    return text === null || text === undefined ? [] : parseRuns(text);
  }
}
