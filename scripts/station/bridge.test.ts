// The browser bridge (renderer/bridge/station.ts) against the real station server, over real
// sockets: `ws` stands in for the browser's WebSocket, which Node 20 lacks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createServer as createTcpServer,
  connect as tcpConnect,
  type AddressInfo,
  type Socket,
} from 'node:net';
import { WebSocket, type RawData } from 'ws';
import type { EventPayload } from '../../electron/contract';
import type { CallContext } from '../../electron/core/dispatch/types';
import { silentLogger } from '../../electron/core/shared/log';
import { createHarness, TEST_PIN, type Harness } from '../../electron/core/testing/harness';
import { startStationServer, type StationServer } from '../../electron/station/server';
import {
  createStationBridge,
  type OpenSocket,
  type StationBridge,
} from '../../renderer/bridge/station';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ioTimeoutMs = 5_000;

let harness: Harness;
let rendererDir: string;
let station: StationServer;
let bridge: StationBridge;
/** Set by a test: runs when the server receives a call, before the dispatcher answers it. */
let beforeAnswer: ((channel: string) => Promise<void>) | null;
/** Set by a test: runs once the dispatcher has answered a call, before the answer is sent. */
let afterAnswer: ((channel: string) => Promise<void>) | null;
/** What the bridge told its page's `station.link` listeners. */
let links: Array<EventPayload<'station.link'>>;
let onLink: () => void;
let connectionChanges: boolean[];
let onConnectionChange: () => void;

/** A browser's socket: from the page's origin, carrying the cookie the page's link left. */
const nodeSocket =
  (origin: string, cookie: string): OpenSocket =>
  (url, handlers) => {
    const socket = new WebSocket(url, { origin, headers: { cookie } });
    socket.on('open', () => handlers.open());
    socket.on('message', (data) => handlers.message(String(data)));
    socket.on('close', () => handlers.close());
    socket.on('error', () => undefined);
    return { send: (text) => socket.send(text), close: () => socket.close() };
  };

/** The launch's key, kept across a restart on the same port as a browser's cookie would be. */
const secret = 'bridge-test-key-'.padEnd(43, 'k');

function start(port = 0): Promise<StationServer> {
  const { app } = harness;
  return startStationServer({
    app: {
      dispatch: async (channel: string, input: unknown, context: CallContext) => {
        await beforeAnswer?.(channel);
        const result = await app.dispatch(channel, input, context);
        await afterAnswer?.(channel);
        return result;
      },
      onEventFor: app.onEventFor,
      settleRequests: app.settleRequests,
      endConnection: app.endConnection,
    },
    rendererDir,
    port,
    stationId: 'station-test',
    secret,
    log: silentLogger,
  });
}

/** A bridge whose connection changes land in `connectionChanges` (a closed bridge's do not). */
function openBridge(key = secret, refused = false): StationBridge {
  const changes: boolean[] = [];
  connectionChanges = changes;
  const cookie = `ppv-station-key-${new URL(station.origin).port}=${key}`;
  const opened = createStationBridge({
    socketUrl: `${station.origin.replace('http', 'ws')}/socket`,
    openSocket: nodeSocket(station.origin, cookie),
    backoff: { firstMs: 20, maxMs: 200 },
    onConnectionChange: (connected) => {
      changes.push(connected);
      if (connectionChanges === changes) onConnectionChange();
    },
    isRefused: () => Promise.resolve(refused),
  });
  const told: Array<EventPayload<'station.link'>> = [];
  links = told;
  opened.api.on('station.link', (link) => {
    told.push(link);
    if (links === told) onLink();
  });
  return opened;
}

/** The PPV's hourly read quota as the database holds it. */
function readQuota(): number | undefined {
  return harness.db.sqlite
    .prepare<[], { quota: number }>('SELECT recipient_reads_per_hour AS quota FROM ppv_settings')
    .get()?.quota;
}

/** Waits (bounded) until the bridge has told its page `count` link changes. */
function linkTold(count: number): Promise<Array<EventPayload<'station.link'>>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no station.link in time')), ioTimeoutMs);
    onLink = () => {
      if (links.length < count) return;
      clearTimeout(timer);
      resolve(links);
    };
    onLink();
  });
}

/** Waits (bounded) until the bridge has reported `count` connection changes. */
function connectionChange(count: number): Promise<boolean[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connection change in time')), ioTimeoutMs);
    onConnectionChange = () => {
      if (connectionChanges.length < count) return;
      clearTimeout(timer);
      resolve(connectionChanges);
    };
    onConnectionChange();
  });
}

