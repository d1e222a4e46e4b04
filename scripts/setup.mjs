#!/usr/bin/env node
// Idempotent setup run first by `npm test` and `npm run demo` on a fresh machine:
//  1. installs npm dependencies when they are missing or older than package-lock.json;
//  2. makes sure a Chromium (with Mesa's GL drivers, for real WebGL timer queries) exists:
//     on Debian/Ubuntu as root it installs them with apt; anywhere else it says what to do.
// Dependency-free on purpose: it runs before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[setup] ${message}`);
const APT_PACKAGES = ['chromium', 'libgl1-mesa-dri', 'libegl-mesa0'];

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `[setup] \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`,
    );
    process.exit(1);
  }
}

function installNpmDependencies() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.perfwarden-setup');
  const lockText = readFileSync(lock, 'utf8');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockText) return;
  say('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockText);
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function findChromium() {
  // Same list as src/cli/chromium.ts, which the tests and the CLI use.
  const candidates = JSON.parse(readFileSync(join(root, 'src/cli/chromium-paths.json'), 'utf8'));
  return candidates.find(isExecutable);
}

function isDebianLike() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

function missingDebianPackages() {
  return APT_PACKAGES.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return !status.stdout.includes('install ok installed');
  });
}

function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return say(`using Chromium from CHROMIUM_PATH: ${fromEnv}`);
    console.error(`[setup] CHROMIUM_PATH=${fromEnv} is not an executable file. Fix or unset it.`);
    process.exit(1);
  }
  const debian = platform() === 'linux' && isDebianLike();
  const missing = debian ? missingDebianPackages() : [];
  const found = findChromium();
  if (found && missing.length === 0) return;
  if (debian && process.getuid?.() === 0) {
    say(
      `installing ${missing.join(' ')} with apt (Chromium and Mesa GL drivers for WebGL timer queries)`,
    );
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
    if (findChromium()) return;
  }
  if (found) {
    say(
      `Chromium found at ${found}, but ${missing.join(' ')} missing: GPU timer queries may be unavailable.`,
    );
    return;
  }
  console.error(
    debian
      ? `[setup] No Chromium found. Run as root: apt-get install -y ${APT_PACKAGES.join(' ')}\n` +
          '        (on Ubuntu, where chromium is a snap, install Google Chrome instead), or set CHROMIUM_PATH.'
      : '[setup] No Chromium found. Install Chromium or Google Chrome and set CHROMIUM_PATH to its executable.',
  );
  process.exit(1);
}

installNpmDependencies();
ensureChromium();
// Print the browser version once so logs say what was tested.
try {
  const chromium = process.env.CHROMIUM_PATH || findChromium();
  say(
    execFileSync(chromium, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim(),
  );
} catch {
  // A version string is informative only.
}
