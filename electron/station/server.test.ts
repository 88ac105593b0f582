import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createHarness, TEST_PIN, type Harness } from '../core/testing/harness';
import { socketPath, startStationServer, type StationServer } from './server';

/** Bounds every wait on the network: a test fails rather than hangs. */
const ioTimeoutMs = 5_000;

let harness: Harness;
let folder: string;
let rendererDir: string;
let station: StationServer;
/** Every connection id the server dispatched for, in order of first call. */
let connections: string[];
/** Told of each connection the server ends. */
let onEnded: (connectionId: string) => void;

beforeEach(async () => {
  harness = createHarness();
  harness.setUpPpv();
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-station-'));
  rendererDir = path.join(folder, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(folder, 'outside.txt'), 'not for the page');
  symlinkSync(path.join(folder, 'outside.txt'), path.join(rendererDir, 'linked.txt'));
  connections = [];
  onEnded = () => undefined;
  const { app } = harness;
  station = await startStationServer({
    app: {
      dispatch: (channel, input, context) => {
        if (!connections.includes(context.connectionId)) connections.push(context.connectionId);
        return app.dispatch(channel, input, context);
      },
      onEvent: app.onEvent,
      endConnection: (connectionId) => {
        app.endConnection(connectionId);
        onEnded(connectionId);
      },
    },
    rendererDir,
    stationId: 'station-test',
  });
});

afterEach(async () => {
  await station.close();
  harness.close();
  rmSync(folder, { recursive: true, force: true });
});

interface Reply {
  id: unknown;
  result: { ok: boolean; value?: unknown; error?: { code: string } };
}

