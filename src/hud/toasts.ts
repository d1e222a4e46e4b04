/**
 * One toast per regressed (metric, context): severity colour, delta with its interval,
 * confidence, levels and the hints. A recovery removes it; a newer regression of the same
 * metric replaces it.
 */
import {
  describeComparison,
  describeContext,
  formatChange,
  formatConfidence,
  formatInterval,
  formatLevels,
  statisticName,
} from '../format.js';
import type { Regression } from '../types.js';
import { element } from './dom.js';

export class Toasts {
  /** The list the toasts live in (a live region: screen readers announce new ones). */
  readonly list: HTMLOListElement;
  private readonly _byKey = new Map<string, HTMLLIElement>();

  constructor(private readonly _max: number) {
    this.list = element('ol', 'toasts');
    this.list.setAttribute('role', 'log');
    this.list.setAttribute('aria-live', 'assertive');
    this.list.setAttribute('aria-label', 'regressions');
  }

  /** Toasts on screen. */
  get size(): number {
    return this._byKey.size;
  }

  /** Shows (or replaces) the toast of `key` for `regression`. */
  show(key: string, regression: Regression): void {
    this.clear(key);
    const { metric, statistic, delta, interval, confidence, severity, hints, context } = regression;
    const toast = element('li', 'toast');
    toast.dataset['metric'] = metric;
    toast.dataset['severity'] = severity;
    const labels = describeContext(context);
    const comparison = describeComparison(regression);
    // Titled by the statistic that moved (a tail regression says p95, and shows p95 levels).
    toast.append(
      element(
        'div',
        'title',
        `${metric} ${statisticName(statistic)} ${formatChange(delta, statistic)}` +
          `${comparison ? ` ${comparison}` : ''} · ${severity}`,
      ),
      element(
        'div',
        'interval',
        `interval ${formatInterval(interval, statistic)} · confidence ${formatConfidence(confidence)}`,
      ),
      element('div', 'levels muted', `${formatLevels(regression)}${labels ? ` · ${labels}` : ''}`),
    );
    if (hints.length > 0) {
      const list = element('ul', 'hints');
      for (const hint of hints) list.append(element('li', '', hint));
      toast.append(list);
    }
    const dismiss = element('button', 'dismiss', '×');
    dismiss.type = 'button';
    dismiss.setAttribute('aria-label', `dismiss the ${metric} regression`);
    dismiss.addEventListener('click', () => {
      this.clear(key);
    });
    toast.append(dismiss);
    this.list.prepend(toast);
    this._byKey.set(key, toast);
    // The oldest toast goes when there are too many.
    if (this._byKey.size > this._max) {
      const [oldest] = this._byKey.keys();
      if (oldest !== undefined) this.clear(oldest);
    }
  }

  /** Removes the toast of `key`; whether there was one. */
  clear(key: string): boolean {
    const toast = this._byKey.get(key);
    if (!toast) return false;
    toast.remove();
    this._byKey.delete(key);
    return true;
  }
}
