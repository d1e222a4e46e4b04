/**
 * `perfwarden/storybook/manager`: registers the "Performance" panel. Storybook loads this
 * entry in its manager for `addons: ['perfwarden/storybook']`; registering is what loading it
 * is for (the one entry of perfwarden with an effect at import).
 *
 * @packageDocumentation
 */
import { createElement as h } from 'react';
import { AddonPanel } from 'storybook/internal/components';
import { addons, types, useParameter, useStorybookState } from 'storybook/manager-api';
import type { API } from 'storybook/manager-api';
import { loadBaseline, removeBaseline, saveBaseline } from '../../baseline/browser-storage.js';
import { parseBaseline } from '../../baseline/baseline.js';
import type { Baseline } from '../../baseline/baseline.js';
import { createErrorReporter } from '../../errors.js';
import { ADDON_ID, BASELINE_ELEMENT_ID, EVENTS, PANEL_ID, PARAMETER_KEY } from '../constants.js';
import { DEFAULT_PARAMETERS, resolveParameters } from '../parameters.js';
import type { StoryRun } from '../run.js';
import { PerformancePanel } from './panel.js';
import type { PanelActions } from './panel.js';
import { PanelSession } from './session.js';

/** localStorage key of the baseline captured in the panel. */
export const CAPTURED_BASELINE_KEY = `${ADDON_ID}/baseline`;

const report = createErrorReporter();

/** The baseline file the preset put in the manager's page, if any. */
function fileBaseline(): Baseline | undefined {
  const text = document.getElementById(BASELINE_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  try {
    return parseBaseline(text);
  } catch (error) {
    report('storybook.baseline-file', error);
    return undefined;
  }
}

function download(name: string, value: unknown): void {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

function actionsFor(api: API, session: PanelSession): PanelActions {
  return {
    emit: (event, payload) => {
      api.emit(event, payload);
    },
    capture: () => {
      const baseline = session.capture();
      if (!baseline) return;
      session.setCaptured(baseline);
      saveBaseline(baseline, { key: CAPTURED_BASELINE_KEY }).catch((error: unknown) => {
        report('storybook.capture', error);
      });
    },
    clear: () => {
      session.setCaptured(undefined);
      removeBaseline({ key: CAPTURED_BASELINE_KEY }).catch((error: unknown) => {
        report('storybook.clear', error);
      });
    },
    download: () => {
      download('perfwarden-storybook-results.json', session.results());
    },
  };
}

function parametersOf(value: unknown) {
  try {
    return resolveParameters(value);
  } catch {
    // The preview reports invalid parameters; the panel shows the defaults it measured with.
    return DEFAULT_PARAMETERS;
  }
}

addons.register(ADDON_ID, (api) => {
  const session = new PanelSession(fileBaseline());
  loadBaseline({ key: CAPTURED_BASELINE_KEY })
    .then((baseline) => {
      if (baseline) session.setCaptured(baseline);
    })
    .catch((error: unknown) => {
      report('storybook.load-baseline', error);
    });
  api.on(EVENTS.run, (run: StoryRun) => {
    session.add(run);
  });
  api.on(EVENTS.measured, ({ storyId }: { storyId: string }) => {
    session.endMeasurement(storyId);
  });
  const actions = actionsFor(api, session);

  function Connected() {
    const { storyId } = useStorybookState();
    const parameters = parametersOf(useParameter<unknown>(PARAMETER_KEY));
    return h(PerformancePanel, { session, actions, storyId, parameters });
  }

  addons.add(PANEL_ID, {
    type: types.PANEL,
    title: 'Performance',
    render: ({ active }) => h(AddonPanel, { active: active ?? false, children: h(Connected) }),
  });
});