/** A socket client: calls by id, and the events it has received. */
class Client {
  private nextId = 1;
  readonly events: Array<{ event: string; payload: unknown }> = [];
  private readonly replies: Reply[] = [];
  private readonly waiters: Array<() => void> = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Reply & { event?: string; payload?: unknown };
      if (typeof message.event === 'string') {
        this.events.push({ event: message.event, payload: message.payload });
      } else {
        this.replies.push(message);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  async call(channel: string, input: unknown = {}): Promise<Reply['result']> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, channel, input }));
    return (await this.until(() => this.replies.find((reply) => reply.id === id))).result;
  }

  nextReply(): Promise<Reply> {
    const seen = this.replies.length;
    return this.until(() => this.replies[seen]);
  }

  /** Resolves with the first truthy `found()`, checked after each message; bounded in time. */
  until<T>(found: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message in time')), ioTimeoutMs);
      const check = () => {
        const value = found();
        if (value === undefined) {
          this.waiters.push(check);
          return;
        }
        clearTimeout(timer);
        resolve(value);
      };
      check();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Opens a socket to the station, or gives the HTTP status that refused it. */
function connect(
  options: { key?: string; origin?: string | null; path?: string } = {},
): Promise<Client | number> {
  const key = options.key ?? station.secret;
  const url = `${station.origin.replace('http', 'ws')}${options.path ?? socketPath}?key=${key}`;
  const origin = options.origin === undefined ? station.origin : options.origin;
  const socket = new WebSocket(url, origin === null ? {} : { origin });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to the upgrade')), ioTimeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(new Client(socket));
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}

async function connected(): Promise<Client> {
  const client = await connect();
  if (typeof client === 'number') throw new Error(`the upgrade was refused with ${client}`);
  return client;
}

/** A GET with the path sent exactly as written (fetch would normalise it) and any Host header. */
function get(
  pathAsSent: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(station.origin);
  return new Promise((resolve, reject) => {
    const sent = request({ hostname, port, path: pathAsSent, method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    sent.setTimeout(ioTimeoutMs, () => sent.destroy(new Error('no answer in time')));
    sent.on('error', reject);
    sent.end();
  });
}

describe('the station server: who may open a socket', () => {
  it('prints a page URL on 127.0.0.1 carrying a 32-byte base64url secret', () => {
    expect(station.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(station.url).toBe(`${station.origin}/?key=${station.secret}`);
    expect(Buffer.from(station.secret, 'base64url')).toHaveLength(32);
  });

  it('refuses a wrong or missing secret with 403', async () => {
    // One character off: a key ending in A gets B instead, so the key is always wrong.
    const last = station.secret.slice(-1) === 'A' ? 'B' : 'A';
    expect(await connect({ key: `${station.secret.slice(0, -1)}${last}` })).toBe(403);
    expect(await connect({ key: '' })).toBe(403);
    expect(typeof (await connect())).toBe('object');
  });

  it('refuses a foreign Origin, and none, with 403', async () => {
    expect(await connect({ origin: 'http://evil.example' })).toBe(403);
    expect(await connect({ origin: `http://localhost:${new URL(station.origin).port}` })).toBe(403);
    expect(await connect({ origin: null })).toBe(403);
  });

  it('opens sockets only at the socket path', async () => {
    expect(await connect({ path: '/other' })).toBe(404);
  });

  it('answers an upgrade with an unparsable target with 404, and keeps serving', async () => {
    const { hostname, port } = new URL(station.origin);
    const answer = await new Promise<string>((resolve, reject) => {
      const tcp = connectTcp(Number(port), hostname, () =>
        tcp.write(
          `GET http://[ HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${station.origin}\r\n` +
            'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        ),
      );
      let received = '';
      tcp.setTimeout(ioTimeoutMs, () => tcp.destroy(new Error('no answer in time')));
      tcp.on('data', (chunk) => (received += String(chunk)));
      tcp.on('end', () => resolve(received));
      tcp.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(typeof (await connect())).toBe('object');
  });
});

describe('the station server: calls and events', () => {
  it('refuses a call without sign-in with UNAUTHENTICATED', async () => {
    const client = await connected();
    expect(await client.call('auth.session')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('runs a signed-in call through the dispatcher, and pushes its events to every socket', async () => {
    const admin = await connected();
    const other = await connected();
    expect(await admin.call('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN })).toMatchObject(
      { ok: true, value: { staffId: 'ADMIN01' } },
    );
    const settings = {
      cardReader: null,
      serialPath: '/dev/ttyUSB0',
      serialBaudRate: 9600,
      serialTerminator: 'CR',
      hid: null,
    };
    expect(await admin.call('device.updateSettings', settings)).toEqual({
      ok: true,
      value: settings,
    });
    const changed = (client: Client) =>
      client.until(() => client.events.find((e) => e.event === 'device.settingsChanged'));
    expect(await changed(admin)).toEqual({ event: 'device.settingsChanged', payload: settings });
    expect(await changed(other)).toEqual({ event: 'device.settingsChanged', payload: settings });
    expect(await other.call('device.settings')).toMatchObject({
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('answers a malformed message with STATION_MESSAGE_INVALID and keeps the socket', async () => {
    const client = await connected();
    const malformed = [
      'not json',
      '[1, 2]',
      JSON.stringify({ id: 1, input: {} }),
      JSON.stringify({ id: { nested: true }, channel: 'auth.session', input: {} }),
    ];
    for (const text of malformed) {
      const reply = client.nextReply();
      client.sendRaw(text);
      expect(await reply).toMatchObject({
        id: null,
        result: { ok: false, error: { code: 'STATION_MESSAGE_INVALID' } },
      });
    }
    const binary = client.nextReply();
    client.sendRaw(Buffer.from(JSON.stringify({ id: 9, channel: 'ppv.status', input: {} })));
    expect((await binary).result).toMatchObject({ error: { code: 'STATION_MESSAGE_INVALID' } });
    expect(await client.call('no.such.channel')).toMatchObject({
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(
      await client.call('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN }),
    ).toMatchObject({ ok: true });
  });

  it('gives each socket its own session, and ends it when the socket closes', async () => {
    const first = await connected();
    const second = await connected();
    await first.call('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    expect(await second.call('auth.session')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const [firstConnection] = connections;
    if (firstConnection === undefined) throw new Error('no call reached the dispatcher');
    expect(harness.call(firstConnection, 'auth.session', {})).toMatchObject({ ok: true });

    const ended = new Promise<string>((resolve, reject) => {
      setTimeout(() => reject(new Error('the connection did not end in time')), ioTimeoutMs);
      onEnded = resolve;
    });
    await first.close();
    expect(await ended).toBe(firstConnection);
    expect(harness.refused(firstConnection, 'auth.session', {})).toBe('UNAUTHENTICATED');
  });
});

describe('the station server: static files', () => {
  it('serves the renderer build with its security headers', async () => {
    const page = await get('/?key=anything');
    expect(page.status).toBe(200);
    expect(page.body).toContain('PPV Console');
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    });
    const script = await get('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    '/../outside.txt',
    '/..%2foutside.txt',
    '/%2e%2e/outside.txt',
    '/assets/..%2f..%2foutside.txt',
    '/linked.txt',
    '/assets',
    '/missing.js',
    '/%00',
    '/%E0%A4%A',
  ])('does not serve %s', async (pathAsSent) => {
    const response = await get(pathAsSent);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('not for the page');
  });

  it('answers only GET and HEAD, and only to its own host name', async () => {
    expect((await get('/', {}, 'POST')).status).toBe(405);
    expect((await get('/', {}, 'HEAD')).status).toBe(200);
    expect(
      (await get('/', { host: `rebound.example:${new URL(station.origin).port}` })).status,
    ).toBe(403);
  });
});
