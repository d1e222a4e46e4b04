/**
 * A canvas line chart of a streaming series, redrawn every frame: main-thread work per frame
 * grows with `points`.
 */
import type { Meta, StoryObj } from '@storybook/html';
import type { PerfwardenParameters } from 'perfwarden/storybook';
import { animate, seeded } from './animate.js';

interface LineChartArgs {
  points: number;
}

function lineChart({ points }: LineChartArgs): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 300;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const random = seeded(11);
  const values = Float64Array.from({ length: points }, () => random());
  let offset = 0;
  animate(canvas, () => {
    offset = (offset + 1) % points;
    context.clearRect(0, 0, 600, 300);
    context.beginPath();
    for (let i = 0; i < points; i++) {
      const value = values[(i + offset) % points] ?? 0;
      const x = (i / (points - 1)) * 600;
      const y = 290 - value * 280;
      if (i === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    }
    context.strokeStyle = '#3568d4';
    context.stroke();
  });
  return canvas;
}

const meta: Meta<LineChartArgs> = {
  title: 'Charts/Line chart',
  render: lineChart,
  args: { points: 2000 },
  argTypes: { points: { control: { type: 'range', min: 100, max: 200000, step: 100 } } },
  parameters: { perfwarden: { duration: 1000 } satisfies PerfwardenParameters },
};
export default meta;

export const Default: StoryObj<LineChartArgs> = {};
