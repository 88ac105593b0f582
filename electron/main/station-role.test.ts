/**
 * The first run's choice and what the app starts as afterwards, with real parts: a real hub (its
 * console on a database on disk, its station server for desks over TLS on 127.0.0.1), the desk's
 * real client and pairing from 127.0.0.2, and a new hub's real console. A 0600 folder stands in for
 * the OS key store, which needs the Electron runtime.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DispatchResult, EventName } from '../contract';
import { silentLogger } from '../core/shared/log';
import { createHarness, TEST_PIN, type Harness } from '../core/testing/harness';
import { arrive, createStation } from '../core/testing/scenario';
import { createDeskClient, pairWithHub, type DeskIdentity } from '../station/desk-client';
import { loadHubTls, type HubTls, type SecretStore } from '../station/pki';
import { fileSecretStore } from '../station/secret-files';
import { startStationServer, type StationServer } from '../station/server';
import {
  readStationRole,
  roleSecret,
  saveStationRole,
  startStation,
  type Station,
  type StationDeps,
  type StationRuntime,
} from './station-role';

const DESK_ADDRESS = '127.0.0.2';
const window = { connectionId: 'window', stationId: 'electron:test' };

let folder: string;
let store: SecretStore;
let hub: Harness;
let hubTls: HubTls;
let hubServer: StationServer;
let opened: { hubs: Harness[]; desks: DeskIdentity[] };
let started: Station[];

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-station-role-'));
  store = fileSecretStore(path.join(folder, 'key-store'));
  hub = await createStation();
  const rendererDir = path.join(folder, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  hubTls = await loadHubTls(fileSecretStore(path.join(folder, 'hub-secrets')), {
    addresses: ['127.0.0.1'],
    hostnames: [],
  });
  hubServer = await startStationServer({
    app: hub.app,
    desks: hub.app,
    rendererDir,
    host: '127.0.0.1',
    tls: { key: hubTls.keyPem, cert: hubTls.certChainPem },
    stationId: 'hub-test',
    log: silentLogger,
    heartbeat: () => () => undefined,
  });
  hub.app.desks.setNetwork({ hubUrls: [hubServer.origin], caFingerprint: hubTls.caFingerprint });
  opened = { hubs: [], desks: [] };
  started = [];
});

afterEach(async () => {
  for (const station of started) await station.close();
  await hubServer.close();
  hub.close();
  rmSync(folder, { recursive: true, force: true });
});

/** What main/index.ts gives: a new hub's console here, or a desk's client of the paired hub. */
function deps(databaseExists = false): StationDeps {
  return {
    store,
    databaseExists,
    openHub: async () => {
      const harness = createHarness();
      opened.hubs.push(harness);
      const { app } = harness;
      return {
        dispatch: app.dispatch,
        onEventFor: app.onEventFor,
        endConnection: app.endConnection,
        dayOpen: app.dayOpen,
        close: async () => harness.close(),
      } satisfies StationRuntime;
    },
    openDesk: async (identity, keep) => {
      opened.desks.push(identity);
      const client = createDeskClient({
        identity,
        keep,
        localAddress: DESK_ADDRESS,
        backoff: { firstMs: 10, maxMs: 50 },
        heartbeat: () => () => undefined,
        log: silentLogger,
      });
      return {
        dispatch: client.dispatch,
        onEventFor: client.onEventFor,
        endConnection: client.endConnection,
        dayOpen: client.dayOpen,
        close: async () => client.close(),
      } satisfies StationRuntime;
    },
    pair: (input) => pairWithHub({ ...input, localAddress: DESK_ADDRESS }),
    log: silentLogger,
  };
}

async function start(databaseExists = false): Promise<Station> {
  const station = await startStation(deps(databaseExists));
  started.push(station);
  return station;
}

const call = (station: Station, channel: string, input: unknown = {}) =>
  station.dispatch(channel, input, window) as Promise<DispatchResult<Record<string, unknown>>>;
const codeOf = (result: DispatchResult<unknown>) => (result.ok ? null : result.error.code);

function joining(overrides: Record<string, unknown> = {}) {
  return {
    hubAddress: new URL(hubServer.origin).host,
    caFingerprint: hubTls.caFingerprint,
    code: hub.ok('mgr', 'hub.issuePairingCode', {}).code,
    deskName: 'Kaunter 2',
    ...overrides,
  };
}

describe('the station role kept in the key store', () => {
  it('is unset on a new PC, a hub where a database was made before the choice existed', async () => {
    expect(await readStationRole(store, false)).toEqual({ kind: 'unset' });
    expect(await readStationRole(store, true)).toEqual({ kind: 'hub' });
  });

  it('is what was saved, and a stored role that cannot be read is refused, not taken for a first run', async () => {
    await saveStationRole(store, { kind: 'hub' });
    expect(await readStationRole(store, false)).toEqual({ kind: 'hub' });
    await store.write(roleSecret, Buffer.from('{"kind":"desk"}'));
    await expect(readStationRole(store, false)).rejects.toThrow(/not a station role/);
  });
});

