/**
 * Issue 13's network tried by an insider: a clerk or vaccinator at a paired desk, a fired employee
 * with an old desk PC, a visitor with a laptop on the centre's Wi-Fi. Everything goes through a real
 * hub over TLS on 127.0.0.1, desks on their own loopback addresses, the real console and database.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomUUID, webcrypto } from 'node:crypto';
import { Agent, createServer as createHttpsServer } from 'node:https';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MyKadIdentity } from '../contract/devices';
import { UNKNOWN_SETTLED_PER_HOUR } from '../core/desks/outcomes';
import { PAIRING_CODE_LIFETIME_MS } from '../core/desks/registry';
import { silentLogger } from '../core/shared/log';
import { TEST_PIN, type Harness } from '../core/testing/harness';
import { arrive, createStation } from '../core/testing/scenario';
import { birthDateOf, syntheticMyKad } from '../core/testing/synthetic';
import { deskLinkPath } from './desk-link';
import {
  linkOpen,
  pairingRefusal,
  startHubFixture,
  windowOf,
  type HubFixture,
} from './hub-fixture';
import { createAuthority, issueServerCertificate, type KeyAndCertificate } from './pki';
import { socketPath, startStationServer } from './server';

let h: Harness;
let hub: HubFixture;

beforeEach(async () => {
  h = await createStation({ openDay: true });
  hub = await startHubFixture(h);
});

afterEach(async () => {
  await hub.stop();
  h.close();
});

const wrongPin = (staffId: string) => ({ staffId, secret: '000000' });
const rightPin = (staffId: string) => ({ staffId, secret: TEST_PIN });

/** A paired desk app at `address`, with a window signed in as `staffId` when given. */
async function deskAt(name: string, address: string, staffId?: string) {
  const identity = await hub.pair(name, address);
  const client = hub.connect(identity, address);
  const link = linkOpen(client);
  const window = windowOf(client, `${staffId ?? 'nobody'}@${name}`);
  if (staffId) expect(await window.code('auth.signIn', rightPin(staffId))).toBe('ok');
  return { identity, client, window, link };
}

/** The chip of synthetic recipient `index` (see `nthRecipient`). */
function chipOf(visitor: { index: number; docNumber: string }): MyKadIdentity {
  return {
    name: 'PEMEGANG KAD UJIAN',
    docNumber: visitor.docNumber,
    sex: 'M',
    birthDate: birthDateOf(visitor.index),
    citizenship: 'WARGANEGARA',
    address: { lines: ['1 JALAN UJIAN'], postcode: '52100', city: 'KEPONG', state: 'W.P. KL' },
  };
}

describe('a read at one desk used at another', () => {
  it('cannot confirm presence at the vaccinator’s table, even with the read id passed along', async () => {
    const counter = await deskAt('Kaunter 2', '127.0.0.2', 'CLERK01');
    const table = await deskAt('Meja vaksin 4', '127.0.0.4', 'VAX01');
    await counter.link;
    const visitor = arrive(h, 1, { confirm: false });

    const read = counter.window.next('card.changed');
    counter.client.devices.cardListener.read({
      ok: true,
      readerId: 'pcsc:A',
      identity: chipOf(visitor),
    });
    const { readId } = (await read) as { readId: string };
    const presence = { registrationId: visitor.registrationId, method: 'MYKAD', readId };
    expect(await table.window.code('presence.confirm', presence)).toBe('CARD_READ_GONE');
    expect(table.window.events.map((e) => e.event)).not.toContain('card.changed');
    // Refused for where it was read, not used up: the counter still takes it.
    expect(await counter.window.code('card.take', { readId })).toBe('ok');
  });

  it('goes to the desk whose token opened the link, whatever desk the report names', async () => {
    const counter = await deskAt('Kaunter 2', '127.0.0.2', 'CLERK01');
    const table = await deskAt('Meja vaksin 4', '127.0.0.4', 'VAX01');
    const link = await hub.socket(
      deskLinkPath,
      { Authorization: `Bearer ${counter.identity.token}` },
      '127.0.0.2',
    );
    const scanned = counter.window.next('scan.received');
    link.socket?.send(
      JSON.stringify({
        type: 'scan',
        deviceId: 'hid:1',
        text: 'PPVAPPT1:ABC123',
        desk: table.identity.deskId,
        deskId: table.identity.deskId,
        station: table.identity.deskId,
      }),
    );
    const { scanId } = (await scanned) as { scanId: string };
    expect(await table.window.code('scan.take', { scanId })).toBe('SCAN_GONE');
    expect(await counter.window.code('scan.take', { scanId })).toBe('ok');
  });
});

