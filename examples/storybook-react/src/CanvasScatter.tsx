/**
 * The same scatter plot drawn on a 2D canvas: React renders one element, and an effect draws
 * `points` points after each commit (args change, pan, zoom), so the cost is in the effect.
 */
import { useEffect, useMemo, useRef } from 'react';
import { groupColor, makePoints } from './points.js';
import { usePanZoom } from './use-pan-zoom.js';

export interface CanvasScatterProps {
  /** Number of points drawn. */
  points: number;
}

const SIZE = 400;

export function CanvasScatter({ points }: CanvasScatterProps) {
  const data = useMemo(() => makePoints(points), [points]);
  const { view, handlers } = usePanZoom(SIZE);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const scale = SIZE * view.zoom;
    context.clearRect(0, 0, SIZE, SIZE);
    for (let group = 0; group < 5; group++) {
      context.fillStyle = groupColor(group);
      context.beginPath();
      for (const point of data) {
        if (point.group !== group) continue;
        const x = (point.x + view.panX) * scale;
        const y = (point.y + view.panY) * scale;
        context.moveTo(x + 2, y);
        context.arc(x, y, 2, 0, Math.PI * 2);
      }
      context.fill();
    }
  }, [data, view]);
  return (
    <canvas
      ref={canvas}
      data-testid="chart"
      width={SIZE}
      height={SIZE}
      style={{ touchAction: 'none', border: '1px solid #ccc' }}
      {...handlers}
    />
  );
}