describe('the first run', () => {
  it('answers only the choice until it is made', async () => {
    const station = await start();
    expect(station.role()).toBe('unset');
    expect(await call(station, 'station.identity')).toEqual({
      ok: true,
      value: { role: 'unset', deskName: null },
    });
    for (const channel of ['ppv.status', 'auth.signIn', 'ppv.setUp', 'queue.list']) {
      const refused = await call(station, channel, {});
      expect(codeOf(refused)).toBe('STATION_NOT_SET_UP');
      if (!refused.ok) expect(refused.error.message.ms).toContain('belum disediakan');
    }
    expect(opened).toEqual({ hubs: [], desks: [] });
  });

  it('makes this PC the hub: its console answers from then on, and the next start is the hub', async () => {
    const station = await start();
    expect(await call(station, 'station.becomeHub')).toEqual({ ok: true, value: { done: true } });
    expect(station.role()).toBe('hub');
    // The new hub's own console: not set up yet, so PPV set-up follows.
    expect(await call(station, 'station.identity')).toEqual({
      ok: true,
      value: { role: 'hub', deskName: null },
    });
    expect(await call(station, 'ppv.status')).toMatchObject({ ok: true, value: { setUp: false } });
    // Chosen once: the hub itself refuses the choice again.
    expect(codeOf(await call(station, 'station.pairWithHub', joining()))).toBe(
      'STATION_ALREADY_SET_UP',
    );
    expect(await readStationRole(store, false)).toEqual({ kind: 'hub' });
    expect((await start()).role()).toBe('hub');
  });

  it('joins a hub as a desk: the identity is kept in the key store, and the hub answers with the desk’s name', async () => {
    const station = await start();
    // The window subscribed on the first run; its subscription moves to the desk's client.
    let heard: (event: EventName) => void = () => undefined;
    station.onEventFor(window.connectionId, (event) => heard(event));
    expect(await call(station, 'station.pairWithHub', joining())).toEqual({
      ok: true,
      value: { deskName: 'Kaunter 2' },
    });
    expect(station.role()).toBe('desk');
    expect(await call(station, 'station.identity')).toEqual({
      ok: true,
      value: { role: 'desk', deskName: 'Kaunter 2' },
    });
    const kept = await readStationRole(store, false);
    expect(kept).toMatchObject({ kind: 'desk', identity: { deskName: 'Kaunter 2' } });
    expect(kept.kind === 'desk' && kept.identity.caPem).toBe(hubTls.caPem);

    // Signed in at the desk, its window hears the hub's events, and the hub audits the desk by name.
    expect((await call(station, 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).ok).toBe(
      true,
    );
    const queueChanged = new Promise<void>((resolve) => {
      heard = (event) => {
        if (event === 'queue.changed') resolve();
      };
    });
    arrive(hub, 1);
    await queueChanged;
    const signIns = hub.db.sqlite
      .prepare<[], { station: string }>(
        "SELECT station FROM audit_log WHERE action = 'auth.signIn' ORDER BY seq DESC LIMIT 1",
      )
      .get();
    expect(signIns?.station).toMatch(/^desk:\S+ Kaunter 2\//);

    // The link replaced the desk's token; the new one is what the key store holds and the desk uses.
    const rekept = await readStationRole(store, false);
    const token = rekept.kind === 'desk' ? rekept.identity.token : '';
    expect(token).toBe(opened.desks[0]?.token);
    expect(hub.app.desks.authenticate(token, DESK_ADDRESS)).toMatchObject({ kind: 'current' });
    // The token it paired with is retired: the new one has been stored and used.
    expect(hub.db.sqlite.prepare('SELECT count(*) AS n FROM desk_retired_tokens').get()).toEqual({
      n: 1,
    });

    // The next start is the desk again, with the identity it kept.
    await station.close();
    started = started.filter((s) => s !== station);
    const again = await start();
    expect(again.role()).toBe('desk');
    expect(await call(again, 'station.identity')).toEqual({
      ok: true,
      value: { role: 'desk', deskName: 'Kaunter 2' },
    });
  });

  it('keeps nothing when the pairing is refused, and lets the person try again', async () => {
    const station = await start();
    const wrongPrint = joining({ caFingerprint: 'AB:'.repeat(31) + 'AB' });
    expect(codeOf(await call(station, 'station.pairWithHub', wrongPrint))).toBe(
      'HUB_FINGERPRINT_MISMATCH',
    );
    expect(codeOf(await call(station, 'station.pairWithHub', joining({ code: 'AAAA-AAAA' })))).toBe(
      'PAIRING_CODE_WRONG',
    );
    expect(codeOf(await call(station, 'station.pairWithHub', { deskName: 'x' }))).toBe(
      'INVALID_INPUT',
    );
    expect(station.role()).toBe('unset');
    expect(await store.read(roleSecret)).toBeNull();
    expect(opened.desks).toEqual([]);

    expect((await call(station, 'station.pairWithHub', joining())).ok).toBe(true);
    expect(station.role()).toBe('desk');
  });

  it('makes one choice only, when two arrive together', async () => {
    const station = await start();
    const [hubChoice, deskChoice] = await Promise.all([
      call(station, 'station.becomeHub'),
      call(station, 'station.pairWithHub', joining()),
    ]);
    expect(hubChoice.ok).toBe(true);
    expect(codeOf(deskChoice)).toBe('STATION_ALREADY_SET_UP');
    expect(opened.desks).toEqual([]);
    expect(await readStationRole(store, false)).toEqual({ kind: 'hub' });
  });
});