describe('a revoked desk', () => {
  it('gets nothing more on a keep-alive connection it opened while paired', async () => {
    const code = h.ok('mgr', 'hub.issuePairingCode', {}).code;
    const paired = await hub.fetch('/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, deskName: 'Kaunter 2' }).toString(),
    });
    const [desk] = h.app.desks.list();
    if (desk === undefined) throw new Error('the browser desk was not paired');
    const { deskId } = desk;
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: hub.tls.caPem });
    try {
      const cookie = { Cookie: String(paired.headers['set-cookie']).split(';')[0] ?? '' };
      expect((await hub.fetch('/', { headers: cookie, agent })).status).toBe(200);
      h.ok('mgr', 'hub.revokeDesk', { deskId, reason: 'Komputer dijual' });
      const after = await hub.fetch('/', { headers: cookie, agent });
      expect(after.reused).toBe(true);
      expect(after.status).toBe(403);
      expect(after.body).not.toContain('PPV Console');
    } finally {
      agent.destroy();
    }
  });
});

describe('pairing codes', () => {
  it('pair one desk when two ask with the same code at once', async () => {
    const code = h.ok('mgr', 'hub.issuePairingCode', {}).code;
    const outcomes = await Promise.allSettled([
      hub.pair('Kaunter 2', '127.0.0.2', code),
      hub.pair('Kaunter 3', '127.0.0.3', code),
    ]);
    const paired = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as { code: string }).code] : [],
    );
    expect(paired).toHaveLength(1);
    expect(refused).toEqual(['PAIRING_CODE_USED']);
    expect(h.app.desks.list()).toHaveLength(1);
  });

  it('are good until the last millisecond of their ten minutes', async () => {
    const code = h.ok('mgr', 'hub.issuePairingCode', {}).code;
    const late = h.ok('mgr', 'hub.issuePairingCode', {}).code;
    h.clock.advance(PAIRING_CODE_LIFETIME_MS - 1);
    expect((await hub.pair('Kaunter 2', '127.0.0.2', code)).deskName).toBe('Kaunter 2');
    h.clock.advance(1);
    expect(await pairingRefusal(hub.pair('Kaunter 3', '127.0.0.3', late))).toBe(
      'PAIRING_CODE_EXPIRED',
    );
  });
});

describe('a client the hub does not know', () => {
  it('is refused every path and method, and every socket', async () => {
    for (const pathname of ['/health', '/assets/index.js', '/socket', '/desk-link', '/pair/']) {
      for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS']) {
        const answer = await hub.fetch(pathname, { method });
        expect(answer.status, `${method} ${pathname}`).toBe(403);
      }
    }
    const cookie = { Cookie: `ppv-desk-${hub.port}=x.y` };
    for (const pathname of [socketPath, deskLinkPath]) {
      expect((await hub.socket(pathname, cookie, '127.0.0.4')).status).toBe(403);
    }
  });
});

describe('a rogue desk typing colleagues’ staff IDs with wrong PINs', () => {
  it('makes them wait at that desk only, never at their own', async () => {
    const rogue = await deskAt('Kaunter 9', '127.0.0.5');
    const table = await deskAt('Meja vaksin 4', '127.0.0.4');
    const codes: string[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      codes.push(await rogue.window.code('auth.signIn', wrongPin('VAX01')));
    }
    expect(codes.at(-1)).toBe('SIGN_IN_DELAYED');
    expect(await table.window.code('auth.signIn', rightPin('VAX01'))).toBe('ok');
  });

  it('keeps them out nowhere else however long it keeps failing', async () => {
    const rogue = await deskAt('Kaunter 9', '127.0.0.5');
    const table = await deskAt('Meja vaksin 4', '127.0.0.4');
    // A fresh window each round, failing again the moment its wait is over, for an hour.
    for (let round = 0; round < 16; round += 1) {
      const window = windowOf(rogue.client, `rogue-${round}`);
      await window.code('auth.signIn', wrongPin('VAX01'));
      h.clock.advance(5 * 60_000);
    }
    await windowOf(rogue.client, 'rogue-last').code('auth.signIn', wrongPin('VAX01'));
    expect(await table.window.code('auth.signIn', rightPin('VAX01'))).toBe('ok');
  });
});

