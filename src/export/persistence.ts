/**
 * Persistence of undelivered items for the next page load. The pipeline saves a snapshot of
 * what it could not send when the page is hidden and removes it when the page is back; the next
 * load takes every other page's snapshot and delivers it. A store is optional and pluggable
 * (`indexedDBStore()` is the browser one), so pages that do not persist do not pay for it.
 */
import type { ExportItem } from './exporter.js';

/** What one page left undelivered. */
export interface PersistedSnapshot {
  /** Random id of the page that saved it (only used as the storage key, never exported). */
  id: string;
  /** `Date.now()` when saved. */
  savedAt: number;
  /** Undelivered items per exporter name, oldest first. */
  lanes: Record<string, ExportItem[]>;
}

/** Where snapshots are kept between page loads. Methods never throw; they may reject. */
export interface PersistStore {
  /** Largest snapshot (JSON characters); the oldest items beyond it are dropped and counted. */
  readonly maxBytes: number;
  /** Saves (replaces) a page's snapshot. Starts writing before returning: it runs on pagehide. */
  save(snapshot: PersistedSnapshot): Promise<void>;
  /** Deletes a page's snapshot. */
  remove(id: string): Promise<void>;
  /** Reads and deletes the snapshots of other pages; returns those young enough to deliver. */
  takeAll(exceptId: string): Promise<PersistedSnapshot[]>;
}
