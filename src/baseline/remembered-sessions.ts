/**
 * Remembered sessions: the last few captures of one app, kept in browser storage so that the
 * next session (a reload, a new build) is compared with them from its first blocks. One stored
 * record per name holds one-run baselines, newest last; each context keeps its own last
 * `sessions` runs (a session that never visited a scene does not push that scene's runs out).
 * What is read back is validated like any baseline.
 */
import { contextKey } from '../context.js';
import { readStoredText, writeStoredText } from './browser-storage.js';
import type { BaselineStorageKind } from './browser-storage.js';
import { mergeBaselines, parseBaseline } from './baseline.js';
import { describeError } from '../errors.js';
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

/** The remembered sessions of one app, seen from one session. */
export class RememberedSessions {
  readonly settings: RememberedSessionsSettings;
  private readonly _session: string;

  constructor(settings: RememberedSessionsSettings, session: string) {
    this.settings = settings;
    this._session = session;
  }

  /**
   * The earlier sessions measured with `window` ms blocks, merged into one baseline of the
   * entries that rest on at least {@link MIN_REMEMBERED_RUNS} of them, or undefined when there
   * are none. Rejects with a `TypeError` when the stored record is not
   * valid (it is replaced at the next save).
   */
  async load(window: number): Promise<Baseline | undefined> {
    const runs = (await this._read()).filter(
      (run) => run.session !== this._session && run.baseline.window === window,
    );
    if (runs.length < MIN_REMEMBERED_RUNS) return undefined;
    const merged = mergeBaselines(...runs.map((run) => run.baseline));
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
