#!/usr/bin/env node
// `npm start`: opens the console in its Electron window where the Electron runtime is installed;
// elsewhere, browser mode: the station server on 127.0.0.1 with a development database.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronPackage = path.join(root, 'node_modules', 'electron');

/** Looks for the runtime without `require('electron')`, which would try to download it. */
function electronRuntime() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

if (electronRuntime()) {
  const result = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

console.log(
  'The Electron runtime is not installed here, so the console runs in browser mode ' +
    '(station server on 127.0.0.1, development database; see the README).',
);
if (!existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const station = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'scripts', 'station', 'index.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl+C reaches the whole process group; a SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => station.kill('SIGTERM'));
station.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
