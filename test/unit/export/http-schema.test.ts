import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ExportWindows } from '../../../src/export/coarsen.js';
import type { ExportItem } from '../../../src/export/exporter.js';
import { httpExporter } from '../../../src/export/http-exporter.js';
import { createKeepaliveBudget } from '../../../src/export/keepalive-budget.js';
import { makeWindow, recoveryItem, regressionItem, T0, windowItem } from './items.js';

/** The JSON schema printed in docs/exporters.md, right after its marker. */
function documentedSchema(): object {
  const doc = readFileSync(new URL('../../../docs/exporters.md', import.meta.url), 'utf8');
  const marker = doc.indexOf('<!-- schema:perfwarden-http-v2 -->');
  const block = /```json\n([\s\S]*?)\n```/.exec(doc.slice(marker));
  if (marker < 0 || !block?.[1]) throw new Error('docs/exporters.md lost its schema block');
  return JSON.parse(block[1]) as object;
}

/** The body httpExporter really sends for `batch`, captured from a stand-in fetch. */
async function bodyOf(batch: readonly ExportItem[]): Promise<unknown> {
  const original = globalThis.fetch;
  let body: unknown;
  globalThis.fetch = (_url: string | URL | Request, init?: RequestInit) => {
    body = JSON.parse(new TextDecoder().decode(init?.body as Uint8Array));
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  try {
    await httpExporter({ url: 'https://collect.example.com/', compression: 'none' }).export(batch, {
      signal: new AbortController().signal,
      keepalive: createKeepaliveBudget(60_000),
      final: false,
    });
  } finally {
    globalThis.fetch = original;
  }
  return body;
}

describe('the documented httpExporter schema (docs/exporters.md)', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(documentedSchema());
  const counter: ExportItem = {
    kind: 'counter',
    counter: {
      name: 'perfwarden.export.dropped',
      value: 4,
      start: 1,
      time: 2,
      attributes: { exporter: 'http', reason: 'overflow' },
    },
  };

  it('accepts real bodies with every kind of item', async () => {
    const body = await bodyOf([windowItem(), regressionItem(), recoveryItem(), counter]);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts a body with an export window merged from attributed windows', async () => {
    const merged: ExportItem[] = [];
    const exportWindows = new ExportWindows({
      windowMs: 60_000,
      maxOpen: 10,
      now: () => 0,
      emit: (item) => merged.push(item),
      report: () => undefined,
    });
    for (const start of [T0, T0 + 1000]) {
      const window = makeWindow('loaf', [60, 75], { scene: 'a' }, start);
      exportWindows.add({ kind: 'window', window: { ...window, attribution: { 'a.js': 60 } } });
    }
    exportWindows.flush();
    expect(merged).toMatchObject([{ window: { count: 4, attribution: { 'a.js': 120 } } }]);
    const body = await bodyOf(merged);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a body whose items lost a field or changed type', async () => {
    const body = (await bodyOf([windowItem()])) as { items: { window: Record<string, unknown> }[] };
    const [item] = body.items;
    if (item) delete item.window['histogram'];
    expect(validate(body)).toBe(false);
    const renamed = (await bodyOf([counter])) as { version: unknown };
    renamed.version = '2';
    expect(validate(renamed)).toBe(false);
  });
});
