/**
 * A {@link PersistStore} in IndexedDB: one record per page, capped in size and age. The
 * connection is opened on first use and kept, so that a save during `pagehide` issues its
 * write in the same task; it closes itself when another page upgrades the database.
 */
import { describeError } from '../errors.js';
import { numberOption, optionsObject, rejectUnknown, stringOption } from '../validate.js';
import type { ExportItem } from './exporter.js';
import type { PersistedSnapshot, PersistStore } from './persistence.js';

export interface IndexedDBStoreOptions {
  /** Database name. Default `perfwarden-export`. */
  name?: string;
  /** Largest snapshot in JSON characters. Default 256 000. */
  maxBytes?: number;
  /** Snapshots older than this are deleted unsent (ms). Default one day. */
  maxAgeMs?: number;
}

const STORE = 'snapshots';
const KINDS: ReadonlySet<string> = new Set(['window', 'regression', 'recovery', 'counter']);

/**
 * Creates an IndexedDB-backed store for `createPipeline({ persist })`. Nothing is opened until
 * the pipeline first uses it; where IndexedDB is missing, every call rejects (and the pipeline
 * reports it once).
 */
/* @__NO_SIDE_EFFECTS__ */
export function indexedDBStore(input?: IndexedDBStoreOptions): PersistStore {
  const where = 'indexedDBStore';
  const options = optionsObject(where, input);
  rejectUnknown(where, options, ['name', 'maxBytes', 'maxAgeMs']);
  const name = stringOption(where, 'name', options['name'], 'perfwarden-export');
  const maxBytes = numberOption(where, 'maxBytes', options['maxBytes'], 256_000, {
    min: 1,
    integer: true,
    expected: 'a positive integer',
  });
  const maxAgeMs = numberOption(where, 'maxAgeMs', options['maxAgeMs'], 86_400_000, {
    above: 0,
    expected: 'a positive number of ms',
  });
  let database: IDBDatabase | undefined;
  let opening: Promise<IDBDatabase> | undefined;

  const open = (): Promise<IDBDatabase> => {
    if (database) return Promise.resolve(database);
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      request.onsuccess = () => {
        const opened = request.result;
        opened.onversionchange = () => {
          opened.close();
          database = undefined;
        };
        database = opened;
        resolve(opened);
      };
      request.onerror = () => {
        reject(request.error ?? new Error('IndexedDB open failed'));
      };
    }).finally(() => {
      opening = undefined;
    });
    return opening;
  };

  /**
   * Runs `work` in a transaction; resolves when it commits. Synchronous when already open.
   * `commitNow` asks for the commit at once (no further requests follow): a page that is
   * unloading may not live to the end of its task.
   */
  const transact = <T>(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore, done: (value: T) => void) => void,
    commitNow = false,
  ): Promise<T> => {
    const run = (db: IDBDatabase): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        let result: T | undefined;
        transaction.oncomplete = () => {
          resolve(result as T);
        };
        transaction.onerror = transaction.onabort = () => {
          reject(transaction.error ?? new Error('IndexedDB transaction failed'));
        };
        work(transaction.objectStore(STORE), (value) => {
          result = value;
        });
        if (commitNow && typeof transaction.commit === 'function') transaction.commit();
      });
    try {
      return database ? run(database) : open().then(run);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(describeError(error)));
    }
  };

  return {
    maxBytes,
    save: (snapshot) =>
      transact<undefined>(
        'readwrite',
        (store) => {
          store.put(snapshot);
        },
        true,
      ),
    remove: (id) =>
      transact<undefined>(
        'readwrite',
        (store) => {
          store.delete(id);
        },
        true,
      ),
    takeAll: (exceptId) =>
      transact<PersistedSnapshot[]>('readwrite', (store, done) => {
        const request = store.getAll();
        request.onsuccess = () => {
          const taken: PersistedSnapshot[] = [];
          const oldest = Date.now() - maxAgeMs;
          for (const record of request.result as unknown[]) {
            const id = (record as { id?: unknown } | null)?.id;
            if (typeof id !== 'string' || id === exceptId) continue;
            store.delete(id);
            if (isSnapshot(record) && record.savedAt >= oldest) taken.push(record);
          }
          done(taken);
        };
      }),
  };
}

/** Whether a stored record has the snapshot's shape (another version may have written it). */
function isSnapshot(record: unknown): record is PersistedSnapshot {
  if (typeof record !== 'object' || record === null) return false;
  const { id, savedAt, lanes } = record as Partial<PersistedSnapshot>;
  if (typeof id !== 'string' || typeof savedAt !== 'number') return false;
  if (typeof lanes !== 'object') return false;
  return Object.values(lanes).every(
    (items: unknown) =>
      Array.isArray(items) &&
      items.every((item: unknown) => KINDS.has((item as Partial<ExportItem> | null)?.kind ?? '')),
  );
}
