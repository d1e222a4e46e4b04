/**
 * Ids and channel events of the Storybook add-on, namespaced `perfwarden/…` so that they never
 * collide with Storybook's or another add-on's. Shared by the preview, the manager and the CLI.
 */

/** The add-on's id (also its package path: `addons: ['perfwarden/storybook']`). */
export const ADDON_ID = 'perfwarden/storybook';
/** The panel's id in the manager. */
export const PANEL_ID = `${ADDON_ID}/panel`;
/** The key of `parameters.perfwarden`. */
export const PARAMETER_KEY = 'perfwarden';

/** Channel events between the preview (measures), the manager (panel) and the CLI. */
export const EVENTS = {
  /** preview → manager/CLI: one measured run of a story ({@link StoryRun}). */
  run: 'perfwarden/run',
  /** manager/CLI → preview: `{ storyId, runs }`, measure that many fresh mounts. */
  measure: 'perfwarden/measure',
  /**
   * preview → CLI: `{ storyId }`, a mount's render and its first frame are done (the CLI reads
   * the page's main-thread CPU time then: the render's share of it).
   */
  rendered: 'perfwarden/rendered',
  /** preview → manager/CLI: `{ storyId, skipped? }`, a requested measurement finished (`skipped`: mode `'off'`). */
  measured: 'perfwarden/measured',
} as const;

/**
 * Id of the `<script type="application/json">` element in which the preset hands the baseline
 * file (option `baseline`) to the manager.
 */
export const BASELINE_ELEMENT_ID = 'perfwarden-storybook-baseline';
