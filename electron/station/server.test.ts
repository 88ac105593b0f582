import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { manualClock, type ManualClock } from '../core/shared/clock';
import type { Logger } from '../core/shared/log';
import { createHarness, HOUR, TEST_PIN, type Harness } from '../core/testing/harness';
import { nthRecipient, openWalkIn, PPV_SETTINGS } from '../core/testing/scenario';
import {
  defaultLimits,
  socketPath,
  startStationServer,
  type StationLimits,
  type StationServer,
  type StationServerOptions,
} from './server';
import { STATION_FAILURES_PER_MINUTE } from '../core/auth/attempts';
import { REFUSAL_BUDGET } from '../core/dispatch/dispatcher';

/**
 * Bounds every wait on the network: a test fails rather than hangs. Generous, since a socket left
 * unread must first fill the kernel's buffers with thousands of answers, which on a loaded 2-core
 * machine took more than 5 s; still under vitest's 30 s per test.
 */
const ioTimeoutMs = 20_000;

let harness: Harness;
let folder: string;
let rendererDir: string;
let station: StationServer;
let clock: ManualClock;
/** The key cookie a page gets from this station (exchanged once per test, before any socket). */
let keyCookie: string;
/** Every connection id the server dispatched for, in order of first call. */
let connections: string[];
/** Every station id the server dispatched with, by connection id. */
let stations: Map<string, string>;
/** Told of each connection the server ends. */
let onEnded: (connectionId: string) => void;
/** What the server logged, and who waits for the next line. */
let logged: Array<{ event: string; fields: Record<string, unknown> }>;
let logWaiters: Array<() => void>;
/** Runs the server's ping round, as its 30-second timer would. */
let beat: () => void;

async function startStation(
  extra: Partial<Omit<StationServerOptions, 'limits'>> & { limits?: Partial<StationLimits> } = {},
): Promise<StationServer> {
  const { app } = harness;
  const record = (event: string, fields: Record<string, unknown> = {}) => {
    logged.push({ event, fields });
    for (const wake of logWaiters.splice(0)) wake();
  };
  const log: Logger = { info: record, error: record };
  return startStationServer({
    app: {
      dispatch: (channel, input, context) => {
        if (!connections.includes(context.connectionId)) connections.push(context.connectionId);
        stations.set(context.connectionId, context.stationId);
        return app.dispatch(channel, input, context);
      },
      onEventFor: app.onEventFor,
      settleRequests: app.settleRequests,
      endConnection: (connectionId) => {
        app.endConnection(connectionId);
        onEnded(connectionId);
      },
    },
    rendererDir,
    stationId: 'station-test',
    clock,
    log,
    heartbeat: (runRound) => {
      beat = runRound;
      return () => undefined;
    },
    ...extra,
  });
}

beforeEach(async () => {
  harness = createHarness();
  await harness.setUpPpv();
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-station-'));
  rendererDir = path.join(folder, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(folder, 'outside.txt'), 'not for the page');
  symlinkSync(path.join(folder, 'outside.txt'), path.join(rendererDir, 'linked.txt'));
  connections = [];
  stations = new Map();
  onEnded = () => undefined;
  logged = [];
  logWaiters = [];
  clock = manualClock(0);
  station = await startStation();
  keyCookie = await exchange(station.issuePageUrl());
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

/** Resolves with the first truthy `found()`, checked whenever `wake` is called; bounded in time. */
function until<T>(
  found: () => T | undefined,
  waiters: Array<() => void>,
  what = 'no such message in time',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(what)), ioTimeoutMs);
    const check = () => {
      const value = found();
      if (value === undefined) {
        waiters.push(check);
        return;
      }
      clearTimeout(timer);
      resolve(value);
    };
    check();
  });
}

/** A socket client: calls by id, and the events it has received. */
class Client {
  private nextId = 1;
  readonly events: Array<{ event: string; payload: unknown }> = [];
  private readonly replies: Reply[] = [];
  private readonly waiters: Array<() => void> = [];
  closeCode: number | null = null;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Reply & { event?: string; payload?: unknown };
      if (typeof message.event === 'string') {
        this.events.push({ event: message.event, payload: message.payload });
      } else {
        this.replies.push(message);
      }
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
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

