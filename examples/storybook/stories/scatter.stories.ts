/**
 * The WebGL2 scatter plot of examples/scatter, animated, with its GPU time measured: the story
 * attaches a GPU timer to the monitor that perfwarden's decorator created for it.
 */
import type { Meta, StoryObj } from '@storybook/html';
import { storyMonitor } from 'perfwarden/storybook';
import type { PerfwardenParameters } from 'perfwarden/storybook';
import { gpuTimer } from 'perfwarden/webgl';
import { createScene } from '../../scatter/src/scene.js';
import { animate } from './animate.js';

interface ScatterArgs {
  points: number;
  /** Extra fragment-shader iterations per pixel. */
  shaderWork: number;
}

function scatter({ points, shaderWork }: ScatterArgs): HTMLElement {
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 256;
  const gl = canvas.getContext('webgl2');
  if (!gl) {
    const message = document.createElement('p');
    message.textContent = 'WebGL2 is not available in this browser.';
    return message;
  }
  const scene = createScene(gl, points);
  scene.shaderWork = shaderWork;
  const monitor = storyMonitor();
  const timer = monitor ? gpuTimer(gl, { monitor }) : undefined;
  const view = { panX: 0, panY: 0, zoom: 1 };
  let last = performance.now();
  animate(
    canvas,
    (time) => {
      scene.update(time - last);
      last = time;
      const draw = (): void => {
        scene.draw(view);
      };
      if (timer) timer.frame(draw);
      else draw();
    },
    () => {
      timer?.stop();
      scene.dispose();
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    },
  );
  return canvas;
}

const meta: Meta<ScatterArgs> = {
  title: 'Charts/Scatter (WebGL)',
  render: scatter,
  args: { points: 5000, shaderWork: 0 },
  argTypes: {
    points: { control: { type: 'range', min: 1000, max: 200000, step: 1000 } },
    shaderWork: { control: { type: 'range', min: 0, max: 200, step: 10 } },
  },
  parameters: { perfwarden: { duration: 1000 } satisfies PerfwardenParameters },
};
export default meta;

export const Default: StoryObj<ScatterArgs> = {};
