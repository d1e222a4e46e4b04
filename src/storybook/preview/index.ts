/**
 * `perfwarden/storybook/preview`: the preview annotations Storybook loads for
 * `addons: ['perfwarden/storybook']`. Its decorator measures every story (unless
 * `parameters.perfwarden.mode` is `'off'`) whatever the renderer: it wraps the story function,
 * it does not look inside a framework.
 *
 * @packageDocumentation
 */
import { addons } from 'storybook/preview-api';
import { createErrorReporter } from '../../errors.js';
import type { ReportError } from '../../errors.js';
import { PARAMETER_KEY } from '../constants.js';
import { DEFAULT_PARAMETERS, resolveParameters } from '../parameters.js';
import type { ResolvedPerfwardenParameters } from '../parameters.js';
import { StoryMeasurer } from './measurer.js';

/** What the decorator reads of Storybook's story context. */
export interface MeasuredStoryContext {
  id: string;
  args: unknown;
  parameters: Record<string, unknown>;
  viewMode?: string;
  /** The story's play function, if it has one (it is then measured as an interaction). */
  playFunction?: unknown;
}

let measurer: StoryMeasurer | undefined;
let report: ReportError | undefined;

function parametersOf(
  context: MeasuredStoryContext,
  errors: ReportError,
): ResolvedPerfwardenParameters {
  try {
    return resolveParameters(context.parameters[PARAMETER_KEY]);
  } catch (error) {
    errors('storybook.parameters', error);
    return DEFAULT_PARAMETERS;
  }
}

/**
 * The decorator: measures the story around its render (see docs/storybook.md). Created lazily
 * on the first story, so importing this module does nothing.
 */
export function withPerfwarden<T>(storyFn: () => T, context: MeasuredStoryContext): T {
  report ??= createErrorReporter();
  const parameters = parametersOf(context, report);
  // Docs pages render many stories at once: measuring them would measure each other.
  if (context.viewMode === 'docs') return storyFn();
  measurer ??= new StoryMeasurer(addons.getChannel(), report);
  return measurer.around(
    context.id,
    context.args,
    parameters,
    storyFn,
    typeof context.playFunction === 'function',
  );
}

/**
 * Runs after a story's play function (Storybook's `afterEach`): ends the measurement of the
 * play. Portable stories (the Vitest addon) have no other signal of it.
 */
export function afterPlay(context: { id: string; abortSignal?: AbortSignal }): void {
  // A remount aborts the earlier render, whose afterEach still runs, during the new one's play.
  if (context.abortSignal?.aborted === true) return;
  measurer?.playEnded(context.id);
}

/** Storybook's preview annotations: the decorator above, for every story. */
export const decorators = [withPerfwarden];

/** Storybook's preview annotations: {@link afterPlay} after every story. */
export const afterEach = [afterPlay];
