/** The example's control panel: point count and the injected regressions, live. */
import type { Injected } from './regressions.js';

export interface ControlsOptions {
  count: number;
  injected: Injected;
  /** Called when the point count changes (the page reloads with the new count). */
  onCount: (count: number) => void;
}

const FIELDS: { key: keyof Injected; label: string; max: number; step: number }[] = [
  { key: 'cpuMs', label: 'CPU +ms / frame', max: 12, step: 0.5 },
  { key: 'gpuWork', label: 'GPU shader work', max: 400, step: 10 },
  { key: 'longTaskMs', label: 'long task ms / 2 s', max: 400, step: 10 },
  { key: 'leakKbPerFrame', label: 'leak KB / frame', max: 512, step: 16 },
];

/** Builds the panel into `root`; inputs write straight into `options.injected`. */
export function createControls(root: HTMLElement, options: ControlsOptions): void {
  const form = document.createElement('form');
  form.className = 'controls';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
  });
  const countLabel = document.createElement('label');
  countLabel.textContent = 'points ';
  const countSelect = document.createElement('select');
  const counts = new Set([1_000, 10_000, 20_000, 50_000, 200_000, 1_000_000, options.count]);
  for (const count of [...counts].sort((a, b) => a - b)) {
    const option = new Option(
      count.toLocaleString('en'),
      String(count),
      false,
      count === options.count,
    );
    countSelect.add(option);
  }
  countSelect.addEventListener('change', () => {
    options.onCount(Number(countSelect.value));
  });
  countLabel.append(countSelect);
  form.append(countLabel);
  for (const field of FIELDS) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'range';
    input.min = '0';
    input.max = String(field.max);
    input.step = String(field.step);
    input.value = String(options.injected[field.key]);
    const value = document.createElement('output');
    value.textContent = input.value;
    input.addEventListener('input', () => {
      options.injected[field.key] = Number(input.value);
      value.textContent = input.value;
    });
    label.append(`${field.label} `, input, value);
    form.append(label);
  }
  root.append(form);
}