describe('a desk name that looks like another desk’s', () => {
  it('is refused as taken: other scripts’ letters, full-width letters, other spacing', async () => {
    await hub.pair('Kaunter 2', '127.0.0.2');
    for (const lookalike of ['\u041Aaunter 2', '\uFF2Baunter 2', 'KAUNTER  2', 'Kaunter-2']) {
      expect(await pairingRefusal(hub.pair(lookalike, '127.0.0.3')), lookalike).toBe(
        'DESK_NAME_TAKEN',
      );
    }
    expect(h.app.desks.list().map((desk) => desk.name)).toEqual(['Kaunter 2']);
  });

  it('with a text-direction mark is refused in words, to the app and in the browser’s form', async () => {
    expect(await pairingRefusal(hub.pair('Kaunter\u202E2', '127.0.0.2'))).toBe('DESK_NAME_INVALID');
    const code = h.ok('mgr', 'hub.issuePairingCode', {}).code;
    const form = await hub.fetch('/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, deskName: 'Kaunter\u202E2' }).toString(),
    });
    expect(form.status).toBe(403);
    expect(form.body).toContain('Nama meja');
    expect(form.body).toContain('The desk name');
    expect(form.body).toContain('name="deskName"');
    // The code is still good for the same desk with a proper name.
    expect((await hub.pair('Kaunter 2', '127.0.0.2', code)).deskName).toBe('Kaunter 2');
  });
});

describe('a visitor guessing pairing codes from one laptop', () => {
  it('is stopped at that address, and cannot withdraw the code the manager gave a desk', async () => {
    const live = h.ok('mgr', 'hub.issuePairingCode', {}).code;
    const codes: string[] = [];
    for (let guess = 0; guess < 12; guess += 1) {
      const answer = await hub.fetch('/pair', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: `ZZZZ-ZZ${String(guess).padStart(2, '0')}`, deskName: 'X1' }),
        localAddress: '127.0.0.9',
      });
      codes.push((JSON.parse(answer.body) as { error: { code: string } }).error.code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('PAIRING_CODE_WRONG'));
    expect(new Set(codes.slice(5))).toEqual(new Set(['PAIRING_THROTTLED']));
    // Even the form is not shown to that address now, nor the right code taken from it.
    expect((await hub.fetch(`/pair?code=${live}`, { localAddress: '127.0.0.9' })).status).toBe(403);
    expect((await hub.pair('Kaunter 2', '127.0.0.2', live)).deskName).toBe('Kaunter 2');
  });
});

describe('a desk identity copied to another PC', () => {
  it('is refused while the desk is connected from its own address, and the attempt audited', async () => {
    const desk = await deskAt('Kaunter 2', '127.0.0.2', 'CLERK01');
    await desk.link;
    const bearer = { Authorization: `Bearer ${desk.identity.token}` };
    const copy = await hub.fetch('/', { headers: bearer, localAddress: '127.0.0.7' });
    expect(copy.status).toBe(403);
    expect(copy.body).toContain('another address');
    expect((await hub.socket(socketPath, bearer, '127.0.0.7')).status).toBe(403);
    expect((await hub.socket(deskLinkPath, bearer, '127.0.0.7')).status).toBe(403);

    const copied = windowOf(hub.connect(desk.identity, '127.0.0.7'), 'copy');
    expect(await copied.code('auth.signIn', rightPin('VAX01'))).toBe('HUB_GONE');
    // The desk itself carries on.
    expect(await desk.window.code('queue.list', {})).toBe('ok');
    const audited = h.db.sqlite
      .prepare<[], { detail: string }>(
        "SELECT detail FROM audit_log WHERE action = 'desk.usedElsewhere'",
      )
      .all();
    expect(audited.length).toBeGreaterThan(0);
    expect(audited[0]?.detail).toContain('127.0.0.7');
  });
});

