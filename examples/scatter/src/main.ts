/**
 * The example app: a WebGL2 scatter plot monitored by perfwarden exactly as a user would
 * wire it. URL parameters: `n` (points), `cpu`, `gpu`, `longtask`, `leak` (see
 * regressions.ts), `collector` (an http exporter endpoint, default `/collector`), `warmup`
 * (blocks the detector learns its reference from, default 30; the quick demo uses fewer),
 * `windowMs` (the span of the windows sent to the collector, default 60 000).
 */
import { consoleExporter, createMonitor, httpExporter } from 'perfwarden';
import { createDetector } from 'perfwarden/detect';
import { createHud } from 'perfwarden/hud';
import { gpuTimer } from 'perfwarden/webgl';
import { createControls } from './controls.js';
import { burnCpu, injectedFromUrl, leak, startLongTasks } from './regressions.js';
import { createScene } from './scene.js';
import type { View } from './scene.js';

const params = new URLSearchParams(location.search);
const count = Number(params.get('n') ?? 50_000);
const injected = injectedFromUrl(location.search);

function plotCanvas(): HTMLCanvasElement {
  const element = document.getElementById('plot');
  if (!(element instanceof HTMLCanvasElement)) throw new Error('The page has no #plot canvas.');
  return element;
}
const canvas = plotCanvas();
const gl = canvas.getContext('webgl2', { antialias: false });
if (!gl) throw new Error('This example needs WebGL2.');

const warmup = Number(params.get('warmup') ?? 30);
const windowMs = params.get('windowMs');

const monitor = createMonitor({
  context: { scene: `scatter-${String(count)}` },
  detector: createDetector({ warmup }),
  exporters: [
    consoleExporter(),
    httpExporter({
      url: params.get('collector') ?? '/collector',
      resource: { 'service.name': 'scatter-example' },
    }),
  ],
  ...(windowMs === null ? {} : { export: { windowMs: Number(windowMs) } }),
});
const timer = gpuTimer(gl, { monitor });
const hud = createHud(monitor, { target: document.body });
monitor.on('regression', (regression) => {
  document.title = `⚠ ${regression.metric} +${(regression.delta * 100).toFixed(0)} %`;
});
monitor.start();

const scene = createScene(gl, count);
const view: View = { panX: 0, panY: 0, zoom: 1 };

function resize(): void {
  const ratio = Math.min(window.devicePixelRatio, 2);
  canvas.width = Math.round(canvas.clientWidth * ratio);
  canvas.height = Math.round(canvas.clientHeight * ratio);
}
resize();
window.addEventListener('resize', resize);

// Pan with the pointer, zoom with the wheel.
let drag: { x: number; y: number } | undefined;
canvas.addEventListener('pointerdown', (event) => {
  drag = { x: event.clientX, y: event.clientY };
  canvas.setPointerCapture(event.pointerId);
});
canvas.addEventListener('pointermove', (event) => {
  if (!drag) return;
  view.panX += ((event.clientX - drag.x) / canvas.clientWidth) * (2 / view.zoom);
  view.panY -= ((event.clientY - drag.y) / canvas.clientHeight) * (2 / view.zoom);
  drag = { x: event.clientX, y: event.clientY };
});
canvas.addEventListener('pointerup', () => {
  drag = undefined;
});
canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    view.zoom = Math.min(50, Math.max(0.2, view.zoom * Math.exp(-event.deltaY * 0.001)));
  },
  { passive: false },
);

startLongTasks(() => injected.longTaskMs);

let last = performance.now();
function frame(time: number): void {
  const dt = time - last;
  last = time;
  monitor.span('update', () => {
    scene.update(dt);
  });
  burnCpu(injected.cpuMs);
  leak(injected.leakKbPerFrame);
  scene.shaderWork = injected.gpuWork;
  timer.measure('points', () => {
    scene.draw(view);
  });
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

const controls = document.getElementById('controls');
if (controls)
  createControls(controls, {
    count,
    injected,
    onCount: (next) => {
      params.set('n', String(next));
      location.search = params.toString();
    },
  });

/** For automation (the demo and the CI tests): change injections from outside. */
declare global {
  interface Window {
    scatter: {
      injected: typeof injected;
      monitor: typeof monitor;
      timer: typeof timer;
      hud: typeof hud;
    };
  }
}
window.scatter = { injected, monitor, timer, hud };
