/**
 * Pan (drag) and zoom (wheel) of a chart, as React state: every pointer move of a drag and every
 * wheel step re-renders the chart, which is what the stories' play functions measure.
 */
import { useCallback, useRef, useState } from 'react';
import type { PointerEvent, WheelEvent } from 'react';

/** Where the chart looks: offset in chart units and zoom factor. */
export interface View {
  panX: number;
  panY: number;
  zoom: number;
}

/** The view and the handlers to spread on the chart element. */
export function usePanZoom(size: number) {
  const [view, setView] = useState<View>({ panX: 0, panY: 0, zoom: 1 });
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);
  const onPointerDown = useCallback((event: PointerEvent) => {
    drag.current = { x: event.clientX, y: event.clientY };
  }, []);
  const onPointerUp = useCallback(() => {
    drag.current = undefined;
  }, []);
  const onPointerMove = useCallback(
    (event: PointerEvent) => {
      const start = drag.current;
      if (!start) return;
      drag.current = { x: event.clientX, y: event.clientY };
      setView((old) => ({
        ...old,
        panX: old.panX + (event.clientX - start.x) / (size * old.zoom),
        panY: old.panY + (event.clientY - start.y) / (size * old.zoom),
      }));
    },
    [size],
  );
  const onWheel = useCallback((event: WheelEvent) => {
    setView((old) => ({
      ...old,
      zoom: Math.min(20, Math.max(0.5, old.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1))),
    }));
  }, []);
  return { view, handlers: { onPointerDown, onPointerUp, onPointerMove, onWheel } };
}