beforeEach(async () => {
  harness = createHarness();
  await harness.setUpPpv();
  rendererDir = mkdtempSync(path.join(tmpdir(), 'ppv-bridge-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  beforeAnswer = null;
  afterAnswer = null;
  onConnectionChange = () => undefined;
  onLink = () => undefined;
  station = await start();
  bridge = openBridge();
});

afterEach(async () => {
  bridge.close();
  await station.close();
  harness.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('the station bridge', () => {
  it('answers a call made before the socket opened, with the dispatcher’s result', async () => {
    expect(await bridge.api.invoke('auth.session', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await bridge.api.invoke('ppv.status', {})).toEqual({
      ok: true,
      value: { setUp: true, ppvCode: 'PPV-WPKL-0001', name: 'PPV Dewan Komuniti Ujian' },
    });
  });

  it('signs in, and delivers only the subscribed events until unsubscribed', async () => {
    const signedIn = await bridge.api.invoke('auth.signIn', {
      staffId: 'ADMIN01',
      secret: TEST_PIN,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { staffId: 'ADMIN01' } });
    const locked: unknown[] = [];
    const stillListening: unknown[] = [];
    const other: unknown[] = [];
    const stopLocked = bridge.api.on('session.locked', (payload) => locked.push(payload));
    bridge.api.on('session.locked', (payload) => stillListening.push(payload));
    bridge.api.on('day.changed', (payload) => other.push(payload));
    expect(await bridge.api.invoke('auth.lock', {})).toEqual({ ok: true, value: { done: true } });
    // An event is sent before the answer of the call that caused it, on the same socket.
    expect(locked).toEqual([{ reason: 'requested' }]);
    stopLocked();
    expect(await bridge.api.invoke('auth.unlock', { secret: TEST_PIN })).toMatchObject({
      ok: true,
    });
    expect(await bridge.api.invoke('auth.lock', {})).toMatchObject({ ok: true });
    expect(stillListening).toHaveLength(2);
    expect(locked).toHaveLength(1);
    expect(other).toEqual([]);
  });

  it('answers STATION_DISCONNECTED for a call in flight when the socket is lost, HUB_GONE while it is down, then reconnects to a new session', async () => {
    await connectionChange(1);
    const { port } = new URL(station.origin);
    await bridge.api.invoke('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    beforeAnswer = async (channel) => {
      if (channel === 'auth.session') await station.close();
    };
    const inFlight = await bridge.api.invoke('auth.session', {});
    expect(inFlight).toMatchObject({ ok: false, error: { code: 'STATION_DISCONNECTED' } });
    if (inFlight.ok) throw new Error('unreachable');
    expect(inFlight.error.message.ms).toContain('Sambungan ke konsol terputus');
    expect(inFlight.error.message.en).toContain('The connection to the console was lost');
    // Made while the link is down: not sent, and said so in both languages.
    const meanwhile = await bridge.api.invoke('ppv.status', {});
    expect(meanwhile).toMatchObject({ ok: false, error: { code: 'HUB_GONE' } });
    if (meanwhile.ok) throw new Error('unreachable');
    expect(meanwhile.error.message.ms).toContain('Hab tidak dapat dihubungi');
    expect(meanwhile.error.message.en).toContain('The hub cannot be reached');

    beforeAnswer = null;
    station = await start(Number(port));
    expect(await connectionChange(3)).toEqual([true, false, true]);
    // A read was all that was in flight: nothing to settle.
    expect(await linkTold(2)).toEqual([
      { connected: false, refused: false, settled: [] },
      { connected: true, refused: false, settled: [] },
    ]);
    expect(await bridge.api.invoke('auth.session', {})).toMatchObject({
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await bridge.api.invoke('ppv.status', {})).toMatchObject({ ok: true });
  });

  it('says a write in flight when the socket was lost was not saved, when the server never ran it', async () => {
    const { port } = new URL(station.origin);
    await bridge.api.invoke('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    beforeAnswer = async (channel) => {
      if (channel === 'ppv.setRecipientReadQuota') await station.close();
    };
    const inFlight = await bridge.api.invoke('ppv.setRecipientReadQuota', {
      recipientReadsPerHour: 500,
    });
    expect(inFlight).toMatchObject({ ok: false, error: { code: 'STATION_DISCONNECTED' } });
    beforeAnswer = null;
    station = await start(Number(port));
    expect((await linkTold(2))[1]).toEqual({
      connected: true,
      refused: false,
      settled: [{ channel: 'ppv.setRecipientReadQuota', saved: false }],
    });
    expect(readQuota()).toBe(300);
  });

  it('says a write in flight when the socket was lost was saved, when the server committed it', async () => {
    const { port } = new URL(station.origin);
    await bridge.api.invoke('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    afterAnswer = async (channel) => {
      if (channel === 'ppv.setRecipientReadQuota') await station.close();
    };
    const inFlight = await bridge.api.invoke('ppv.setRecipientReadQuota', {
      recipientReadsPerHour: 500,
    });
    expect(inFlight).toMatchObject({ ok: false, error: { code: 'STATION_DISCONNECTED' } });
    afterAnswer = null;
    station = await start(Number(port));
    expect((await linkTold(2))[1]).toEqual({
      connected: true,
      refused: false,
      settled: [{ channel: 'ppv.setRecipientReadQuota', saved: true }],
    });
    expect(readQuota()).toBe(500);
  });

  it('tells a page the server refuses apart from a server that is gone', async () => {
    bridge.close();
    bridge = openBridge(secret, true);
    await connectionChange(1);
    const { port } = new URL(station.origin);
    await station.close();
    // Its next attempt fails, and the server (as this stand-in says) refuses the page.
    expect(await linkTold(2)).toEqual([
      { connected: false, refused: false, settled: [] },
      { connected: false, refused: true, settled: [] },
    ]);
    station = await start(Number(port));
  });

  it('fails calls waiting for a socket the server refuses (wrong key in the cookie)', async () => {
    bridge.close();
    bridge = openBridge('wrong-key');
    expect(await bridge.api.invoke('ppv.status', {})).toMatchObject({
      error: { code: 'STATION_DISCONNECTED' },
    });
  });
});

/** Timers a test moves by hand: `advance` runs what falls due, in order. */
function handTimers() {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    set(run: () => void, ms: number): unknown {
      const id = nextId++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clear(timer: unknown): void {
      due.delete(timer as number);
    },
    advance(ms: number): void {
      const until = now + ms;
      for (;;) {
        const [first] = [...due.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort(([, a], [, b]) => a.at - b.at);
        if (first === undefined) break;
        due.delete(first[0]);
        now = first[1].at;
        first[1].run();
      }
      now = until;
    },
  };
}

/**
 * A TCP relay in front of the server, as the network between a desk and its hub: while silent it
 * carries nothing either way and keeps what it was given, as a frozen hub's open socket does; when
 * it speaks again it delivers what it kept, in order.
 */
async function startRelay(target: URL) {
  let silent = false;
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const carry = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      if (silent) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
    from.on('close', () => (silent ? held.push(() => to.destroy()) : to.destroy()));
    from.on('error', () => undefined);
  };
  const server = createTcpServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    carry(client, upstream);
    carry(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    silence: () => (silent = true),
    speak: () => {
      silent = false;
      for (const deliver of held.splice(0)) deliver();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the heartbeat of a browser desk', () => {
  /** Resolves when the server has answered `channel` once (the dispatcher ran it). */
  const answered = (wanted: string) =>
    new Promise<void>((resolve) => {
      afterAnswer = async (channel) => {
        if (channel === wanted) resolve();
      };
    });

  /** A bridge reaching the server through a relay, its timers moved by hand. */
  async function bridgeThroughRelay() {
    const relay = await startRelay(new URL(station.origin));
    const timers = handTimers();
    bridge.close();
    const changes: boolean[] = [];
    connectionChanges = changes;
    const told: Array<EventPayload<'station.link'>> = [];
    links = told;
    const { host } = new URL(station.origin);
    const cookie = `ppv-station-key-${new URL(station.origin).port}=${secret}`;
    const throughRelay: OpenSocket = (url, handlers) => {
      const socket = new WebSocket(url, { origin: station.origin, headers: { cookie, host } });
      socket.on('open', () => handlers.open());
      socket.on('message', (data) => handlers.message(String(data)));
      socket.on('close', () => handlers.close());
      socket.on('error', () => undefined);
      return { send: (text) => socket.send(text), close: () => socket.close() };
    };
    bridge = createStationBridge({
      socketUrl: `ws://127.0.0.1:${relay.port}/socket`,
      openSocket: throughRelay,
      backoff: { firstMs: 20, maxMs: 200 },
      timers,
      onConnectionChange: (connected) => {
        changes.push(connected);
        onConnectionChange();
      },
      isRefused: () => Promise.resolve(false),
    });
    bridge.api.on('station.link', (link) => {
      told.push(link);
      onLink();
    });
    await connectionChange(1);
    return { relay, timers };
  }

  it('keeps the link while the server answers its pings', async () => {
    const { relay, timers } = await bridgeThroughRelay();
    for (let round = 0; round < 4; round += 1) {
      timers.advance(5_000);
      // Answered in order on the socket: the ping's answer has come once this call's has.
      expect(await bridge.api.invoke('ppv.status', {})).toMatchObject({ ok: true });
    }
    expect(connectionChanges).toEqual([true]);
    await relay.close();
  });

  it('gives up a silent server after two unanswered pings, ignores what the dead socket says later, and settles the write it left in doubt', async () => {
    const { relay, timers } = await bridgeThroughRelay();
    await bridge.api.invoke('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    relay.silence();
    const inFlight = bridge.api.invoke('ppv.setRecipientReadQuota', { recipientReadsPerHour: 500 });
    timers.advance(5_000);
    timers.advance(5_000);
    // Two pings out, none answered: not yet given up.
    expect(connectionChanges).toEqual([true]);
    timers.advance(5_000);
    expect(connectionChanges).toEqual([true, false]);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'STATION_DISCONNECTED' } });
    expect(links).toEqual([{ connected: false, refused: false, settled: [] }]);
    expect(await bridge.api.invoke('ppv.status', {})).toMatchObject({
      error: { code: 'HUB_GONE' },
    });

    // An attempt to reconnect while the server is still silent never opens: given up in time.
    timers.advance(20);
    timers.advance(10_000);
    expect(connectionChanges).toEqual([true, false]);

    // The server wakes: it runs the write it was holding and answers the dead socket, which the
    // bridge no longer listens to: the screen stays lost until a new socket opens.
    const ran = answered('ppv.setRecipientReadQuota');
    relay.speak();
    await ran;
    expect(readQuota()).toBe(500);
    expect(await bridge.api.invoke('ppv.status', {})).toMatchObject({
      error: { code: 'HUB_GONE' },
    });
    expect(connectionChanges).toEqual([true, false]);

    timers.advance(200);
    expect(await connectionChange(3)).toEqual([true, false, true]);
    expect((await linkTold(2))[1]).toEqual({
      connected: true,
      refused: false,
      settled: [{ channel: 'ppv.setRecipientReadQuota', saved: true }],
    });
    // A new connection: signed out.
    expect(await bridge.api.invoke('auth.session', {})).toMatchObject({
      error: { code: 'UNAUTHENTICATED' },
    });
    await relay.close();
  });
});

describe('the server’s answer to a page’s ping', () => {
  /** A raw socket as the page opens it; resolves with the server's answers to `messages`. */
  async function exchange(messages: string[]): Promise<unknown[]> {
    const { port } = new URL(station.origin);
    const socket = new WebSocket(`${station.origin.replace('http', 'ws')}/socket`, {
      origin: station.origin,
      headers: { cookie: `ppv-station-key-${port}=${secret}` },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const answers: unknown[] = [];
    const all = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        answers.push(JSON.parse(String(data)));
        if (answers.length === messages.length) resolve();
      });
    });
    for (const message of messages) socket.send(message);
    await all;
    socket.close();
    return answers;
  }

  it('does not keep an idle session from locking: a ping is not a person at the desk', async () => {
    const { port } = new URL(station.origin);
    const socket = new WebSocket(`${station.origin.replace('http', 'ws')}/socket`, {
      origin: station.origin,
      headers: { cookie: `ppv-station-key-${port}=${secret}` },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const events: unknown[] = [];
    /** Sends, and resolves with the answer (events that come first are kept aside). */
    const send = (message: object) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const take = (data: RawData) => {
          const received = JSON.parse(String(data)) as Record<string, unknown>;
          if ('event' in received) return void events.push(received);
          socket.off('message', take);
          resolve(received);
        };
        socket.on('message', take);
        socket.send(JSON.stringify(message));
      });
    const signIn = { staffId: 'ADMIN01', secret: TEST_PIN };
    expect(await send({ id: 1, channel: 'auth.signIn', input: signIn })).toMatchObject({
      result: { ok: true },
    });
    // Six minutes of a page pinging every 5 s, with nobody at the desk (the lock is at 5).
    for (let ping = 0; ping < 72; ping += 1) {
      harness.clock.advance(5_000);
      expect(await send({ ping })).toEqual({ pong: ping });
    }
    expect(await send({ id: 2, channel: 'user.list', input: {} })).toMatchObject({
      result: { ok: false, error: { code: 'SESSION_LOCKED' } },
    });
    expect(events).toEqual([{ event: 'session.locked', payload: { reason: 'idle' } }]);
    socket.close();
  });

  it('answers a ping before sign-in with its number, and refuses a malformed one', async () => {
    const invalid = { id: null, result: { ok: false, error: { code: 'STATION_MESSAGE_INVALID' } } };
    expect(
      await exchange([
        JSON.stringify({ ping: 7 }),
        JSON.stringify({ ping: 'x' }),
        JSON.stringify({ ping: 1.5 }),
        // A ping cannot carry a call past the dispatcher.
        JSON.stringify({ ping: 8, id: 1, channel: 'ppv.setRecipientReadQuota', input: {} }),
      ]),
    ).toMatchObject([{ pong: 7 }, invalid, invalid, invalid]);
    expect(readQuota()).toBe(300);
  });
});
