/**
 * What the play functions do to a chart, as a user would: hover across it, drag it, zoom it with
 * the wheel. A frame passes between steps so that each step is rendered before the next.
 */
import { fireEvent, userEvent } from 'storybook/test';

const nextFrame = (): Promise<void> =>
  new Promise((resolve) => {
    requestAnimationFrame(() => {
      resolve();
    });
  });

/** Hovers over the chart along its diagonal, `steps` positions. */
export async function hoverAcross(chart: Element, steps = 10): Promise<void> {
  const box = chart.getBoundingClientRect();
  for (let step = 0; step < steps; step++) {
    const at = (step + 0.5) / steps;
    const target = document.elementFromPoint(box.left + box.width * at, box.top + box.height * at);
    await userEvent.hover(target ?? chart);
    await nextFrame();
  }
}

/** Drags the chart by (`dx`, `dy`) px in `steps` moves. */
export async function drag(chart: Element, dx: number, dy: number, steps = 10): Promise<void> {
  const box = chart.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  await fireEvent.pointerDown(chart, { clientX: x, clientY: y, buttons: 1 });
  for (let step = 1; step <= steps; step++) {
    await fireEvent.pointerMove(chart, {
      clientX: x + (dx * step) / steps,
      clientY: y + (dy * step) / steps,
      buttons: 1,
    });
    await nextFrame();
  }
  await fireEvent.pointerUp(chart, { clientX: x + dx, clientY: y + dy });
  await nextFrame();
}

/** Zooms in `steps` wheel steps. */
export async function zoomIn(chart: Element, steps = 5): Promise<void> {
  for (let step = 0; step < steps; step++) {
    await fireEvent.wheel(chart, { deltaY: -100 });
    await nextFrame();
  }
}