describe('a desk revoked while its sign-in is being checked', () => {
  it('is not signed in at the hub, and no sign-in of it is audited after its revocation', async () => {
    const desk = await deskAt('Kaunter 2', '127.0.0.2');
    let checking: ReturnType<typeof h.app.dispatch> | null = null;
    hub.intercept = async (channel, input, context) => {
      if (channel !== 'auth.signIn') return h.app.dispatch(channel, input, context);
      checking = h.app.dispatch(channel, input, context);
      h.ok('mgr', 'hub.revokeDesk', { deskId: desk.identity.deskId, reason: 'Dicuri' });
      return checking;
    };
    expect(await desk.window.code('auth.signIn', rightPin('CLERK01'))).toBe('STATION_DISCONNECTED');
    const atHub = await (checking as ReturnType<typeof h.app.dispatch> | null);
    expect(atHub?.ok ? 'ok' : atHub?.error.code).toBe('STATION_DISCONNECTED');
    const after = h.db.sqlite
      .prepare<[string], { action: string }>(
        `SELECT action FROM audit_log WHERE station LIKE ? AND seq >
           (SELECT seq FROM audit_log WHERE action = 'hub.revokeDesk')`,
      )
      .all(`desk:${desk.identity.deskId}%`);
    expect(after).toEqual([]);
  });
});

describe('a desk flooding its device link', () => {
  it('leaves the hub holding its latest scans and a few devices only', async () => {
    const desk = await deskAt('Kaunter 2', '127.0.0.2', 'CLERK01');
    const link = await hub.socket(
      deskLinkPath,
      { Authorization: `Bearer ${desk.identity.token}` },
      '127.0.0.2',
    );
    for (let device = 0; device < 100; device += 1) {
      const status = { id: `hid:${device}`, kind: 'hid', name: 'x', state: 'ready', code: null };
      link.socket?.send(JSON.stringify({ type: 'status', status }));
    }
    const scans = 200;
    const all = new Promise<string[]>((resolve) => {
      const ids: string[] = [];
      const stop = desk.client.onEventFor(`CLERK01@Kaunter 2`, (event, payload) => {
        if (event !== 'scan.received') return;
        ids.push((payload as { scanId: string }).scanId);
        if (ids.length === scans) {
          stop();
          resolve(ids);
        }
      });
    });
    for (let scan = 0; scan < scans; scan += 1) {
      link.socket?.send(
        JSON.stringify({ type: 'scan', deviceId: 'hid:1', text: `PPVAPPT1:A${scan}` }),
      );
    }
    const ids = await all;
    expect(await desk.window.code('scan.take', { scanId: ids[0] })).toBe('SCAN_GONE');
    expect(await desk.window.code('scan.take', { scanId: ids.at(-1) })).toBe('ok');
    const devices = await desk.window.call<unknown[]>('device.status', {});
    expect(devices.ok && devices.value.length).toBeLessThanOrEqual(16);
  });
});

