/**
 * An SVG bar chart drawn once: its cost is the first render (and the re-render when `bars`
 * changes), which the `bars` arg raises.
 */
import type { Meta, StoryObj } from '@storybook/html';
import type { PerfwardenParameters } from 'perfwarden/storybook';
import { seeded } from './animate.js';

interface BarChartArgs {
  bars: number;
}

const SVG = 'http://www.w3.org/2000/svg';

function barChart({ bars }: BarChartArgs): SVGSVGElement {
  const random = seeded(7);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${bars} 100`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('width', '600');
  svg.setAttribute('height', '300');
  for (let i = 0; i < bars; i++) {
    const height = 5 + random() * 95;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', String(i + 0.1));
    rect.setAttribute('y', String(100 - height));
    rect.setAttribute('width', '0.8');
    rect.setAttribute('height', String(height));
    rect.setAttribute('fill', `hsl(${(i * 360) / bars}, 60%, 50%)`);
    svg.append(rect);
  }
  return svg;
}

const meta: Meta<BarChartArgs> = {
  title: 'Charts/Bar chart',
  render: barChart,
  args: { bars: 500 },
  argTypes: { bars: { control: { type: 'range', min: 50, max: 20000, step: 50 } } },
  parameters: { perfwarden: { duration: 500, runs: 8 } satisfies PerfwardenParameters },
};
export default meta;

export const Default: StoryObj<BarChartArgs> = {};

/** The same chart with forty times the bars: what a bigger data set costs at render. */
export const Large: StoryObj<BarChartArgs> = { args: { bars: 20000 } };
