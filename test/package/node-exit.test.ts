/**
 * The built package in a Node process: a monitor whose exporter keeps failing must let the
 * process exit by itself once the script is done (its retry timers are unreferenced), after
 * stop() and flush() as after shutdown().
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs an ES module script; resolves its exit code and output, or 'alive' after `limit` ms. */
function run(script: string, limit: number): Promise<{ code: number | 'alive'; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill();
      resolve({ code: 'alive', output });
    }, limit);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

/** A script that records a window into a monitor exporting to a refused endpoint, then `end`s. */
function script(port: number, end: string): string {
  return `
    import { createMonitor, httpExporter } from ${JSON.stringify(entry)};
    const off = { frames: false, longFrames: false, interactions: false, measures: false, vitals: false, memory: false };
    let failures = 0;
    const monitor = createMonitor({
      sources: off,
      exporters: [httpExporter({ url: 'http://127.0.0.1:${String(port)}/collect' })],
      export: { retryDelayMs: 1000 },
      onError: () => { failures++; },
    });
    monitor.start();
    monitor.record('custom', 1);
    ${end}
    console.log('script done, failures reported: ' + failures);
  `;
}

describe('perfwarden in a Node process', () => {
  it.each([
    ['stop() and flush()', 'monitor.stop(); await monitor.flush();'],
    ['shutdown()', 'await monitor.shutdown();'],
  ])(
    'exits by itself after %s while its endpoint refuses connections',
    async (_name, end) => {
      const { code, output } = await run(script(await closedPort(), end), 8000);
      expect(output).toMatch(/script done, failures reported: [1-9]/);
      expect(code).toBe(0);
    },
    15_000,
  );
});
