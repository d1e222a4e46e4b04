/**
 * Data-quality counters: samples the analyzer dropped, GPU results lost to disjoint events or
 * skipped, GPU context losses, and the renderer. Cumulative, pushed to the exporters only when
 * they change, so a quiet session sends none.
 */
import type { Counter } from '../export/exporter.js';
import type { Pipeline } from '../export/pipeline.js';
import { now } from '../page/clock.js';
import type { GpuSource } from '../types.js';

export class DataQuality {
  private readonly _pipeline: Pick<Pipeline, 'push'>;
  private readonly _since = now();
  /** Last value pushed per counter and attributes, so that unchanged counters are not re-sent. */
  private readonly _pushed = new Map<string, number>();

  constructor(pipeline: Pick<Pipeline, 'push'>) {
    this._pipeline = pipeline;
  }

  /** Pushes `name` (a cumulative count) when its value changed. */
  count(name: string, value: number, attributes: Counter['attributes'] = {}): void {
    const key = `${name}${JSON.stringify(attributes)}`;
    if (this._pushed.get(key) === value) return;
    this._pushed.set(key, value);
    this._pipeline.push({
      kind: 'counter',
      counter: { name, value, start: this._since, time: now(), attributes },
    });
  }

  /** The counts of the analyzer and of every attached GPU timer. */
  update(dropped: number, gpuSources: Iterable<GpuSource>): void {
    this.count('perfwarden.samples.dropped', dropped);
    for (const source of gpuSources) {
      const stats = source.stats();
      this.count('perfwarden.gpu.disjoint', stats.disjoint);
      this.count('perfwarden.gpu.skipped', stats.skipped);
      this.count('perfwarden.gpu.context_losses', stats.contextLosses);
    }
  }

  /** The renderer of an attached GPU timer, as an info counter. */
  renderer(source: GpuSource): void {
    const { vendor, renderer, software } = source.renderer;
    this.count('perfwarden.gpu.renderer', 1, { vendor, renderer, software: String(software) });
  }
}
