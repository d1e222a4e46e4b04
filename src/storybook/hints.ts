/**
 * Where to look when a story's level regressed, from its other levels in the same runs. Each
 * hint says which numbers it rests on.
 */
import type { GpuRendererInfo } from '../types.js';
import type { StoryVerdict } from './verdict.js';

function percent(delta: number | undefined): string {
  return delta === undefined
    ? '?'
    : `${delta >= 0 ? '+' : '−'}${Math.abs(delta * 100).toFixed(1)} %`;
}

function find(verdicts: readonly StoryVerdict[], metric: string, statistic = 'p50') {
  return verdicts.find(
    (verdict) =>
      verdict.check === 'baseline' && verdict.metric === metric && verdict.statistic === statistic,
  );
}

function steady(verdict: StoryVerdict | undefined): boolean {
  return verdict?.state === 'within' || verdict?.state === 'undecided';
}

/**
 * The `cpu.thread.` levels: what the story's code cost the main thread, without the time the OS
 * gave to other programs; per level, what it spans and where to look.
 */
const THREAD_HINTS: Readonly<Record<string, readonly [span: string, where: string]>> = {
  'cpu.thread.render': [
    'from mount to the first frame',
    'the cost is at mount (setup, data preparation, DOM creation, style and layout)',
  ],
  'cpu.thread.total': ['over the run', "look at the story's frame loop and what it redraws"],
  'cpu.thread.play': [
    'during the play function',
    'look at its event handlers and the re-renders they cause',
  ],
};

/** Hints for `verdict` (a regression or an exceeded budget) from the story's other verdicts. */
export function storyHints(
  verdict: StoryVerdict,
  verdicts: readonly StoryVerdict[],
  renderer: GpuRendererInfo | undefined,
): string[] {
  const hints: string[] = [];
  const cpu = find(verdicts, 'cpu');
  const gpu = find(verdicts, 'gpu');
  const render = find(verdicts, 'render');
  if (verdict.metric === 'cpu' && (!gpu || steady(gpu))) {
    const beside = gpu ? ` while GPU time did not (${percent(gpu.delta)})` : '';
    hints.push(
      `Main-thread work per frame grew (cpu ${percent(cpu?.delta)})${beside}: look at the JavaScript of the story's frame loop.`,
    );
  }
  if (verdict.metric === 'gpu' && steady(cpu)) {
    hints.push(
      `GPU time grew (${percent(gpu?.delta)}) while main-thread work did not (cpu ${percent(cpu?.delta)}): shaders, overdraw or canvas size.`,
    );
  }
  if (verdict.metric === 'render' && steady(cpu)) {
    hints.push(
      `Only the first render got slower (${percent(render?.delta)}; cpu per frame ${percent(cpu?.delta)} afterwards): the cost is at mount (setup, data preparation, DOM creation).`,
    );
  }
  const threadHint = THREAD_HINTS[verdict.metric];
  if (threadHint !== undefined) {
    hints.push(
      `Main-thread CPU time ${threadHint[0]} grew (${percent(verdict.delta)}): ${threadHint[1]}.`,
    );
  }
  if (verdict.metric === 'rerender') {
    hints.push(`Re-rendering after an args change got slower (${percent(verdict.delta)}).`);
  }
  const long = find(verdicts, 'longtask', 'rate');
  if (long?.candidate !== undefined && long.candidate > 0 && verdict.metric !== 'longtask') {
    hints.push(`Long animation frames: ${long.candidate.toFixed(0)} ms per s in these runs.`);
  }
  if (verdict.metric === 'gpu' && renderer?.software) {
    hints.push(
      `GPU times come from a software renderer (${renderer.renderer}): they measure CPU rasterization.`,
    );
  }
  return hints;
}
