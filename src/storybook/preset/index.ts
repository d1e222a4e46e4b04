/// <reference types="node" />
/**
 * `perfwarden/storybook/preset`: the Node side of the add-on. Storybook finds it (with the
 * `manager` and `preview` entries beside it) for `addons: ['perfwarden/storybook']`. With the
 * option `baseline` (a baseline file, relative to the Storybook config directory) it hands
 * that file to the panel as the stories' reference:
 *
 * ```ts
 * addons: [{ name: 'perfwarden/storybook', options: { baseline: '../perf/storybook-baseline.json' } }]
 * ```
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseBaseline } from '../../baseline/baseline.js';
import { BASELINE_ELEMENT_ID } from '../constants.js';

/** Options of the preset (`addons: [{ name: 'perfwarden/storybook', options }]`). */
export interface PerfwardenPresetOptions {
  /** A baseline file (from `perfwarden storybook --save-baseline`, or downloaded from the panel). */
  baseline?: string;
  /** Storybook's config directory (Storybook passes it). */
  configDir?: string;
}

/** The baseline file as a JSON script element for the manager's page (validated first). */
export async function baselineElement(options: PerfwardenPresetOptions): Promise<string> {
  if (options.baseline === undefined) return '';
  const path = resolve(options.configDir ?? '.', options.baseline);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `perfwarden/storybook: cannot read the baseline ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  let json: string;
  try {
    json = JSON.stringify(parseBaseline(text));
  } catch (error) {
    throw new TypeError(`perfwarden/storybook: ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // `<` escaped so that no value can close the script element.
  const safe = json.replaceAll('<', '\\u003c');
  return `<script type="application/json" id="${BASELINE_ELEMENT_ID}">${safe}</script>`;
}

/** Storybook preset hook: appends the baseline file (if configured) to the manager's head. */
export async function managerHead(
  head: string | undefined,
  options: PerfwardenPresetOptions,
): Promise<string> {
  return `${head ?? ''}${await baselineElement(options)}`;
}
