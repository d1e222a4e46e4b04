/**
 * The in-app HUD: FPS and refresh rate, a graph and the current levels of each chosen metric
 * against its reference and verdict, a toast per regression, and controls (pause, capture
 * baseline, download the session, minimise, drag). It lives in a shadow root on its own host
 * element; it draws only when windows arrive, at most every `refresh` ms, and not at all
 * while the page is hidden or the HUD minimised.
 */
import type { Baseline } from '../baseline/baseline.js';
import { createErrorReporter } from '../errors.js';
import type { Monitor } from '../monitor/monitor.js';
import type { Context, MetricName, WindowSummary } from '../types.js';
import { contextKey } from '../context.js';
import { element, setText } from './dom.js';
import { Downloads } from './downloads.js';
import { makeDraggable } from './drag.js';
import { describeEnvironment, describeRegression } from '../format.js';
import { MetricView } from './metric-view.js';
import { resolveHudOptions } from './options.js';
import type { HudOptions } from './options.js';
import { SessionLog } from './session-log.js';
import { adoptHudStyles } from './styles.js';
import { Toasts } from './toasts.js';
import { missingMethod, preview } from '../validate.js';

/** What the HUD uses of a monitor (a `createMonitor()` result has all of it). */
export type HudMonitor = Pick<
  Monitor,
  | 'on'
  | 'snapshot'
  | 'verdict'
  | 'captureBaseline'
  | 'start'
  | 'stop'
  | 'running'
  | 'refreshInterval'
  | 'sessionId'
  | 'gpu'
  | 'context'
>;

/** The methods createHud calls on its monitor, checked at creation. */
const HUD_MONITOR_METHODS = ['on', 'snapshot', 'verdict', 'captureBaseline', 'start', 'stop'];

/** A mounted HUD. */
export interface Hud {
  /** The HUD's host element (its content is in a shadow root): attach it where you like. */
  readonly dom: HTMLElement;
  /** Removes the HUD's nodes, listeners and timers. Calling it twice is harmless. */
  destroy(): void;
}

/** Toasts on screen at most. */
const MAX_TOASTS = 4;

function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', '', text);
  node.type = 'button';
  node.setAttribute('aria-label', label);
  node.addEventListener('click', onClick);
  return node;
}

const eventKey = (metric: MetricName, context: Context): string =>
  `${metric}\u0000${contextKey(context)}`;

/**
 * Mounts a HUD for `monitor`. Wrong options throw a `TypeError` naming the option; after
 * that nothing the HUD does throws into the page (errors go to `onError`).
 *
 * Without a DOM (server-side rendering, a worker, Node) it throws an `Error` that says so
 * (`createHud: needs a browser document …`) rather than returning an inert HUD. A HUD is its
 * DOM: an inert one would have no element to give as `dom`, so the caller's
 * `container.append(hud.dom)` would fail later and less clearly. And a missing document is not
 * a browser feature that may be absent (those degrade silently): it means the call is in the
 * wrong place, the same on every server render, so the first one in development says so, with
 * the fix. Importing `perfwarden/hud` stays safe during server-side rendering; create the HUD
 * where the page runs, e.g. in an effect after mount (React `useEffect`, Vue `onMounted`).
 *
 * @example
 * ```ts
 * import { createMonitor } from 'perfwarden';
 * import { createHud } from 'perfwarden/hud';
 *
 * const monitor = createMonitor();
 * const hud = createHud(monitor, { target: document.body });
 * monitor.start();
 * // later: hud.destroy();
 * ```
 *
 * Unlike the other factories it is not marked `@__NO_SIDE_EFFECTS__`: with `target` it is
 * called for its effect (mounting), and a bundler would drop a call whose result is unused.
 */
