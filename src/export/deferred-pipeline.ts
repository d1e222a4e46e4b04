/**
 * The monitor's handle on a pipeline whose code loads after `start()` (src/deferred/): items
 * pushed before it is there wait in a bounded queue and go in first; `start`, `flush` and
 * `shutdown` apply once it is. If the page goes away before the delivery code has loaded (in
 * the first moments after start), what waited is lost.
 */
import type { ReportError } from '../errors.js';
import type { Stop } from '../types.js';
import type { ExportItem } from './exporter.js';
import { loadDeferred } from '../deferred/load.js';
import type { Pipeline, PipelineOptions } from './pipeline.js';

/** Items kept while the delivery code loads (a few seconds of windows at most). */
const WAITING_ITEMS = 500;

/** A pipeline that is created when the delivery code has loaded; see the module comment. */
export function deferredPipeline(options: PipelineOptions, report: ReportError): Pipeline {
  let pipeline: Pipeline | undefined;
  let ready: Promise<void> | undefined;
  let started = false;
  let detach: Stop | undefined;
  let shutDown = false;
  const waiting: ExportItem[] = [];

  const load = (): Promise<void> =>
    (ready ??= loadDeferred().then(
      (delivery) => {
        const created = delivery.createPipeline(options);
        pipeline = created;
        for (const item of waiting.splice(0)) created.push(item);
        if (started) detach = created.start();
      },
      (error: unknown) => {
        waiting.length = 0;
        report('export.load', error);
      },
    ));

  return {
    push(item) {
      if (shutDown) return;
      if (pipeline) pipeline.push(item);
      else {
        waiting.push(item);
        if (waiting.length > WAITING_ITEMS) waiting.shift();
      }
    },
    start() {
      started = true;
      if (pipeline) detach = pipeline.start();
      else void load();
      return () => {
        started = false;
        detach?.();
        detach = undefined;
      };
    },
    async flush() {
      if (!ready) return;
      await ready;
      await pipeline?.flush();
    },
    async shutdown() {
      // What waits is delivered first: the delivery code loads now if it has not.
      await load();
      shutDown = true;
      await pipeline?.shutdown();
    },
    dropped() {
      return pipeline?.dropped() ?? {};
    },
  };
}
