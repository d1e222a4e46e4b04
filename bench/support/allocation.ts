/**
 * Bytes allocated by perfwarden's code while `run` performs `operations` operations, measured
 * with V8's sampling heap profiler told to keep the objects garbage collection has already
 * freed: every allocated byte is attributed to the function that allocated it, and bytes of
 * perfwarden's modules (compiled to build/bench/src/) are told apart from the harness's.
 */
import type { Session } from 'node:inspector/promises';
import type { HeapProfiler } from 'node:inspector';

/** Compiled perfwarden modules live here (bench/tsconfig.json compiles src/ beside bench/). */
const PERFWARDEN = new URL('../../src/', import.meta.url).href;
const SAMPLING_INTERVAL_BYTES = 64;

export interface Allocation {
  /** Bytes per operation allocated by perfwarden's code. */
  perfwarden: number;
  /** Bytes per operation allocated by everything else (the harness, Node). */
  harness: number;
  /** perfwarden's three most allocating functions, bytes per operation. */
  sites: [string, number][];
}

/** The profiler's mean sampling interval, for the reports. */
export const SAMPLING_INTERVAL = `${String(SAMPLING_INTERVAL_BYTES)}-byte mean interval`;

/** Profiles one call of `run` (warm it up first: the JIT's own allocations are not the code's). */
export async function allocationOf(
  session: Session,
  operations: number,
  run: () => void,
): Promise<Allocation> {
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  run();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  let perfwarden = 0;
  let harness = 0;
  const sites = new Map<string, number>();
  const walk = (node: HeapProfiler.SamplingHeapProfileNode): void => {
    const { url, functionName, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      if (url.startsWith(PERFWARDEN)) {
        perfwarden += node.selfSize;
        const site = `${functionName || '(anonymous)'} (${url.slice(PERFWARDEN.length)}:${String(lineNumber + 1)})`;
        sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
      } else {
        harness += node.selfSize;
      }
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return {
    perfwarden: perfwarden / operations,
    harness: harness / operations,
    sites: [...sites]
      .map(([site, bytes]): [string, number] => [site, bytes / operations])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3),
  };
}