  until<T>(found: () => T | undefined): Promise<T> {
    return until(found, this.waiters);
  }

  /** The close code once the server has closed the socket. */
  closed(): Promise<number> {
    return this.until(() => this.closeCode ?? undefined);
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
  options: {
    cookie?: string | null;
    origin?: string | null;
    path?: string;
    socket?: ClientOptions;
  } = {},
): Promise<Client | number> {
  const cookie = options.cookie === undefined ? keyCookie : options.cookie;
  const url = `${station.origin.replace('http', 'ws')}${options.path ?? socketPath}`;
  const origin = options.origin === undefined ? station.origin : options.origin;
  const socket = new WebSocket(url, {
    ...(origin === null ? {} : { origin }),
    ...(cookie === null ? {} : { headers: { cookie } }),
    ...options.socket,
  });
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

async function connected(options: Parameters<typeof connect>[0] = {}): Promise<Client> {
  const client = await connect(options);
  if (typeof client === 'number') throw new Error(`the upgrade was refused with ${client}`);
  return client;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET with the path sent exactly as written (fetch would normalise it) and any Host header. */
function get(
  pathAsSent: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
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

/** Opens a page link as a browser would, and gives the cookie it was handed (`name=value`). */
async function exchange(pageUrl: string): Promise<string> {
  const url = new URL(pageUrl);
  const answer = await get(`${url.pathname}${url.search}`);
  const [cookie] = answer.headers['set-cookie'] ?? [];
  if (answer.status !== 303 || cookie === undefined) {
    throw new Error(`the link was refused with ${answer.status}`);
  }
  return cookie.split(';')[0] ?? '';
}

/** A TCP connection to the station: what it has received, and whether the server has closed it. */
interface RawConnection {
  tcp: Socket;
  received(): string;
  /** Resolves once `pattern` has arrived. */
  receivedMatching(pattern: RegExp): Promise<string>;
  ended: Promise<void>;
}

function rawConnection(): Promise<RawConnection> {
  const { hostname, port } = new URL(station.origin);
  return new Promise((resolve, reject) => {
    let received = '';
    const waiters: Array<() => void> = [];
    const tcp = connectTcp(Number(port), hostname, () =>
      resolve({
        tcp,
        received: () => received,
        receivedMatching: (pattern) =>
          until(() => (pattern.test(received) ? received : undefined), waiters, `no ${pattern}`),
        ended,
      }),
    );
    const ended = new Promise<void>((resolveEnd, rejectEnd) => {
      const timer = setTimeout(() => rejectEnd(new Error('still open')), ioTimeoutMs);
      tcp.once('close', () => {
        clearTimeout(timer);
        resolveEnd();
      });
    });
    ended.catch(() => undefined);
    tcp.on('data', (chunk) => {
      received += String(chunk);
      for (const wake of waiters.splice(0)) wake();
    });
    tcp.on('error', () => undefined);
    tcp.once('error', reject);
  });
}

/** A masked client text frame (the mask is all zeros, so the payload goes as it is). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error('a short frame only');
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/** What the server logged as it closed a connection for `reason`, once it has. */
function closedFor(reason: string): Promise<Record<string, unknown>> {
  const found = () =>
    logged.find(
      (line) => line.event === 'station.connectionClosed' && line.fields['reason'] === reason,
    )?.fields;
  return until(found, logWaiters, `nothing logged for ${reason}`);
}

function endedConnection(): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    setTimeout(() => reject(new Error('the connection did not end in time')), ioTimeoutMs);
    onEnded = resolve;
  });
}

const signIn = { staffId: 'ADMIN01', secret: TEST_PIN };
const settings = {
  cardReader: null,
  serialPath: '/dev/ttyUSB0',
  serialBaudRate: 9600,
  serialTerminator: 'CR',
  hid: null,
};

describe('the station server: the page’s key', () => {
  it('gives one-time page links on 127.0.0.1 that carry a code, never the key', () => {
    const first = station.issuePageUrl();
    const second = station.issuePageUrl();
    expect(station.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first).toMatch(new RegExp(`^${station.origin}/\\?code=[\\w-]{22}$`));
    expect(second).not.toBe(first);
    const key = keyCookie.split('=')[1] ?? '';
    expect(first).not.toContain(key);
  });

  it('trades a code for the key in an HttpOnly, SameSite=Strict cookie, and a 303 to /', async () => {
    const url = new URL(station.issuePageUrl());
    const answer = await get(`/${url.search}`);
    const { port } = url;
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['set-cookie']).toEqual([
      expect.stringMatching(
        new RegExp(`^ppv-station-key-${port}=[\\w-]{43}; HttpOnly; SameSite=Strict; Path=/$`),
      ),
    ]);
    const key = answer.headers['set-cookie']?.[0]?.split(/[=;]/)[1] ?? '';
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(typeof (await connect({ cookie: `ppv-station-key-${port}=${key}` }))).toBe('object');
  });

  it('takes a code once: the second use gets no cookie, in Malay and English', async () => {
    const url = new URL(station.issuePageUrl());
    expect((await get(`/${url.search}`)).status).toBe(303);
    const again = await get(`/${url.search}`);
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('Pautan ini telah digunakan');
    expect(again.body).toContain('This link has already been used');
    expect((await get('/?code=made-up-code-of-22-chr')).status).toBe(403);
  });

  it('lets a code expire after its lifetime', async () => {
    const justInTime = new URL(station.issuePageUrl());
    const tooLate = new URL(station.issuePageUrl());
    clock.advance(defaultLimits.codeLifetimeMs - 1);
    expect((await get(`/${justInTime.search}`)).status).toBe(303);
    clock.advance(1);
    expect((await get(`/${tooLate.search}`)).status).toBe(403);
  });

  it('opens a socket only with the key cookie: none, a wrong one, or the key in the address are refused', async () => {
    const [name, key = ''] = keyCookie.split('=');
    // One character off: a key ending in A gets B instead, so the key is always wrong.
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await connect({ cookie: null })).toBe(403);
    expect(await connect({ cookie: `${name}=${wrong}` })).toBe(403);
    expect(await connect({ cookie: `ppv-station-key-1=${key}` })).toBe(403);
    expect(await connect({ cookie: null, path: `${socketPath}?key=${key}` })).toBe(403);
    expect(typeof (await connect({ cookie: `theme=dark; ${keyCookie}` }))).toBe('object');
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
    const { tcp, received, ended } = await rawConnection();
    tcp.write(
      `GET http://[ HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${station.origin}\r\n` +
        'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await ended;
    expect(received()).toMatch(/^HTTP\/1\.1 404 /);
    expect(typeof (await connect())).toBe('object');
  });

  it('over HTTPS, marks the cookie Secure and opens the socket over WSS', async () => {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
        ...['-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1'],
        ...['-keyout', path.join(folder, 'key.pem'), '-out', path.join(folder, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(path.join(folder, 'cert.pem'));
    const secure = await startStation({
      tls: { key: readFileSync(path.join(folder, 'key.pem')), cert },
    });
    try {
      expect(secure.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const link = new URL(secure.issuePageUrl());
      const setCookie = await new Promise<string | undefined>((resolve, reject) => {
        const sent = httpsRequest(link, { ca: cert }, (response) => {
          response.resume();
          resolve(response.headers['set-cookie']?.[0]);
        });
        sent.on('error', reject);
        sent.end();
      });
      expect(setCookie).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Secure$/);
      const socket = new WebSocket(`wss://${link.host}${socketPath}`, {
        ca: cert,
        origin: secure.origin,
        headers: { cookie: setCookie?.split(';')[0] ?? '' },
      });
      const client = new Client(socket);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      expect(await client.call('ppv.status')).toMatchObject({ ok: true });
      await client.close();
    } finally {
      await secure.close();
    }
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

  it('runs a signed-in call through the dispatcher, and pushes its events to signed-in sockets only', async () => {
    const admin = await connected();
    const colleague = await connected();
    const stranger = await connected();
    expect(await admin.call('auth.signIn', signIn)).toMatchObject({
      ok: true,
      value: { staffId: 'ADMIN01' },
    });
    expect(await colleague.call('auth.signIn', signIn)).toMatchObject({ ok: true });
    expect(await admin.call('device.updateSettings', settings)).toEqual({
      ok: true,
      value: settings,
    });
    const changed = (client: Client) =>
      client.until(() => client.events.find((e) => e.event === 'device.settingsChanged'));
    expect(await changed(admin)).toEqual({ event: 'device.settingsChanged', payload: settings });
    expect(await changed(colleague)).toEqual({
      event: 'device.settingsChanged',
      payload: settings,
    });
    // Its answer comes after anything the server sent it before: it was sent no event.
    expect(await stranger.call('device.settings')).toMatchObject({
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(stranger.events).toEqual([]);
  });

  it('sends session.locked only to the socket it locks, asked for or idle', async () => {
    const first = await connected();
    const second = await connected();
    await first.call('auth.signIn', signIn);
    await second.call('auth.signIn', signIn);
    expect(await first.call('auth.lock')).toMatchObject({ ok: true });
    expect(first.events).toEqual([{ event: 'session.locked', payload: { reason: 'requested' } }]);

    harness.clock.advance(HOUR);
    expect(await second.call('user.list')).toMatchObject({ error: { code: 'SESSION_LOCKED' } });
    expect(second.events).toEqual([{ event: 'session.locked', payload: { reason: 'idle' } }]);
    expect(await first.call('auth.session')).toMatchObject({ ok: true });
    expect(first.events).toHaveLength(1);
  });

  it('audits each socket as a station of its own, with its address', async () => {
    const first = await connected();
    const second = await connected();
    await first.call('auth.signIn', signIn);
    await second.call('auth.signIn', signIn);
    const audited = harness.db.sqlite
      .prepare<[], { station: string }>(
        "SELECT station FROM audit_log WHERE action = 'auth.signIn' ORDER BY seq DESC LIMIT 2",
      )
      .all()
      .map((row) => row.station);
    expect(audited).toHaveLength(2);
    for (const entry of audited) expect(entry).toMatch(/^station-test\/[0-9a-f]{12}@127\.0\.0\.1$/);
    expect(audited[0]).not.toBe(audited[1]);
    expect([...stations.values()].sort()).toEqual([...audited].sort());
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
    expect(await client.call('auth.signIn', signIn)).toMatchObject({ ok: true });
  });

  it('gives each socket its own session, and ends it when the socket closes', async () => {
    const first = await connected();
    const second = await connected();
    await first.call('auth.signIn', signIn);
    expect(await second.call('auth.session')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const [firstConnection] = connections;
    if (firstConnection === undefined) throw new Error('no call reached the dispatcher');
    expect(harness.call(firstConnection, 'auth.session', {})).toMatchObject({ ok: true });

    const ended = endedConnection();
    await first.close();
    expect(await ended).toBe(firstConnection);
    expect(harness.refused(firstConnection, 'auth.session', {})).toBe('UNAUTHENTICATED');
  });
});

describe('the station server: state events', () => {
  it('reach a socket as the latest of a run, and before the reply that follows them', async () => {
    await harness.staff('mgr', ['manager'], 'MGR01');
    await harness.staff('desk', ['clerk'], 'CLERK01');
    openWalkIn(harness);
    const client = await connected();
    expect((await client.call('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN })).ok).toBe(
      true,
    );
    const queueCounts = () =>
      client.events
        .filter((e) => e.event === 'queue.changed')
        .map((e) => (e.payload as { waiting: number }).waiting);

    // Five registrations at the hub in a row: the screen needs the last count, not each step.
    for (let index = 1; index <= 5; index += 1) {
      harness.ok('desk', 'recipient.register', nthRecipient(index));
    }
    await client.until(() => (queueCounts().length > 0 ? true : undefined));
    expect(queueCounts()).toEqual([5]);

    // A change waiting to go is sent before the answer to the socket's next call.
    harness.ok('desk', 'recipient.register', nthRecipient(6));
    expect((await client.call('auth.session')).ok).toBe(true);
    expect(queueCounts()).toEqual([5, 6]);
  });
});

describe('the station server: a socket refused too often', () => {
  it('is dropped by the server, its session ended', async () => {
    const client = await connected();
    const closed = new Promise<void>((resolve) => client.socket.once('close', () => resolve()));
    for (let index = 0; index < REFUSAL_BUDGET; index += 1) {
      expect(await client.call('queue.list')).toMatchObject({
        error: { code: 'UNAUTHENTICATED' },
      });
    }
    client.sendRaw(JSON.stringify({ id: 'one-too-many', channel: 'queue.list', input: {} }));
    expect(await closedFor('refusals')).toMatchObject({ reason: 'refusals' });
    await closed;
    const other = await connected();
    expect(await other.call('ppv.status')).toMatchObject({ ok: true });
  });
});

describe('the station server: guesses from many sockets', () => {
  it('counts the sockets from one address as one station for the sign-in throttle', async () => {
    const wrong = { staffId: 'ADMIN01', secret: '000000' };
    for (let socket = 0; socket < STATION_FAILURES_PER_MINUTE / 5; socket += 1) {
      const client = await connected();
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect(await client.call('auth.signIn', wrong)).toMatchObject({ ok: false });
      }
    }
    const fresh = await connected();
    expect(await fresh.call('auth.signIn', signIn)).toMatchObject({
      error: { code: 'SIGN_IN_THROTTLED' },
    });
  });
  it('counts the hub’s pages from every loopback address as one station: five guesses at an approval, not five an address', async () => {
    await harness.staff('mgr', ['manager'], 'MGR01');
    const approval = (secret: string) => ({
      ...PPV_SETTINGS,
      approval: { staffId: 'MGR01', secret },
    });
    const codes: unknown[] = [];
    for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6']) {
      const client = await connected({ socket: { localAddress: address } });
      expect(await client.call('auth.signIn', signIn)).toMatchObject({ ok: true });
      const result = await client.call('ppv.updateSettings', approval('900000'));
      codes.push(result.ok ? 'ok' : result.error?.code);
    }
    expect(codes).toEqual([...Array(4).fill('APPROVAL_FAILED'), 'APPROVAL_DELAYED']);
  });
});

describe('the station server: under abuse', () => {
  it('closes a socket that sends a message over the limit (1009), and keeps the others', async () => {
    const client = await connected();
    const other = await connected();
    const underLimit = JSON.stringify({ id: 1, channel: 'ppv.status', input: {} }).padEnd(
      defaultLimits.maxMessageBytes,
      ' ',
    );
    const reply = client.nextReply();
    client.sendRaw(underLimit);
    expect((await reply).result).toMatchObject({ ok: true });
    client.sendRaw(`${underLimit} `);
    expect(await client.closed()).toBe(1009);
    expect(await closedFor('oversized')).toMatchObject({ connection: expect.any(String) });
    expect(await other.call('ppv.status')).toMatchObject({ ok: true });
  });

  it('closes a socket that leaves its replies unread past the limit, and ends its session', async () => {
    await station.close();
    station = await startStation({ limits: { maxUnreadBytes: 256 * 1024 } });
    keyCookie = await exchange(station.issuePageUrl());
    const { tcp, receivedMatching } = await rawConnection();
    tcp.write(
      `GET ${socketPath} HTTP/1.1\r\nHost: ${new URL(station.origin).host}\r\n` +
        `Origin: ${station.origin}\r\nCookie: ${keyCookie}\r\nConnection: Upgrade\r\n` +
        'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(await receivedMatching(/\r\n\r\n/)).toMatch(/^HTTP\/1\.1 101 /);
    const ended = endedConnection();
    // Never read again; each call is answered (a refused one would close the socket for refusals).
    tcp.pause();
    const call = clientFrame(JSON.stringify({ id: 1, channel: 'ppv.status', input: {} }));
    tcp.write(Buffer.concat(Array.from({ length: 40_000 }, () => call)));
    expect(await closedFor('unread')).toMatchObject({ connection: expect.any(String) });
    expect(connections).toContain(await ended);
    tcp.destroy();
  });

  it('pings sockets and closes one that does not answer by the next round', async () => {
    const answering = await connected();
    const silent = await connected({ socket: { autoPong: false } });
    await silent.call('auth.signIn', signIn);
    const silentConnection = connections.at(-1);
    const pinged = new Promise((resolve) => answering.socket.once('ping', resolve));
    const ended = endedConnection();
    beat();
    await pinged;
    // The pong went out before this call, so the server has it by the time the call is answered.
    expect(await answering.call('ppv.status')).toMatchObject({ ok: true });
    beat();
    expect(await silent.closed()).toBe(1006);
    expect(await ended).toBe(silentConnection);
    expect(await closedFor('heartbeat')).toMatchObject({ connection: expect.any(String) });
    expect(await answering.call('ppv.status')).toMatchObject({ ok: true });
  });

  it('drops connections over its cap, and takes new ones as others close', async () => {
    await station.close();
    // A known key, so that no page link's exchange holds one of the two places.
    const secret = 'k'.repeat(43);
    station = await startStation({ limits: { maxConnections: 2 }, secret });
    keyCookie = `ppv-station-key-${new URL(station.origin).port}=${secret}`;
    const first = await connected();
    const second = await rawConnection();
    const third = await rawConnection();
    third.tcp.write(`GET / HTTP/1.1\r\nHost: ${new URL(station.origin).host}\r\n\r\n`);
    await third.ended;
    expect(third.received()).toBe('');

    const ended = endedConnection();
    await first.close();
    await ended;
    expect(await (await connected()).call('ppv.status')).toMatchObject({ ok: true });
    second.tcp.destroy();
  });

  it('answers 408 and closes a connection that sends its headers too slowly, or nothing', async () => {
    await station.close();
    station = await startStation({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    const idle = await rawConnection();
    const slow = await rawConnection();
    slow.tcp.write(`GET / HTTP/1.1\r\nHost: ${new URL(station.origin).host}\r\n`);
    const trickle = setInterval(() => slow.tcp.write('X-Padding: a\r\n'), 50);
    try {
      await Promise.all([idle.ended, slow.ended]);
    } finally {
      clearInterval(trickle);
    }
    expect(idle.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose request body trickles past the request timeout', async () => {
    await station.close();
    station = await startStation({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    const slow = await rawConnection();
    slow.tcp.write(
      `POST / HTTP/1.1\r\nHost: ${new URL(station.origin).host}\r\nContent-Length: 1000\r\n\r\n`,
    );
    const trickle = setInterval(() => slow.tcp.write('a'), 50);
    try {
      await slow.ended;
    } finally {
      clearInterval(trickle);
    }
    expect(slow.received()).toMatch(/^HTTP\/1\.1 405 [\s\S]*HTTP\/1\.1 408 /);
  });

  it('closes a connection that stops reading the file it asked for', async () => {
    await station.close();
    station = await startStation({ limits: { stalledTimeoutMs: 300 } });
    writeFileSync(path.join(rendererDir, 'assets', 'large.js'), Buffer.alloc(32 * 1024 * 1024));
    const reader = await rawConnection();
    reader.tcp.pause();
    reader.tcp.write(
      `GET /assets/large.js HTTP/1.1\r\nHost: ${new URL(station.origin).host}\r\n\r\n`,
    );
    expect(await closedFor('stalled')).toEqual({ reason: 'stalled' });
    reader.tcp.destroy();
  });
});

describe('the station server: static files', () => {
  it('serves the renderer build with its security headers', async () => {
    const page = await get('/');
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
    expect(script.body).toBe('console.log("app");');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['content-length']).toBe('19');
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
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const otherHost = { host: `rebound.example:${new URL(station.origin).port}` };
    expect((await get('/', otherHost)).status).toBe(403);
    const link = new URL(station.issuePageUrl());
    expect((await get(`/${link.search}`, otherHost)).status).toBe(403);
    expect((await get(`/${link.search}`)).status).toBe(303);
  });
});
