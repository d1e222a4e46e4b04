/**
 * Moving the HUD: drag its handle with a pointer, or focus the handle and use the arrow keys
 * (Shift for larger steps). Listeners sit on the HUD's own nodes only.
 */

const STEP = 10;
const LARGE_STEP = 50;

function place(host: HTMLElement, left: number, top: number): void {
  const { width, height } = host.getBoundingClientRect();
  const x = Math.min(Math.max(0, left), Math.max(0, window.innerWidth - width));
  const y = Math.min(Math.max(0, top), Math.max(0, window.innerHeight - height));
  host.style.left = `${String(Math.round(x))}px`;
  host.style.top = `${String(Math.round(y))}px`;
  host.style.right = 'auto';
  host.style.bottom = 'auto';
}

/** Makes `host` (a fixed-position element) movable by `handle`. */
export function makeDraggable(host: HTMLElement, handle: HTMLElement): void {
  let grab: { dx: number; dy: number } | undefined;
  handle.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || (event.target as Element).closest('button')) return;
    const rect = host.getBoundingClientRect();
    grab = { dx: event.clientX - rect.left, dy: event.clientY - rect.top };
    handle.setPointerCapture(event.pointerId);
  });
  handle.addEventListener('pointermove', (event) => {
    if (grab) place(host, event.clientX - grab.dx, event.clientY - grab.dy);
  });
  const release = (): void => {
    grab = undefined;
  };
  handle.addEventListener('pointerup', release);
  handle.addEventListener('pointercancel', release);
  handle.addEventListener('keydown', (event) => {
    if (event.target !== handle) return;
    const step = event.shiftKey ? LARGE_STEP : STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const rect = host.getBoundingClientRect();
    place(host, rect.left + move[0], rect.top + move[1]);
  });
}
