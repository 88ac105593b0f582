/**
 * A hub and three desks on the network, over real TLS: the hub's station server on 127.0.0.1 with
 * its own authority, each desk's client connecting from its own loopback address (127.0.0.2, .3,
 * .4) with the identity it got at pairing. The hub's console is the real one, on a database on disk.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect as tcpConnect, type Socket } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { MyKadIdentity } from '../contract/devices';
import type { ConsoleApp } from '../core/app';
import { PAIRING_CODE_LIFETIME_MS } from '../core/desks/registry';
import { silentLogger } from '../core/shared/log';
import { TEST_PIN, type Harness } from '../core/testing/harness';
import { arrive, createStation, doseInput, openVial, openWalkIn } from '../core/testing/scenario';
import { createDeskClient, pairWithHub, type DeskClient, type DeskIdentity } from './desk-client';
import { deskLinkPath } from './desk-link';
import { ioTimeoutMs, linkOpen, pairingRefusal, windowOf } from './hub-fixture';
import { loadHubTls, type HubTls } from './pki';
import { fileSecretStore } from './secret-files';
import { socketPath, startStationServer, type Heartbeat, type StationServer } from './server';

/** Bounds every wait on the network: a test fails rather than hangs. */
const deskAddresses = ['127.0.0.2', '127.0.0.3', '127.0.0.4'] as const;

let h: Harness;
let folder: string;
let rendererDir: string;
let tls: HubTls;
let hub: StationServer | null;
let port: number;
let clients: DeskClient[];
/** Stands between the hub's server and its console, so a test can stop the hub mid-call. */
let interceptDispatch: ConsoleApp['dispatch'] | null;

async function startHub(onPort = 0): Promise<StationServer> {
  const dispatch: ConsoleApp['dispatch'] = (channel, input, context) =>
    (interceptDispatch ?? h.app.dispatch)(channel, input, context);
  const server = await startStationServer({
    app: { ...h.app, dispatch },
    desks: h.app,
    rendererDir,
    host: '127.0.0.1',
    port: onPort,
    tls: { key: tls.keyPem, cert: tls.certChainPem },
    stationId: 'hub-test',
    log: silentLogger,
    heartbeat: () => () => undefined,
  });
  port = Number(new URL(server.origin).port);
  h.app.desks.setNetwork({ hubUrls: [server.origin], caFingerprint: tls.caFingerprint });
  return server;
}

beforeEach(async () => {
  h = await createStation({ openDay: true });
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-hub-'));
  rendererDir = path.join(folder, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  tls = await loadHubTls(fileSecretStore(path.join(folder, 'secrets')), {
    addresses: ['127.0.0.1'],
    hostnames: ['localhost'],
  });
  clients = [];
  interceptDispatch = null;
  hub = await startHub();
});

afterEach(async () => {
  for (const client of clients) client.close();
  await hub?.close();
  h.close();
  rmSync(folder, { recursive: true, force: true });
});

const hubAddress = () => `127.0.0.1:${port}`;
const issueCode = () => h.ok('mgr', 'hub.issuePairingCode', {}).code;

function pair(deskName: string, localAddress: string, code = issueCode()): Promise<DeskIdentity> {
  return pairWithHub({
    hubAddress: hubAddress(),
    caFingerprint: tls.caFingerprint,
    code,
    deskName,
    localAddress,
  });
}

function connect(
  identity: DeskIdentity,
  localAddress: string,
  heartbeat: Heartbeat = () => () => undefined,
): DeskClient {
  const client = createDeskClient({
    identity,
    localAddress,
    backoff: { firstMs: 10, maxMs: 50 },
    heartbeat,
    log: silentLogger,
  });
  clients.push(client);
  return client;
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** An HTTPS request to the hub, trusting its authority; from `localAddress`. */
function fetchFromHub(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = httpsRequest(
      `https://127.0.0.1:${port}${pathname}`,
      {
        method: options.method ?? 'GET',
        ca: tls.caPem,
        localAddress: '127.0.0.4',
        headers: options.headers ?? {},
        timeout: ioTimeoutMs,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
        );
      },
    );
    sent.once('timeout', () => sent.destroy(new Error('timeout')));
    sent.once('error', reject);
    sent.end(options.body);
  });
}

