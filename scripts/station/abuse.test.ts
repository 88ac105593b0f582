// The station server under abuse, as a real process: `npm start`'s browser-mode process with its
// default limits, its resident memory read from /proc while hundreds of connections misbehave at
// once: downloads never read, sockets that never read their replies, oversized messages, slowloris
// headers and idle connections past the cap. Bounded: every wait has a deadline.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';

const root = path.resolve(import.meta.dirname, '..', '..');
const startTimeoutMs = 20_000;
/** The server's own header timeout is 10 s; a slowloris must be gone well within this. */
const closeTimeoutMs = 30_000;
const memoryBudgetMiB = 300;
/** About what a renderer bundle weighs; each unread download would hold all of it if read whole. */
const bundleBytes = 4 * 1024 * 1024;

let folder: string;
let child: ChildProcess | undefined;
const opened: Socket[] = [];

afterEach(() => {
  for (const socket of opened) socket.destroy();
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/** Everything the process printed, and a bounded wait for a line matching `pattern` `count` times. */
function output(process: ChildProcess) {
  let text = '';
  const waiters: Array<() => void> = [];
  process.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  return (pattern: RegExp, count = 1): Promise<RegExpMatchArray[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${count} × ${pattern} not printed: ${text.slice(-2000)}`)),
        closeTimeoutMs,
      );
      const check = () => {
        const found = [...text.matchAll(new RegExp(pattern, 'g'))];
        if (found.length < count) return void waiters.push(check);
        clearTimeout(timer);
        resolve(found);
      };
      check();
    });
}

/** The process's resident memory now and at its peak, in MiB, from /proc. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** A raw TCP connection; resolves once connected (or once dropped on arrival), and when closed. */
function tcp(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    opened.push(socket);
    let received = '';
    socket.on('data', (chunk) => (received += String(chunk).slice(0, 100)));
    socket.on('error', () => undefined);
    const closed = new Promise<string>((resolveClosed) =>
      socket.once('close', () => resolveClosed(received)),
    );
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('close', () => resolve({ socket, closed }));
  });
}

/** A masked client text frame (the mask is all zeros, so the payload goes as it is). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

it('holds under abuse: memory bounded, the abusers closed, and still serving', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-station-abuse-'));
  const rendererDir = path.join(folder, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), Buffer.alloc(bundleBytes, 0x20));
  const env: NodeJS.ProcessEnv = { ...process.env, PPV_DATA_DIR: path.join(folder, 'data') };
  delete env['DISPLAY'];
  delete env['WAYLAND_DISPLAY'];
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/station/index.ts', '--renderer', rendererDir],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const printed = output(child);
  const pid = child.pid ?? 0;
  const [[, link = ''] = []] = await printed(/PPV Console \(browser mode\): (\S+)\n/);
  const { origin, host, port: portText } = new URL(link);
  const port = Number(portText);
  const exchanged = await fetch(link, {
    redirect: 'manual',
    signal: AbortSignal.timeout(startTimeoutMs),
  });
  const cookie = exchanged.headers.get('set-cookie')?.split(';')[0] ?? '';
  expect(cookie).toMatch(/^ppv-station-key-\d+=/);
  const before = memory(pid);

  // 100 downloads of the bundle, never read.
  for (let i = 0; i < 100; i++) {
    const { socket } = await tcp(port);
    socket.pause();
    socket.write(`GET /assets/app.js HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  }

  // 4 sockets that flood calls and never read the answers (some 700 bytes each). Each is closed
  // for its unread answers or, as these calls are refused, for its refusals, whichever comes first.
  const flood = clientFrame(JSON.stringify({ id: 1, channel: 'ppv.setUp', input: {} }));
  for (let i = 0; i < 4; i++) {
    const { socket } = await tcp(port);
    socket.write(
      `GET /socket HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin}\r\nCookie: ${cookie}\r\n` +
        'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await new Promise((resolve) => socket.once('data', resolve));
    socket.pause();
    socket.write(Buffer.concat(Array.from({ length: 40_000 }, () => flood)));
  }

  // 5 sockets that send a 1 MiB message.
  const oversized = Array.from({ length: 5 }, async () => {
    const socket = new WebSocket(`ws://${host}/socket`, { origin, headers: { cookie } });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(Buffer.alloc(1024 * 1024, 0x20).toString());
    return closed;
  });

  // 100 slowloris requests, a header line a second, never finished.
  const slowloris: Array<Promise<string>> = [];
  const trickles: Array<ReturnType<typeof setInterval>> = [];
  for (let i = 0; i < 100; i++) {
    const { socket, closed } = await tcp(port);
    socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n`);
    trickles.push(setInterval(() => socket.write('X-Padding: a\r\n'), 1_000));
    slowloris.push(closed);
  }

  // 300 connections that say nothing: past the cap of 256 they are dropped on arrival.
  const idle: Array<Promise<string>> = [];
  for (let i = 0; i < 300; i++) idle.push((await tcp(port)).closed);

  try {
    await printed(/"event":"station\.connectionClosed"[^\n]*"reason":"(unread|refusals)"/, 4);
    expect(await Promise.all(oversized)).toEqual([1009, 1009, 1009, 1009, 1009]);
    const slowAnswers = await Promise.all(slowloris);
    expect(slowAnswers.filter((answer) => answer.startsWith('HTTP/1.1 408 '))).toHaveLength(100);
    await Promise.all(idle);
  } finally {
    for (const trickle of trickles) clearInterval(trickle);
  }

  const after = memory(pid);
  expect(after.peak).toBeLessThan(memoryBudgetMiB);
  console.log(`abuse: RSS ${before.rss.toFixed(0)} MiB before, peak ${after.peak.toFixed(0)} MiB`);

  // Still serving, to a page with a new link.
  for (const socket of opened) socket.destroy();
  const page = await fetch(`${origin}/`, { signal: AbortSignal.timeout(startTimeoutMs) });
  expect(page.status).toBe(200);
  const socket = new WebSocket(`ws://${host}/socket`, { origin, headers: { cookie } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const reply = new Promise<string>((resolve) =>
    socket.once('message', (data) => resolve(String(data))),
  );
  socket.send(JSON.stringify({ id: 1, channel: 'ppv.status', input: {} }));
  expect(JSON.parse(await reply)).toMatchObject({ id: 1, result: { ok: true } });
  socket.close();
}, 60_000);
