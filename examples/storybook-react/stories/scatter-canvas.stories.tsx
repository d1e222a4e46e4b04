/**
 * The canvas scatter plot: `points` sets the cost of the drawing effect after each commit.
 */
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { PerfwardenParameters } from 'perfwarden/storybook';
import { CanvasScatter } from '../src/CanvasScatter.js';
import { drag, zoomIn } from './interactions.js';

const meta = {
  title: 'React/Canvas scatter',
  component: CanvasScatter,
  args: { points: 5000 },
  argTypes: { points: { control: { type: 'range', min: 1000, max: 200000, step: 1000 } } },
  parameters: { perfwarden: { duration: 500, runs: 8 } satisfies PerfwardenParameters },
} satisfies Meta<typeof CanvasScatter>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Default: Story = {};

/** Drag and zoom: each step redraws every point. */
export const Interactions: Story = {
  play: async ({ canvas }) => {
    const chart = await canvas.findByTestId('chart');
    await drag(chart, 60, 40);
    await zoomIn(chart);
  },
};
