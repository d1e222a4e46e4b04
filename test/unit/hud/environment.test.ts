// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createEmitter } from '../../../src/emitter.js';
import { describeEnvironment } from '../../../src/format.js';
import { createHud } from '../../../src/hud/index.js';
import type { HudMonitor } from '../../../src/hud/index.js';
import type { MonitorEventMap } from '../../../src/monitor/monitor.js';
import type { EnvironmentChange } from '../../../src/types.js';

function change(
  state: EnvironmentChange['state'],
  value: number,
  adopted = false,
): EnvironmentChange {
  return {
    state,
    change: value,
    reference: 0.5,
    current: 0.5 * (1 + value),
    adopted,
    context: {},
    time: 0,
  };
}

/** A monitor that only emits what the test tells it to. */
function fakeMonitor() {
  const events = createEmitter<MonitorEventMap>(() => undefined);
  const monitor: HudMonitor = {
    on: (event, listener) => events.on(event, listener),
    snapshot: () => ({ time: 0, verdicts: [], windows: [], dropped: 0 }),
    verdict: () => undefined,
    captureBaseline: () => ({
      format: 'perfwarden-baseline',
      version: 1,
      created: '',
      window: 1000,
      entries: [],
    }),
    start: () => undefined,
    stop: () => undefined,
    running: true,
    refreshInterval: NaN,
    sessionId: 'test',
    gpu: undefined,
    context: {},
  };
  return { monitor, events };
}

describe('environment changes', () => {
  it('read as one line from the one formatter', () => {
    expect(describeEnvironment(change('busier', 0.6))).toBe('machine busier +60.0 %');
    expect(describeEnvironment({ ...change('quieter', -0.35), context: { scene: 'a' } })).toBe(
      'machine quieter \u221235.0 % in scene=a',
    );
    expect(describeEnvironment(change('normal', 0))).toBe('machine back to normal');
    expect(describeEnvironment(change('normal', 0, true))).toBe(
      'machine changed for good: references learned again',
    );
  });

  it('show in the HUD while the machine is changed, and leave with it', () => {
    const { monitor, events } = fakeMonitor();
    const hud = createHud(monitor, { target: document.body });
    const line = hud.dom.shadowRoot?.querySelector<HTMLElement>('.environment');
    expect(line?.hidden).toBe(true);
    events.emit('environment', change('busier', 0.6));
    expect(line?.hidden).toBe(false);
    expect(line?.textContent).toBe('machine busier +60.0 %');
    events.emit('environment', change('normal', 0));
    expect(line?.hidden).toBe(true);
    expect(hud.dom.shadowRoot?.querySelector('.status:not(.environment)')?.textContent).toBe(
      'machine back to normal',
    );
    hud.destroy();
  });
});
