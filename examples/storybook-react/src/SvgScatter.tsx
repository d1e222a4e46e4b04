/**
 * A scatter plot of `points` SVG circles: React creates and commits one element per point, so
 * the first render, a re-render on an args change and every pan or zoom grow with `points`.
 * Hovering highlights the nearest group.
 */
import { useMemo, useState } from 'react';
import { groupColor, makePoints } from './points.js';
import { usePanZoom } from './use-pan-zoom.js';

export interface SvgScatterProps {
  /** Number of points (circles). */
  points: number;
  /** Circle radius, px. */
  radius?: number;
}

const SIZE = 400;

export function SvgScatter({ points, radius = 2 }: SvgScatterProps) {
  const data = useMemo(() => makePoints(points), [points]);
  const { view, handlers } = usePanZoom(SIZE);
  const [hovered, setHovered] = useState<number | undefined>(undefined);
  const scale = SIZE * view.zoom;
  return (
    <svg
      data-testid="chart"
      width={SIZE}
      height={SIZE}
      style={{ touchAction: 'none', border: '1px solid #ccc' }}
      onPointerLeave={() => {
        setHovered(undefined);
      }}
      {...handlers}
    >
      {data.map((point, index) => (
        <circle
          key={index}
          cx={(point.x + view.panX) * scale}
          cy={(point.y + view.panY) * scale}
          r={point.group === hovered ? radius * 2 : radius}
          fill={groupColor(point.group)}
          fillOpacity={hovered === undefined || point.group === hovered ? 0.8 : 0.15}
          onPointerEnter={() => {
            setHovered(point.group);
          }}
        />
      ))}
    </svg>
  );
}