/** The status a WebSocket upgrade gets, or 101 when it opens. */
function upgradeStatus(pathname: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`wss://127.0.0.1:${port}${pathname}`, {
      ca: tls.caPem,
      localAddress: '127.0.0.4',
      headers,
      handshakeTimeout: ioTimeoutMs,
    });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

describe('pairing', () => {
  it('gives three desks, each on its own address, an identity; the hub lists them', async () => {
    const desks = await Promise.all(
      ['Kaunter 2', 'Meja vaksin 3', 'Meja vaksin 4'].map((name, index) =>
        pair(name, deskAddresses[index] ?? ''),
      ),
    );
    expect(desks.map((desk) => desk.deskName)).toEqual([
      'Kaunter 2',
      'Meja vaksin 3',
      'Meja vaksin 4',
    ]);
    expect(desks.every((desk) => desk.caPem === tls.caPem)).toBe(true);
    expect(new Set(desks.map((desk) => desk.token)).size).toBe(3);

    const client = connect(desks[0] as DeskIdentity, deskAddresses[0]);
    await linkOpen(client);
    const listed = h.ok('mgr', 'hub.desks', {});
    expect(listed.map((desk) => [desk.name, desk.connected])).toEqual(
      expect.arrayContaining([
        ['Kaunter 2', true],
        ['Meja vaksin 3', false],
        ['Meja vaksin 4', false],
      ]),
    );
    const pairings = h.db.sqlite
      .prepare<[], { detail: string }>("SELECT detail FROM audit_log WHERE action = 'desk.paired'")
      .all();
    expect(pairings.map((row) => row.detail).join()).toContain('127.0.0.3');
  });

  it('refuses a wrong code, an expired code and a reused code', async () => {
    expect(await pairingRefusal(pair('Kaunter 2', '127.0.0.2', 'ZZZZ-ZZZZ'))).toBe(
      'PAIRING_CODE_WRONG',
    );

    const once = issueCode();
    await pair('Kaunter 2', '127.0.0.2', once);
    expect(await pairingRefusal(pair('Kaunter 3', '127.0.0.3', once))).toBe('PAIRING_CODE_USED');

    const expiring = issueCode();
    h.clock.advance(PAIRING_CODE_LIFETIME_MS);
    expect(await pairingRefusal(pair('Kaunter 3', '127.0.0.3', expiring))).toBe(
      'PAIRING_CODE_EXPIRED',
    );
    expect(h.app.desks.list().map((desk) => desk.name)).toEqual(['Kaunter 2']);
  });

  it('refuses a hub whose authority is not the one the person read, before sending the code', async () => {
    const code = issueCode();
    const otherAuthority = 'AB:'.repeat(31) + 'AB';
    const refused = await pairingRefusal(
      pairWithHub({
        hubAddress: hubAddress(),
        caFingerprint: otherAuthority,
        code,
        deskName: 'Kaunter 2',
        localAddress: '127.0.0.2',
      }),
    );
    expect(refused).toBe('HUB_FINGERPRINT_MISMATCH');
    // The code never left the desk: it still pairs.
    expect((await pair('Kaunter 2', '127.0.0.2', code)).deskName).toBe('Kaunter 2');
  });

  it('says the hub cannot be reached at an address where none answers, and when it refuses the desk', async () => {
    const nowhere = pairWithHub({
      hubAddress: '127.0.0.1:1',
      caFingerprint: tls.caFingerprint,
      code: issueCode(),
      deskName: 'Kaunter 2',
      localAddress: '127.0.0.2',
    });
    expect(await pairingRefusal(nowhere)).toBe('HUB_UNREACHABLE');
    // A name the hub will not take is the hub's refusal, not a network fault.
    expect(await pairingRefusal(pair('K'.repeat(41), '127.0.0.2'))).toBe('DESK_NAME_INVALID');
    expect(h.app.desks.list()).toEqual([]);
  });

  it('lets a browser pair by the form, then serves it the console by its cookie', async () => {
    const code = issueCode();
    const form = await fetchFromHub(`/pair?code=${code}`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('name="deskName"');

    const paired = await fetchFromHub('/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, deskName: 'Meja pengurus' }).toString(),
    });
    expect(paired.status).toBe(303);
    const cookie = String(paired.headers['set-cookie']).split(';')[0] ?? '';
    expect(String(paired.headers['set-cookie'])).toMatch(/HttpOnly; Secure; SameSite=Strict/);

    const page = await fetchFromHub('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('PPV Console');
    // The used code no longer shows even the form.
    expect((await fetchFromHub(`/pair?code=${code}`)).status).toBe(403);
  });
});

describe('a client the hub does not know', () => {
  it('gets nothing: not the page, not the form without a live code, not a socket', async () => {
    for (const pathname of ['/', '/index.html', '/pair', '/pair?code=ZZZZ-ZZZZ']) {
      const answer = await fetchFromHub(pathname);
      expect(answer.status, pathname).toBe(403);
      expect(answer.body).not.toContain('PPV Console');
      expect(answer.body).toContain('This station is not paired with this hub.');
    }
    const forged = { Authorization: 'Bearer not-a-token' };
    expect(await fetchFromHub('/', { headers: forged })).toMatchObject({ status: 403 });
    expect(await upgradeStatus(socketPath)).toBe(403);
    expect(await upgradeStatus(socketPath, forged)).toBe(403);
    expect(await upgradeStatus(deskLinkPath, forged)).toBe(403);
  });

  it('cannot talk to the hub in clear text', async () => {
    const answer = await new Promise<string>((resolve) => {
      const sent = httpRequest(
        `http://127.0.0.1:${port}/`,
        { timeout: ioTimeoutMs },
        (response) => {
          response.resume();
          resolve(`status ${response.statusCode}`);
        },
      );
      sent.once('error', () => resolve('refused'));
      sent.once('timeout', () => sent.destroy());
      sent.end();
    });
    expect(answer).toBe('refused');
  });
});

describe('a revoked desk', () => {
  it('loses its connections at once and is refused from then on, the page included', async () => {
    const identity = await pair('Kaunter 2', '127.0.0.2');
    const client = connect(identity, '127.0.0.2');
    const window = windowOf(client, 'clerk');
    const signedIn = await window.call('auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
    expect(signedIn.ok).toBe(true);

    const refused = window.next('station.link', (p: { refused: boolean }) => p.refused);
    h.ok('mgr', 'hub.revokeDesk', { deskId: identity.deskId, reason: 'Komputer riba hilang' });
    expect(await refused).toMatchObject({ connected: false, refused: true });

    const after = await window.call('queue.list', {});
    expect(after.ok ? null : after.error.code).toBe('HUB_GONE');
    const bearer = { Authorization: `Bearer ${identity.token}` };
    expect((await fetchFromHub('/', { headers: bearer })).status).toBe(403);
    expect(await upgradeStatus(socketPath, bearer)).toBe(403);
    expect(await upgradeStatus(deskLinkPath, bearer)).toBe(403);
  });
});

const chip: MyKadIdentity = {
  name: 'AHMAD BIN UJIAN',
  docNumber: '900514145001',
  sex: 'M',
  birthDate: '1990-05-14',
  citizenship: 'WARGANEGARA',
  address: { lines: ['NO 1 JALAN UJIAN'], postcode: '50450', city: 'KL', state: 'W.P.' },
};

describe('devices at the desks', () => {
  it('send a card read at one desk to that desk’s screen only', async () => {
    const desks = await Promise.all(
      ['Kaunter 2', 'Kaunter 3', 'Kaunter 4'].map(async (name, index) => {
        const address = deskAddresses[index] ?? '';
        const client = connect(await pair(name, address), address);
        const link = linkOpen(client);
        const window = windowOf(client, `clerk@${name}`);
        const signedIn = await window.call('auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
        expect(signedIn.ok).toBe(true);
        await link;
        return { client, window };
      }),
    );
    const [two, three, four] = desks as [(typeof desks)[0], (typeof desks)[0], (typeof desks)[0]];

    const arrived = two.window.next('card.changed');
    two.client.devices.cardListener.read({ ok: true, readerId: 'pcsc:A', identity: chip });
    const { readId } = (await arrived) as { readId: string };
    // Whatever the hub sent the other desks was sent before it answers their next call.
    for (const other of [three, four]) {
      const taken = await other.window.call('card.take', { readId });
      expect(taken.ok ? null : taken.error.code).toBe('CARD_READ_GONE');
      expect(other.window.events.map((e) => e.event)).not.toContain('card.changed');
    }
    const taken = await two.window.call<{ docNumber: string }>('card.take', { readId });
    expect(taken.ok && taken.value.docNumber).toBe(chip.docNumber);
  });
});

describe('when the hub goes away', () => {
  async function vaccinatorAtDesk() {
    const identity = await pair('Meja vaksin 3', '127.0.0.3');
    const client = connect(identity, '127.0.0.3');
    const window = windowOf(client, 'vax@desk');
    expect((await window.call('auth.signIn', { staffId: 'VAX01', secret: TEST_PIN })).ok).toBe(
      true,
    );
    const visitor = arrive(h, 1);
    const { vialId } = openVial(h);
    return { window, visitor, input: doseInput(h, visitor, vialId) };
  }

  const dosesOf = (registrationId: string) =>
    h.db.sqlite
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM doses WHERE registration_id = ?')
      .get(registrationId)?.n;

  /** The hub dies while handling dose.record: `after` its commit, or `before` it. */
  function killHubDuring(when: 'before' | 'after') {
    interceptDispatch = async (channel, input, context) => {
      if (channel !== 'dose.record') return h.app.dispatch(channel, input, context);
      const stopping = hub?.close();
      hub = null;
      const result = when === 'after' ? await h.app.dispatch(channel, input, context) : null;
      await stopping;
      return result ?? { ok: false, error: { code: 'INTERNAL', message: { ms: '', en: '' } } };
    };
  }

  for (const when of ['after', 'before'] as const) {
    it(`leaves a dose in flight ${when === 'after' ? 'whole' : 'absent'}, and the desk says which once the hub is back`, async () => {
      const { window, visitor, input } = await vaccinatorAtDesk();
      killHubDuring(when);

      const gone = window.next('station.link', (p: { connected: boolean }) => !p.connected);
      const inFlight = await window.call('dose.record', input);
      expect(inFlight.ok ? null : inFlight.error.code).toBe('STATION_DISCONNECTED');
      expect(await gone).toMatchObject({ connected: false, refused: false });

      // While the hub is gone the desk writes nothing, and says so at once.
      const meanwhile = await window.call('dose.record', input);
      expect(meanwhile.ok ? null : meanwhile.error.code).toBe('HUB_GONE');

      const back = window.next('station.link', (p: { connected: boolean }) => p.connected);
      interceptDispatch = null;
      hub = await startHub(port);
      const saved = when === 'after';
      expect(await back).toEqual({
        connected: true,
        refused: false,
        settled: [{ channel: 'dose.record', saved }],
      });
      expect(dosesOf(visitor.registrationId)).toBe(saved ? 1 : 0);

      // A new session at the hub: the person signs in again.
      const unsigned = await window.call('queue.list', {});
      expect(unsigned.ok ? null : unsigned.error.code).toBe('UNAUTHENTICATED');
      if (!saved) {
        expect((await window.call('auth.signIn', { staffId: 'VAX01', secret: TEST_PIN })).ok).toBe(
          true,
        );
        expect((await window.call('dose.record', input)).ok).toBe(true);
        expect(dosesOf(visitor.registrationId)).toBe(1);
      }
    });
  }
});

describe('the day, as a desk last heard of it', () => {
  it('is not open before the hub says so, and open once day.current answers that it is', async () => {
    const identity = await pair('Kaunter 6', '127.0.0.2');
    const client = connect(identity, '127.0.0.2');
    const window = windowOf(client, 'clerk@desk');
    expect(client.dayOpen()).toBe(false);
    expect((await window.call('auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).ok).toBe(
      true,
    );
    expect((await window.call('day.current', {})).ok).toBe(true);
    expect(client.dayOpen()).toBe(true);
  });

  it('follows the hub’s day.changed', async () => {
    h.close();
    h = await createStation({ openDay: false });
    await hub?.close();
    hub = await startHub();
    const identity = await pair('Kaunter 6', '127.0.0.2');
    const client = connect(identity, '127.0.0.2');
    const window = windowOf(client, 'clerk@desk');
    expect((await window.call('auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).ok).toBe(
      true,
    );
    expect((await window.call('day.current', {})).ok).toBe(true);
    expect(client.dayOpen()).toBe(false);
    const opened = window.next('day.changed');
    openWalkIn(h);
    await opened;
    expect(client.dayOpen()).toBe(true);
  });
});

describe('a hub gone silent', () => {
  /**
   * The hub behind a cable: its server for desks on 127.0.0.6, reached through a relay on
   * 127.0.0.5 (the address its certificate and Host check name) that carries TCP both ways until
   * `pull()`, after which it carries nothing and closes nothing, as a pulled cable or a hub
   * without power.
   */
  async function hubBehindCable() {
    const tlsThere = await loadHubTls(fileSecretStore(path.join(folder, 'secrets')), {
      addresses: ['127.0.0.5'],
      hostnames: [],
    });
    const behind = await startStationServer({
      app: h.app,
      desks: h.app,
      rendererDir,
      host: '127.0.0.6',
      hostnames: ['127.0.0.5'],
      tls: { key: tlsThere.keyPem, cert: tlsThere.certChainPem },
      stationId: 'hub-test',
      log: silentLogger,
      heartbeat: () => () => undefined,
    });
    const hubPort = Number(new URL(behind.origin).port);
    const ends: Socket[] = [];
    const relay = createTcpServer((fromDesk) => {
      const toHub = tcpConnect(hubPort, '127.0.0.6');
      ends.push(fromDesk, toHub);
      fromDesk.pipe(toHub).pipe(fromDesk);
      for (const end of [fromDesk, toHub]) end.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => relay.listen(hubPort, '127.0.0.5', resolve));
    return {
      address: `127.0.0.5:${hubPort}`,
      pull() {
        for (const end of ends) {
          end.unpipe();
          end.pause();
        }
      },
      async close() {
        for (const end of ends) end.destroy();
        relay.close();
        await behind.close();
      },
    };
  }

  it('is noticed by the desk within two ping rounds: the screens are told, and calls answer HUB_GONE', async () => {
    const wire = await hubBehindCable();
    const beats: Array<() => void> = [];
    try {
      const identity = await pair('Kaunter 5', '127.0.0.2');
      const client = connect({ ...identity, hubAddress: wire.address }, '127.0.0.2', (beat) => {
        beats.push(beat);
        return () => undefined;
      });
      const window = windowOf(client, 'clerk@desk');
      expect((await window.call('auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).ok).toBe(
        true,
      );
      // Answered pings keep it up.
      for (let round = 0; round < 3; round += 1) {
        for (const beat of beats) beat();
        expect((await window.call('queue.list', {})).ok).toBe(true);
      }

      wire.pull();
      const gone = window.next('station.link', (p: { connected: boolean }) => !p.connected);
      for (const beat of beats) beat();
      for (const beat of beats) beat();
      expect(await gone).toEqual({ connected: false, refused: false, settled: [] });
      const meanwhile = await window.call('queue.list', {});
      expect(meanwhile.ok ? null : meanwhile.error.code).toBe('HUB_GONE');
    } finally {
      await wire.close();
    }
  });
});
