/**
 * The pipeline's side of persistence (persistence.ts): this page's snapshot of what its lanes
 * could not deliver, written ahead to the store, and the snapshots earlier pages left, put in
 * front of the lanes' queues once. The store may be the app's own: whatever it throws or
 * rejects is reported, never thrown.
 */
import type { ReportError } from '../errors.js';
import type { ExportItem } from './exporter.js';
import type { ExportLane, QueuedItem } from './lane.js';
import type { PersistedSnapshot, PersistStore } from './persistence.js';

/** This page's snapshot in a store, and the delivery of earlier pages' snapshots. */
export class PageSnapshot {
  private readonly _store: PersistStore;
  private readonly _lanes: readonly ExportLane[];
  private readonly _laneByName: ReadonlyMap<string, ExportLane>;
  private readonly _report: ReportError;
  /** The storage key of this page's snapshot. */
  private readonly _pageId = Date.now().toString(36) + Math.random().toString(36).slice(2);
  /** The lanes of the snapshot this page last wrote (undefined: none in the store). */
  private _saved: PersistedSnapshot['lanes'] | undefined;
  private _restored = false;

  constructor(store: PersistStore, lanes: readonly ExportLane[], report: ReportError) {
    this._store = store;
    this._lanes = lanes;
    this._laneByName = new Map(lanes.map((lane) => [lane._exporter.name, lane]));
    this._report = report;
  }

  /**
   * Saves what is undelivered (newest first within the store's cap), or clears it. Written
   * ahead, after every failed export, not only at page exit: a write started while the page
   * unloads may not commit, and may commit after the next page load took the store's content.
   * So a snapshot equal to the last one written is not written again (at exit, typically).
   * While the page is visible (`hidden` false) only failing endpoints need a copy.
   */
  save(hidden: boolean): void {
    const lanes = this._lanes;
    const share = Math.floor(this._store.maxBytes / Math.max(1, lanes.length));
    const snapshot: PersistedSnapshot = { id: this._pageId, savedAt: Date.now(), lanes: {} };
    let empty = true;
    for (const lane of lanes) {
      // While the page is visible only failing endpoints need a copy; at exit, all that is left.
      if (!hidden && !lane._failing) continue;
      const held = lane._held;
      const kept = newestWithin(held, share);
      // Items cut from the snapshot are lost if this page never comes back: count them there.
      const counters = lane._pendingCounters(held.length - kept.length).items;
      const items = [...kept.map((entry) => entry.item), ...counters];
      if (items.length === 0) continue;
      snapshot.lanes[lane._exporter.name] = items;
      empty = false;
    }
    if (empty) {
      this._remove();
      return;
    }
    if (this._saved && sameLanes(this._saved, snapshot.lanes)) return;
    const written = snapshot.lanes;
    this._saved = written;
    this._call(
      () => this._store.save(snapshot),
      () => {
        // Not in the store after all: the next save must write it even if nothing changed.
        if (this._saved === written) this._saved = undefined;
      },
    );
  }

  /** Puts what earlier pages left in front of the lanes' queues (the first call only). */
  restore(): void {
    if (this._restored) return;
    this._restored = true;
    Promise.resolve()
      .then(() => this._store.takeAll(this._pageId))
      .then((snapshots) => {
        this._deliver(snapshots);
      })
      .catch(this._reportError);
  }

  private readonly _reportError = (error: unknown): void => {
    this._report('export.persist', error);
  };

  /** Deletes this page's snapshot: nothing in it needs keeping any more. */
  private _remove(): void {
    if (!this._saved) return;
    this._saved = undefined;
    this._call(() => this._store.remove(this._pageId));
  }

  /**
   * Calls the store: a throw or a rejection is reported (after `onFailure`), never thrown; a
   * result that is not a promise counts as done.
   */
  private _call(operation: () => unknown, onFailure?: () => void): void {
    const failed = (error: unknown): void => {
      onFailure?.();
      this._reportError(error);
    };
    try {
      Promise.resolve(operation()).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /** Newest snapshot first: each is put in front, so the oldest ends up first in the queue. */
  private _deliver(snapshots: PersistedSnapshot[]): void {
    snapshots.sort((a, b) => b.savedAt - a.savedAt);
    for (const snapshot of snapshots) {
      for (const [name, items] of Object.entries(snapshot.lanes)) {
        this._laneByName.get(name)?._restore(items.flatMap(toQueuedItem));
      }
    }
  }
}

/** The newest entries whose sizes add up to at most `bytes`, oldest first. */
function newestWithin(entries: readonly QueuedItem[], bytes: number): readonly QueuedItem[] {
  let total = 0;
  let first = entries.length;
  while (first > 0) {
    const size = entries[first - 1]?.bytes ?? 0;
    if (total + size > bytes) break;
    total += size;
    first--;
  }
  return entries.slice(first);
}

/**
 * Whether two snapshots hold the same items: the same objects, except drop counters, which are
 * rebuilt for each snapshot and compared by what they count.
 */
function sameLanes(a: PersistedSnapshot['lanes'], b: PersistedSnapshot['lanes']): boolean {
  const names = Object.keys(b);
  return (
    Object.keys(a).length === names.length &&
    names.every((name) => {
      const before = a[name] ?? [];
      const after = b[name] ?? [];
      return before.length === after.length && after.every((item, i) => sameItem(before[i], item));
    })
  );
}

function sameItem(before: ExportItem | undefined, after: ExportItem): boolean {
  if (before?.kind !== 'counter' || after.kind !== 'counter') return before === after;
  const [x, y] = [before.counter, after.counter];
  return (
    x.name === y.name && x.value === y.value && x.attributes['reason'] === y.attributes['reason']
  );
}

function toQueuedItem(item: ExportItem): QueuedItem[] {
  try {
    return [{ item, bytes: JSON.stringify(item).length }];
  } catch {
    return [];
  }
}