describe('a hub impostor on the hub’s address', () => {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const names = { addresses: ['127.0.0.1'], hostnames: ['localhost'] };
  const certificatesOf = (chain: string) =>
    chain
      .split(/(?<=-----END CERTIFICATE-----)/)
      .filter((pem) => pem.includes('BEGIN'))
      .map((pem) => `${pem.trim()}\n`);

  /** An authority of the attacker's own, under the subject name of the hub's. */
  async function authorityNamedLikeTheHub(): Promise<KeyAndCertificate> {
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const hubAuthority = new x509.X509Certificate(hub.tls.caPem);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: new x509.X509Certificate(hub.tls.caPem).serialNumber,
      name: hubAuthority.subject,
      notBefore: hubAuthority.notBefore,
      notAfter: hubAuthority.notAfter,
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      ],
    });
    const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;
    return { certPem: certificate.toString('pem') + '\n', keyPem };
  }

  /** A TLS server on the hub's port presenting `chain`: what reaches it past the handshake. */
  async function impostor(chain: string, keyPem: string) {
    await hub.stopServer();
    let requests = 0;
    let refusals = 0;
    const wake = new Set<() => void>();
    const server = createHttpsServer({ key: keyPem, cert: chain });
    server.on('request', (_request, response) => {
      requests += 1;
      response.end();
    });
    server.on('upgrade', (_request, socket: Duplex) => {
      requests += 1;
      socket.destroy();
    });
    server.on('tlsClientError', () => {
      refusals += 1;
      for (const each of wake) each();
    });
    await new Promise<void>((resolve) => server.listen(hub.port, '127.0.0.1', resolve));
    return {
      requests: () => requests,
      /** Resolves once `count` handshakes have been refused by the desk. */
      refused: (count: number) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (refusals < count) return;
            wake.delete(check);
            resolve();
          };
          wake.add(check);
        }),
      close: () => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  const cases: Array<[string, () => Promise<{ chain: string; keyPem: string }>]> = [
    [
      'its own authority, the hub’s in its chain too',
      async () => {
        const own = await createAuthority(new Date());
        const server = await issueServerCertificate(own, names, new Date());
        return { chain: server.certPem + own.certPem + hub.tls.caPem, keyPem: server.keyPem };
      },
    ],
    [
      'an authority named like the hub’s',
      async () => {
        const own = await authorityNamedLikeTheHub();
        const server = await issueServerCertificate(own, names, new Date());
        return { chain: server.certPem + own.certPem, keyPem: server.keyPem };
      },
    ],
    [
      'a certificate signed with the hub’s own server certificate, which is no authority',
      async () => {
        const [hubServer = ''] = certificatesOf(hub.tls.certChainPem);
        const signedByServer = await issueServerCertificate(
          { certPem: hubServer, keyPem: hub.tls.keyPem },
          names,
          new Date(),
        );
        return {
          chain: signedByServer.certPem + hubServer + hub.tls.caPem,
          keyPem: signedByServer.keyPem,
        };
      },
    ],
    [
      'the hub’s authority made again (its key lost)',
      async () => {
        const remade = await createAuthority(new Date());
        const server = await issueServerCertificate(remade, names, new Date());
        return { chain: server.certPem + remade.certPem, keyPem: server.keyPem };
      },
    ],
  ];

  for (const [what, make] of cases) {
    it(`with ${what} never gets a desk’s token, nor a pairing code`, async () => {
      const identity = await hub.pair('Kaunter 2', '127.0.0.2');
      const code = h.ok('mgr', 'hub.issuePairingCode', {}).code;
      const { chain, keyPem } = await make();
      const fake = await impostor(chain, keyPem);
      try {
        const window = windowOf(hub.connect(identity, '127.0.0.2'), 'clerk');
        // The page socket and the device link each try, and are refused, twice.
        await fake.refused(4);
        expect(await window.code('auth.signIn', rightPin('CLERK01'))).toBe('HUB_GONE');
        const pairing = pairingRefusal(hub.pair('Kaunter 3', '127.0.0.3', code));
        expect(['HUB_FINGERPRINT_MISMATCH', 'HUB_UNREACHABLE']).toContain(await pairing);
        expect(fake.requests()).toBe(0);
      } finally {
        await fake.close();
      }
    });
  }
});

describe('one clerk signed in at two desks at once', () => {
  it('shares one hourly read quota between them', async () => {
    h.ok('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 20 });
    const two = await deskAt('Kaunter 2', '127.0.0.2', 'CLERK01');
    const three = await deskAt('Kaunter 3', '127.0.0.3', 'CLERK01');
    const lookUp = (index: number) => ({
      docType: 'MYKAD',
      docNumber: syntheticMyKad(index),
      docCountry: null,
    });
    const codes: string[] = [];
    for (let index = 1; index <= 22; index += 1) {
      const desk = index % 2 === 0 ? two : three;
      codes.push(await desk.window.code('recipient.findByDocument', lookUp(index)));
    }
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('ok'));
    expect(codes.slice(20)).toEqual(['READ_QUOTA_EXCEEDED', 'READ_QUOTA_EXCEEDED']);
  });
});

describe('the hub’s own screens’ server', () => {
  it('will not serve in clear text on an address other machines reach', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'localhost.example']) {
      await expect(
        startStationServer({
          app: h.app,
          rendererDir: h.dir,
          host,
          stationId: 'hub-test',
          log: silentLogger,
        }),
        host,
      ).rejects.toThrow(/clear text/);
    }
  });
});

