// The browser bridge (renderer/bridge/station.ts) against the real station server, over real
// sockets: `ws` stands in for the browser's WebSocket, which Node 20 lacks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
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
