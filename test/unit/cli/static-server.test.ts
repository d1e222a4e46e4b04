import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../../src/cli/static-server.js';

const root = mkdtempSync(join(tmpdir(), 'perfwarden-static-'));
writeFileSync(join(root, 'strict.html'), '<p>strict</p>');
writeFileSync(join(root, 'plain.html'), '<p>plain</p>');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('serves the files of a route with their content type', async () => {
    const server = await startStaticServer({ routes: { '/': root } });
    try {
      const response = await fetch(`${server.origin}/plain.html`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toBe('<p>plain</p>');
    } finally {
      await server.close();
    }
  });

  it('adds the same headers to every file when given a record', async () => {
    const server = await startStaticServer({
      routes: { '/': root },
      headers: { 'cross-origin-opener-policy': 'same-origin' },
    });
    try {
      for (const file of ['strict.html', 'plain.html']) {
        const response = await fetch(`${server.origin}/${file}`);
        expect(response.headers.get('cross-origin-opener-policy'), file).toBe('same-origin');
      }
    } finally {
      await server.close();
    }
  });

  it('adds headers per URL path when given a function', async () => {
    const policy = "default-src 'self'";
    const server = await startStaticServer({
      routes: { '/pages/': root },
      headers: (path) =>
        path === '/pages/strict.html' ? { 'content-security-policy': policy } : undefined,
    });
    try {
      const strict = await fetch(`${server.origin}/pages/strict.html`);
      const plain = await fetch(`${server.origin}/pages/plain.html`);
      expect(strict.headers.get('content-security-policy')).toBe(policy);
      expect(plain.headers.get('content-security-policy')).toBeNull();
      expect(plain.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
