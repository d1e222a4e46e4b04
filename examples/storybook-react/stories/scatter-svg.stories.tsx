/**
 * The SVG scatter plot: `points` sets the render cost (one React element per point). The
 * `Interactions` story's play function hovers, drags and zooms it, which perfwarden measures as
 * the story's interaction levels.
 */
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { PerfwardenParameters } from 'perfwarden/storybook';
import { SvgScatter } from '../src/SvgScatter.js';
import { drag, hoverAcross, zoomIn } from './interactions.js';

const meta = {
  title: 'React/SVG scatter',
  component: SvgScatter,
  args: { points: 2000 },
  argTypes: { points: { control: { type: 'range', min: 100, max: 20000, step: 100 } } },
  parameters: { perfwarden: { duration: 500, runs: 8 } satisfies PerfwardenParameters },
} satisfies Meta<typeof SvgScatter>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Default: Story = {};

/** Hover, drag and zoom: each step re-renders every circle. */
export const Interactions: Story = {
  play: async ({ canvas }) => {
    const chart = await canvas.findByTestId('chart');
    await hoverAcross(chart);
    await drag(chart, 60, 40);
    await zoomIn(chart);
  },
};
