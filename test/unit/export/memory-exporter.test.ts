import { describe, expect, it } from 'vitest';
import { createKeepaliveBudget } from '../../../src/export/keepalive-budget.js';
import { memoryExporter } from '../../../src/export/memory-exporter.js';
import { windowItem } from './items.js';

const context = {
  signal: new AbortController().signal,
  keepalive: createKeepaliveBudget(1000),
  final: false,
};

describe('memoryExporter', () => {
  it('keeps items in order, counts batches, and forgets on clear()', async () => {
    const exporter = memoryExporter();
    const [a, b, c] = [windowItem('cpu'), windowItem('gpu'), windowItem('frame')];
    await exporter.export([a, b], context);
    await exporter.export([c], context);
    expect(exporter.items).toEqual([a, b, c]);
    expect(exporter.batches).toBe(2);
    exporter.clear();
    expect(exporter.items).toEqual([]);
  });

  it('forgets the oldest items beyond maxItems', async () => {
    const exporter = memoryExporter({ maxItems: 2 });
    const items = [windowItem('a'), windowItem('b'), windowItem('c')];
    await exporter.export(items, context);
    expect(exporter.items).toEqual(items.slice(1));
  });

  it('rejects a wrong maxItems or name', () => {
    expect(() => memoryExporter({ maxItems: 0 })).toThrow(/option "maxItems"/);
    expect(() => memoryExporter({ name: '' })).toThrow(/option "name"/);
  });
});
