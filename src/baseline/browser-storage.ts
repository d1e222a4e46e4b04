/**
 * Keeping a baseline in the browser: `localStorage` (small, synchronous, per origin) or
 * IndexedDB (larger, asynchronous). Browser-only, but nothing is touched until a function is
 * called, so importing this module is safe anywhere (SSR, workers, Node). What is read back is
 * validated like any baseline: a corrupt or hostile stored value is rejected, never used.
 */
import { parseBaseline } from './baseline.js';
import type { Baseline } from './baseline.js';
import { describeError } from '../errors.js';
import { invalidOption, optionsObject, rejectUnknown, stringOption } from '../validate.js';

/** The browser storage a baseline is kept in. */
export type BaselineStorageKind = 'localStorage' | 'indexedDB';

/** Where and under which key a baseline is kept. */
export interface BaselineStorageOptions {
  /** `'localStorage'` (default) or `'indexedDB'`. */
  storage?: BaselineStorageKind;
  /** Key of the stored baseline. Default `'perfwarden:baseline'`. */
  key?: string;
}

const DEFAULT_KEY = 'perfwarden:baseline';
const DATABASE = 'perfwarden';
const STORE = 'baselines';

function localStorageOrThrow(): Storage {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  if (!storage) throw new Error('localStorage is not available here');
  return storage;
}

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => {
      resolve(operation.result);
    };
    operation.onerror = () => {
      reject(operation.error ?? new Error('IndexedDB request failed'));
    };
  });
}

async function openDatabase(): Promise<IDBDatabase> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new Error('IndexedDB is not available here');
  const opening = factory.open(DATABASE, 1);
  opening.onupgradeneeded = () => {
    opening.result.createObjectStore(STORE);
  };
  return request(opening);
}

async function withStore<T>(
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const database = await openDatabase();
  try {
    return await request(run(database.transaction(STORE, mode).objectStore(STORE)));
  } finally {
    database.close();
  }
}

/**
 * Writes `text` under `key`. With localStorage the write happens before this returns (so
 * that a `pagehide` listener's write is done before the page goes).
 */
export async function writeStoredText(
  storage: BaselineStorageKind,
  key: string,
  text: string,
): Promise<void> {
  if (storage === 'localStorage') localStorageOrThrow().setItem(key, text);
  else await withStore('readwrite', (store) => store.put(text, key));
}

/** The value stored under `key` (text, or anything IndexedDB held there), or null/undefined. */
export async function readStoredText(storage: BaselineStorageKind, key: string): Promise<unknown> {
  return storage === 'localStorage'
    ? localStorageOrThrow().getItem(key)
    : await withStore('readonly', (store) => store.get(key));
}

function storageOptions(
  where: string,
  input: unknown,
): { storage: BaselineStorageKind; key: string } {
  const options = optionsObject(where, input);
  rejectUnknown(where, options, ['storage', 'key']);
  const storage = options['storage'] ?? 'localStorage';
  if (storage !== 'localStorage' && storage !== 'indexedDB') {
    invalidOption(where, 'storage', '"localStorage" or "indexedDB"', storage);
  }
  return { storage, key: stringOption(where, 'key', options['key'], DEFAULT_KEY) };
}

/** Runs `parse`, naming `where` in the TypeError of an invalid baseline. */
function parseNamed(where: string, value: unknown): Baseline {
  try {
    return parseBaseline(value);
  } catch (error) {
    throw new TypeError(`${where}: ${describeError(error)}`, { cause: error });
  }
}

/**
 * Stores `baseline` (validated first) as JSON text. Rejects with a `TypeError` naming what is
 * wrong when `baseline` or the options are not valid, or with the storage's own error.
 */
export async function saveBaseline(
  baseline: Baseline,
  options?: BaselineStorageOptions,
): Promise<void> {
  const where = 'saveBaseline';
  const { storage, key } = storageOptions(where, options);
  await writeStoredText(storage, key, JSON.stringify(parseNamed(where, baseline)));
}

/**
 * The stored baseline, or `undefined` when none is stored under the key. Rejects with a
 * `TypeError` naming what is wrong when the stored value is not a valid baseline.
 */
export async function loadBaseline(
  options?: BaselineStorageOptions,
): Promise<Baseline | undefined> {
  const where = 'loadBaseline';
  const { storage, key } = storageOptions(where, options);
  const text = await readStoredText(storage, key);
  if (text === null || text === undefined) return undefined;
  return parseNamed(where, text);
}

/** Removes the stored baseline (no error when there is none). */
export async function removeBaseline(options?: BaselineStorageOptions): Promise<void> {
  const { storage, key } = storageOptions('removeBaseline', options);
  if (storage === 'localStorage') localStorageOrThrow().removeItem(key);
  else await withStore('readwrite', (store) => store.delete(key));
}
