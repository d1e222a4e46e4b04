/**
 * Keeping baselines in files (Node only: the CLI and CI). Writes are atomic (a temporary file
 * renamed over the target), so an interrupted job never leaves half a baseline behind; reads
 * are validated and name the file in their errors.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { mergeBaselines, parseBaseline } from './baseline.js';
import type { Baseline } from './baseline.js';

/** Reads and validates the baseline in `path`; throws an error naming the file and the problem. */
export async function readBaselineFile(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read baseline ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new TypeError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes `baseline` (validated first) to `path` as indented JSON, atomically. */
export async function writeBaselineFile(path: string, baseline: Baseline): Promise<void> {
  const text = `${JSON.stringify(parseBaseline(baseline), null, 2)}\n`;
  const temporary = `${path}.${String(process.pid)}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Merges `run` into the baseline in `path` (creating it when missing) and writes the result:
 * how CI accumulates runs of the main branch.
 */
export async function addRunToBaselineFile(path: string, run: Baseline): Promise<Baseline> {
  let merged: Baseline;
  try {
    merged = mergeBaselines(await readBaselineFile(path), run);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ENOENT') throw error;
    merged = parseBaseline(run);
  }
  await writeBaselineFile(path, merged);
  return merged;
}