export function createHud(monitor: HudMonitor, options?: HudOptions): Hud {
  if (typeof document === 'undefined') {
    throw new Error(
      'createHud: needs a browser document (there is none here, e.g. during server-side ' +
        'rendering or in a worker); create the HUD in the browser, e.g. in an effect after mount',
    );
  }
  const config = resolveHudOptions(options);
  const missing = missingMethod(monitor, HUD_MONITOR_METHODS);
  if (missing !== undefined) {
    throw new TypeError(
      `createHud: the first argument must be a monitor from createMonitor() (it has no ${missing}()), got ${preview(monitor)}`,
    );
  }
  const report = createErrorReporter(config.onError);
  const guard =
    <A extends unknown[]>(kind: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (error) {
        report(kind, error);
      }
    };
  const ratio = Math.min(Math.max(window.devicePixelRatio || 1, 1), 2);
  const log = new SessionLog(config.maxRecords);
  const toasts = new Toasts(MAX_TOASTS);
  const offs: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDraw = -Infinity;
  let minimised = config.minimised;
  let destroyed = false;
  let fps = NaN;

  // Structure: host (the caller's to place) → shadow root (with the styles) → panel.
  const host = element('div', '');
  host.setAttribute('data-perfwarden-hud', '');
  host.dataset['corner'] = config.corner;
  const root = host.attachShadow({ mode: 'open' });
  adoptHudStyles(root);
  const panel = element('section', 'hud');
  panel.dataset['theme'] = config.theme;
  panel.setAttribute('aria-label', 'perfwarden performance HUD');

  const header = element('header', '');
  header.tabIndex = 0;
  header.setAttribute('aria-label', 'perfwarden HUD; arrow keys move it');
  const rate = element('span', 'rate', '– fps');
  const refreshRate = element('span', 'rate muted', '– Hz');
  const minimise = button('–', 'minimise the HUD', () => {
    setMinimised(!minimised);
  });
  header.append(element('strong', '', 'perfwarden'), rate, refreshRate, minimise);

  const body = element('div', 'body');
  const views = config.metrics.map((metric) => {
    const view = new MetricView(metric, config.history, ratio);
    body.append(view.box);
    return view;
  });

  // While the machine is busier or quieter than when the references were learned, the timed
  // metrics are not tested: say so, so that a quiet verdict is not read as a clean one.
  const machine = element('div', 'status environment');
  machine.hidden = true;
  const status = element('div', 'status');
  status.setAttribute('role', 'status');
  const say = (text: string): void => {
    status.textContent = text;
  };
  const pause = button('pause', 'pause monitoring', () => {
    if (monitor.running) {
      monitor.stop();
      say('monitoring paused');
    } else {
      monitor.start();
      say('monitoring resumed');
    }
    updatePause();
  });
  const updatePause = (): void => {
    const paused = !monitor.running;
    setText(pause, paused ? 'resume' : 'pause');
    pause.setAttribute('aria-label', paused ? 'resume monitoring' : 'pause monitoring');
    pause.setAttribute('aria-pressed', String(paused));
  };

  const downloads = new Downloads(root);
  const captureBaseline = button('baseline', 'capture a baseline', () => {
    const baseline: Baseline = monitor.captureBaseline();
    if (baseline.entries.length === 0) {
      say('no baseline yet: metrics are still warming up');
      return;
    }
    if (config.onBaseline) config.onBaseline(baseline);
    else downloads.save('perfwarden-baseline.json', baseline);
    say(`baseline captured: ${String(baseline.entries.length)} metrics`);
  });
  const saveSession = button('JSON', 'download the session as JSON', () => {
    downloads.save(
      `perfwarden-session-${monitor.sessionId}.json`,
      log.toJSON({ sessionId: monitor.sessionId, renderer: monitor.gpu }),
    );
    say('session downloaded');
  });
  const controls = element('div', 'controls');
  controls.append(pause, captureBaseline, saveSession);
  body.append(machine, controls, status);
  panel.append(header, body, toasts.list);
  root.append(panel);
  makeDraggable(host, header);
  updatePause();

  const draw = guard('hud.draw', () => {
    timer = undefined;
    lastDraw = performance.now();
    updatePause();
    setText(rate, Number.isFinite(fps) ? `${fps.toFixed(0)} fps` : '– fps');
    const interval = monitor.refreshInterval;
    setText(refreshRate, Number.isFinite(interval) ? `${(1000 / interval).toFixed(0)} Hz` : '– Hz');
    const context = contextKey(monitor.context);
    const verdicts = monitor.snapshot().verdicts;
    for (const view of views) {
      view.draw(
        verdicts.find(
          (entry) => entry.metric === view.metric && contextKey(entry.context) === context,
        ),
      );
    }
  });
  /** Draws soon, at most every `refresh` ms, and never while hidden, minimised or destroyed. */
  const schedule = (): void => {
    if (timer !== undefined || minimised || destroyed || document.visibilityState === 'hidden') {
      return;
    }
    timer = setTimeout(draw, Math.max(0, lastDraw + config.refresh - performance.now()));
  };
  const cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  const setMinimised = (next: boolean): void => {
    minimised = next;
    panel.classList.toggle('minimised', minimised);
    setText(minimise, minimised ? '+' : '–');
    minimise.setAttribute('aria-label', minimised ? 'expand the HUD' : 'minimise the HUD');
    minimise.setAttribute('aria-expanded', String(!minimised));
    if (minimised) {
      cancel();
    } else {
      for (const view of views) view.graph.redraw();
      schedule();
    }
  };
  setMinimised(minimised);

  const onVisibility = guard('hud.visibility', () => {
    if (document.visibilityState === 'hidden') cancel();
    else schedule();
  });
  document.addEventListener('visibilitychange', onVisibility);
  offs.push(() => {
    document.removeEventListener('visibilitychange', onVisibility);
  });

  // While hidden or minimised, arriving windows only fill fixed arrays and the session log.
  offs.push(
    monitor.on(
      'window',
      guard('hud.window', (window: WindowSummary) => {
        log.addWindow(window);
        if (window.metric === 'frame' && window.mean > 0) fps = 1000 / window.mean;
        for (const view of views) {
          if (view.metric !== window.metric) continue;
          view.push(window, monitor.verdict(window.metric, window.context));
        }
        schedule();
      }),
    ),
    monitor.on(
      'regression',
      guard('hud.regression', (regression) => {
        log.addEvent({ type: 'regression', regression });
        toasts.show(eventKey(regression.metric, regression.context), regression);
        say(`${regression.metric} regressed: ${describeRegression(regression)}`);
        schedule();
      }),
    ),
    monitor.on(
      'recovery',
      guard('hud.recovery', (recovery) => {
        log.addEvent({ type: 'recovery', recovery });
        toasts.clear(eventKey(recovery.metric, recovery.context));
        say(`${recovery.metric} recovered`);
        schedule();
      }),
    ),
    monitor.on(
      'environment',
      guard('hud.environment', (change) => {
        log.addEvent({ type: 'environment', environment: change });
        const text = describeEnvironment(change);
        machine.hidden = change.state === 'normal';
        machine.dataset['state'] = change.state;
        setText(machine, change.state === 'normal' ? '' : text);
        say(text);
      }),
    ),
  );

  if (config.target) config.target.append(host);

  return {
    dom: host,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      cancel();
      for (const off of offs.splice(0)) {
        try {
          off();
        } catch (error) {
          report('hud.destroy', error);
        }
      }
      downloads.revokeAll();
      host.remove();
    },
  };
}
