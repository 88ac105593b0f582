// `npm start`'s browser-mode process, as a person runs it: it opens its data folder, prints its URL,
// serves the page, and stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

const startTimeoutMs = 20_000;
const root = path.resolve(import.meta.dirname, '..', '..');

let folder: string;
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/** Resolves with the first stdout line matching `pattern`; bounded, and fails if the process ends. */
function lineMatching(process: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in: ${output}`)),
      startTimeoutMs,
    );
    process.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(pattern);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    process.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

it('starts, prints its URL, serves the page and stops on SIGTERM', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-browser-mode-'));
  const rendererDir = path.join(folder, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  const env: NodeJS.ProcessEnv = { ...process.env, PPV_DATA_DIR: path.join(folder, 'data') };
  delete env['DISPLAY'];
  delete env['WAYLAND_DISPLAY'];
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/station/index.ts', '--renderer', rendererDir],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );

  const [line, url] = await lineMatching(
    child,
    /PPV Console \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]{43})\n/,
  );
  expect(line).toBeDefined();
  const page = await fetch(url ?? '', { signal: AbortSignal.timeout(startTimeoutMs) });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('PPV Console');
  expect(statSync(path.join(folder, 'data', 'db.key')).mode & 0o777).toBe(0o600);
  expect(statSync(path.join(folder, 'data', 'ppv-dev.db')).isFile()).toBe(true);

  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
