/**
 * `perfwarden/storybook`: the Storybook add-on. Add `'perfwarden/storybook'` to `addons` in
 * `.storybook/main` (Storybook then loads `perfwarden/storybook/preset`, `/preview` and
 * `/manager`). This entry holds what stories and tools import: the parameters' types,
 * {@link storyMonitor}, and the pure judging functions the CLI's CI mode shares with the panel.
 * Nothing here touches Storybook or the DOM.
 *
 * @packageDocumentation
 */
export { ADDON_ID, EVENTS, PANEL_ID, PARAMETER_KEY } from './constants.js';
export { storyMonitor } from './current.js';
export { DEFAULT_PARAMETERS, resolveParameters } from './parameters.js';
export type {
  PerfwardenBudget,
  PerfwardenMode,
  PerfwardenParameters,
  ResolvedPerfwardenParameters,
} from './parameters.js';
export type { LevelKey, StoryRun } from './run.js';
export { LEVEL_SPECS } from './levels.js';
export type { LevelSpec } from './levels.js';
export {
  baselineFromRuns,
  referenceFromBaseline,
  referenceFromValues,
  logValues,
} from './reference.js';
export type { LevelReference } from './reference.js';
export { DEFAULT_ALPHA, DEFAULT_MARGIN, isDecided, judgeStory } from './verdict.js';
export type { JudgeOptions, LevelState, StoryEvidence, StoryVerdict } from './verdict.js';