describe('a visitor’s laptop holding connections open', () => {
  /** A TLS connection from `localAddress` that sends nothing after its handshake: open, or dropped. */
  const idleTls = (localAddress: string) =>
    new Promise<{ open: boolean; socket: TLSSocket }>((resolve) => {
      const tcp = netConnect({ host: '127.0.0.1', port: hub.port, localAddress });
      const socket = tlsConnect({ socket: tcp, rejectUnauthorized: false });
      socket.once('secureConnect', () => resolve({ open: true, socket }));
      socket.once('error', () => undefined);
      socket.once('close', () => resolve({ open: false, socket }));
    });

  it('holds a few of the hub’s connections, not every one the paired desks need', async () => {
    const held = await Promise.all(Array.from({ length: 256 }, () => idleTls('127.0.0.9')));
    try {
      const desk = await deskAt('Kaunter 2', '127.0.0.2', 'CLERK01');
      expect(await desk.window.code('queue.list', {})).toBe('ok');
      expect(held.filter((each) => each.open).length).toBeLessThanOrEqual(32);
    } finally {
      for (const each of held) each.socket.destroy();
    }
  });

  it('gets a connection that never starts TLS closed as soon as one that sends no headers', async () => {
    await hub.stop();
    hub = await startHubFixture(h, { limits: { headersTimeoutMs: 300 } });
    const closed = await new Promise<boolean>((resolve) => {
      const socket = netConnect({ host: '127.0.0.1', port: hub.port, localAddress: '127.0.0.9' });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 5_000);
      socket.once('error', () => undefined);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    expect(closed).toBe(true);
  });
});

describe('a desk asking about writes the hub never saw, over and over', () => {
  it('cannot fill the hub’s database: past its hourly budget it is refused, and nothing is settled', async () => {
    const desk = await deskAt('Kaunter 2', '127.0.0.2');
    await desk.link;
    const opened = await hub.socket(
      socketPath,
      { Authorization: `Bearer ${desk.identity.token}` },
      '127.0.0.2',
    );
    const socket = opened.socket;
    if (socket === null) throw new Error('the desk’s socket did not open');
    const replies: Array<{ settled?: unknown; result?: { error: { code: string } } }> = [];
    const all = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        replies.push(JSON.parse(String(data)) as (typeof replies)[number]);
        if (replies.length === 20) resolve();
      });
    });
    for (let message = 0; message < 20; message += 1) {
      const settle = Array.from({ length: 100 }, () => randomUUID());
      socket.send(JSON.stringify({ id: message, settle }));
    }
    await all;
    const rows = h.db.sqlite
      .prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM request_outcomes WHERE station = ?',
      )
      .get(desk.identity.deskId)?.n;
    expect(rows).toBeLessThanOrEqual(UNKNOWN_SETTLED_PER_HOUR);
    expect(replies.filter((reply) => Array.isArray(reply.settled))).toHaveLength(
      UNKNOWN_SETTLED_PER_HOUR / 100,
    );
    expect(new Set(replies.flatMap((reply) => reply.result?.error.code ?? []))).toEqual(
      new Set(['REQUESTS_SETTLED_TOO_OFTEN']),
    );
    expect(await desk.window.code('auth.signIn', rightPin('CLERK01'))).toBe('ok');
  });
});

describe('a write in flight when the hub stops, once the desk’s budget of questions is spent', () => {
  it('is not reported as not saved: the desk is back, and the write stays in doubt', async () => {
    const desk = await deskAt('Meja vaksin 3', '127.0.0.3', 'VAX01');
    // The hub stops before the write reaches its console: its id is one the hub never saw.
    hub.intercept = async (channel, input, context) => {
      if (channel !== 'auth.signOut') return h.app.dispatch(channel, input, context);
      await hub.stopServer();
      return { ok: false, error: { code: 'INTERNAL', message: { ms: '', en: '' } } };
    };
    const gone = desk.window.next('station.link', (p: { connected: boolean }) => !p.connected);
    expect(await desk.window.code('auth.signOut', {})).toBe('STATION_DISCONNECTED');
    await gone;
    await h.app.settleRequests(
      desk.identity.deskId,
      Array.from({ length: UNKNOWN_SETTLED_PER_HOUR }, () => randomUUID()),
    );
    hub.intercept = null;
    const back = desk.window.next('station.link', (p: { connected: boolean }) => p.connected);
    await hub.restartServer();
    expect(await back).toEqual({ connected: true, refused: false, settled: [] });
  });
});

describe('pairing through something that holds the hub’s certificate but does not pair', () => {
  it('is the hub’s refusal, not a network fault, and no identity', async () => {
    await hub.stopServer();
    const proxy = createHttpsServer({ key: hub.tls.keyPem, cert: hub.tls.certChainPem }, (_, res) =>
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>'),
    );
    await new Promise<void>((resolve) => proxy.listen(hub.port, '127.0.0.1', resolve));
    try {
      const code = h.app.desks.issueOperatorCode().code;
      expect(await pairingRefusal(hub.pair('Kaunter 2', '127.0.0.2', code))).toBe(
        'HUB_REFUSED_DESK',
      );
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
