// `npm start`'s browser-mode process, as a person runs it: it opens its data folder, prints a
// one-time link, opens Chromium on a link of its own, serves the page, and stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { pairWithHub } from '../../electron/station/desk-client';

const startTimeoutMs = 20_000;
const root = path.resolve(import.meta.dirname, '..', '..');
const link = /PPV Console \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{22})\n/g;

let folder: string;
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/** The links the process has printed so far, and a wait (bounded) for the `count`th. */
function printedLinks(process: ChildProcess) {
  let output = '';
  let wake = (): void => undefined;
  process.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    wake();
  });
  return (count: number): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no link ${count} in: ${output}`)),
        startTimeoutMs,
      );
      process.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      wake = () => {
        const links = [...output.matchAll(link)].map((found) => found[1] ?? '');
        if (links.length < count) return;
        clearTimeout(timer);
        resolve(links);
      };
      wake();
    });
}

/** Resolves with the first match of `pattern` in what the process prints; bounded in time. */
function printed(process: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in: ${output}`)),
      startTimeoutMs,
    );
    process.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(pattern);
      if (!found) return;
      clearTimeout(timer);
      process.stdout?.off('data', check);
      resolve(found);
    };
    process.stdout?.on('data', check);
  });
}

/** Opens a link as a browser does; gives the cookie it was handed, or the refusal's status. */
async function exchange(url: string): Promise<string | number> {
  const answer = await fetch(url, {
    redirect: 'manual',
    signal: AbortSignal.timeout(startTimeoutMs),
  });
  return answer.status === 303 ? (answer.headers.get('set-cookie') ?? '') : answer.status;
}

/** Resolves with the file's text once it exists (the stand-in browser writes it as it starts). */
function fileWritten(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      watcher.close();
      resolve(readFileSync(file, 'utf8'));
    };
    const watcher = watch(path.dirname(file), () => {
      if (existsSync(file)) done();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${file} was never written`));
    }, startTimeoutMs);
    if (existsSync(file)) done();
  });
}

it('prints a one-time link, gives Chromium one of its own, serves the page and stops on SIGTERM', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-browser-mode-'));
  const rendererDir = path.join(folder, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  // A stand-in Chromium that writes down its command line, as anyone could read it from /proc.
  const browserArgs = path.join(folder, 'browser-args');
  const browser = path.join(folder, 'chromium');
  writeFileSync(
    browser,
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${browserArgs}.tmp'\nmv '${browserArgs}.tmp' '${browserArgs}'\n`,
  );
  chmodSync(browser, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PPV_DATA_DIR: path.join(folder, 'data'),
    DISPLAY: ':99',
  };
  delete env['WAYLAND_DISPLAY'];
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/station/index.ts',
      '--renderer',
      rendererDir,
      '--browser',
      browser,
    ],
    { cwd: root, env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const links = printedLinks(child);

  const [printed = ''] = await links(1);
  const opened = (await fileWritten(browserArgs)).match(/^--app=(.*)$/m)?.[1] ?? '';
  expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{22}$/);
  expect(opened).not.toBe(printed);

  const cookie = await exchange(opened);
  expect(cookie).toMatch(/^ppv-station-key-\d+=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
  expect(await exchange(opened)).toBe(403);
  const key = String(cookie).split(/[=;]/)[1] ?? '';
  const commandLines = [
    readFileSync(browserArgs, 'utf8'),
    readFileSync(`/proc/${child.pid}/cmdline`, 'utf8'),
  ];
  for (const commandLine of commandLines) expect(commandLine).not.toContain(key);

  expect(typeof (await exchange(printed))).toBe('string');
  child.stdin?.write('\n');
  const [, again = ''] = await links(2);
  expect(again).not.toBe(printed);
  expect(typeof (await exchange(again))).toBe('string');

  const page = await fetch(new URL('/', printed), { signal: AbortSignal.timeout(startTimeoutMs) });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('PPV Console');
  expect(statSync(path.join(folder, 'data', 'db.key')).mode & 0o777).toBe(0o600);
  expect(statSync(path.join(folder, 'data', 'ppv-dev.db')).isFile()).toBe(true);

  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('with --lan, runs the hub for desks over TLS and prints its address, fingerprint and a code', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-browser-mode-'));
  const rendererDir = path.join(folder, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  const browser = path.join(folder, 'chromium');
  writeFileSync(browser, '#!/bin/sh\n');
  chmodSync(browser, 0o755);
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/station/index.ts',
      '--renderer',
      rendererDir,
      '--browser',
      browser,
      '--lan',
      '127.0.0.5:0',
      '--no-mdns',
    ],
    {
      cwd: root,
      env: { ...process.env, PPV_DATA_DIR: path.join(folder, 'data') },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const [, origin = '', fingerprint = '', code = ''] = await printed(
    child,
    /network: (https:\/\/127\.0\.0\.5:\d+)\n[^]*\(SHA-256\): ([0-9A-F:]{95})\n[^]*Pairing code for a desk: (\w{4}-\w{4})/,
  );
  const hubAddress = new URL(origin).host;

  const identity = await pairWithHub({
    hubAddress,
    caFingerprint: fingerprint,
    code,
    deskName: 'Kaunter 2',
    localAddress: '127.0.0.6',
  });
  expect(identity.deskName).toBe('Kaunter 2');
  expect(statSync(path.join(folder, 'data', 'hub-ca.key')).mode & 0o777).toBe(0o600);

  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
