import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

describe('the perfwarden bin', () => {
  it('is dist/cli.js, runs in Node, and prints help and version', () => {
    expect(pkg.bin['perfwarden']).toBe('./dist/cli.js');
    const help = spawnSync(process.execPath, [`${dist}cli.js`, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/perfwarden compare <url> --baseline-url <url>/);
    const unknown = spawnSync(process.execPath, [`${dist}cli.js`, 'frobnicate'], {
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^perfwarden: unknown command "frobnicate"/);
  });

  it('stays out of every browser build: no Node built-in or playwright-core import there', () => {
    const browserFiles = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter(
      // The Storybook preset runs in Storybook's Node process, like the CLI.
      (file) => /\.(c?js)$/.test(file) && file !== 'cli.js' && !file.startsWith('storybook/preset'),
    );
    expect(browserFiles.length).toBeGreaterThan(3);
    for (const file of browserFiles) {
      expect(readFileSync(`${dist}${file}`, 'utf8'), file).not.toMatch(
        /from ['"](node:|playwright-core)|require\(['"](node:|playwright-core)/,
      );
    }
    expect(pkg.peerDependenciesMeta['playwright-core']?.optional).toBe(true);
  });
});
