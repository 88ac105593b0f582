/**
 * The hub on the centre's network, as browser mode's `--lan` and the Electron app start it: a real
 * console behind real TLS on loopback addresses (127.0.0.2, .3), desks pairing with it; and the
 * app's own choice of addresses and port, as pure functions over tables of network interfaces.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { NetworkInterfaceInfo } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServiceConfig } from 'bonjour-service';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../core/testing/harness';
import { createStation } from '../core/testing/scenario';
import { pairWithHub } from './desk-client';
import { ioTimeoutMs } from './hub-fixture';
import {
  DEFAULT_HUB_PORT,
  hubAddresses,
  hubPort,
  startAppHub,
  startLanHub,
  type LanHub,
} from './lan-hub';
import type { Announcer } from './mdns';
import { fileSecretStore } from './secret-files';

let h: Harness;
let folder: string;
let rendererDir: string;
let hub: LanHub | null;
/** What the stand-in announcer was asked to announce, and whether it was stopped. */
let announced: Array<{ service: ServiceConfig; stopped: boolean }>;
const recordingAnnouncer: Announcer = (service) => {
  const entry = { service, stopped: false };
  announced.push(entry);
  return async () => {
    entry.stopped = true;
  };
};
/** What a logger was told. */
let logged: Array<{ event: string; fields: Record<string, unknown> }>;
const recordingLog = {
  info: (event: string, fields: Record<string, unknown> = {}) => logged.push({ event, fields }),
  error: (event: string, fields: Record<string, unknown> = {}) => logged.push({ event, fields }),
};

function startOnLoopback(hosts: string[]): Promise<LanHub> {
  return startLanHub({
    app: h.app,
    store: fileSecretStore(path.join(folder, 'data')),
    rendererDir,
    hosts,
    port: 0,
    hostname: 'hub-pc',
    stationId: 'lan-hub-test',
    announce: recordingAnnouncer,
    log: recordingLog,
    heartbeat: () => () => undefined,
  });
}

/** An HTTPS GET trusting the hub's authority: the status, or the error's code. */
function httpsStatus(origin: string, caPem: string, pathname = '/'): Promise<number | string> {
  return statusOf(
    httpsRequest(`${origin}${pathname}`, {
      ca: caPem,
      localAddress: '127.0.0.4',
      timeout: ioTimeoutMs,
    }),
  );
}

/** A plain-HTTP GET to the same port: what a client speaking clear text gets. */
function plainHttpStatus(origin: string): Promise<number | string> {
  return statusOf(httpRequest(`http://${new URL(origin).host}/`, { timeout: ioTimeoutMs }));
}

/** A request's status code, or the code of the error that ended it. */
function statusOf(sent: ClientRequest): Promise<number | string> {
  return new Promise((resolve) => {
    sent.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.once('timeout', () =>
      sent.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    sent.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    sent.end();
  });
}

describe('the hub on the network (browser mode --lan and the app)', () => {
  beforeEach(async () => {
    h = await createStation({ openDay: true });
    folder = mkdtempSync(path.join(tmpdir(), 'ppv-lan-hub-'));
    rendererDir = path.join(folder, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><title>PPV Console</title>',
    );
    hub = null;
    announced = [];
    logged = [];
  });

  afterEach(async () => {
    await hub?.close();
    h.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves desks over TLS on each of its addresses, on one port, and announces that port', async () => {
    hub = await startOnLoopback(['127.0.0.2', '127.0.0.3']);
    const port = String(hub.port);
    expect(hub.origins).toEqual([`https://127.0.0.2:${port}`, `https://127.0.0.3:${port}`]);
    expect(h.app.desks.network()).toEqual({
      hubUrls: hub.origins,
      caFingerprint: hub.caFingerprint,
    });
    // Announced with the port it really listens on, not the 0 it was asked for.
    expect(announced.map((entry) => entry.service.port)).toEqual([hub.port]);
    // The authority stays in the store: the same fingerprint at the next start.
    expect(readFileSync(path.join(folder, 'data', 'hub-ca.crt'), 'utf8')).toBe(hub.caPem);

    // A desk pairs at either address, checking the authority against the fingerprint.
    for (const [index, origin] of hub.origins.entries()) {
      const identity = await pairWithHub({
        hubAddress: new URL(origin).host,
        caFingerprint: hub.caFingerprint,
        code: h.ok('mgr', 'hub.issuePairingCode', {}).code,
        deskName: `Kaunter ${index + 2}`,
        localAddress: '127.0.0.4',
      });
      expect(identity.deskName).toBe(`Kaunter ${index + 2}`);
    }
  });

  it('gives nothing to a caller that is not paired, and nothing in clear text', async () => {
    hub = await startOnLoopback(['127.0.0.2']);
    const [origin = ''] = hub.origins;
    expect(await httpsStatus(origin, hub.caPem)).toBe(403);
    expect(await httpsStatus(origin, hub.caPem, '/socket')).toBe(403);
    // The hub's own screens' one-time links do not exist on the desks' server.
    expect(await httpsStatus(origin, hub.caPem, '/?code=x'.padEnd(30, 'x'))).toBe(403);
    expect(await plainHttpStatus(origin)).not.toBe(200);
    expect(typeof (await plainHttpStatus(origin))).toBe('string');
  });

  it('stops: no port, no announcement, no address on the manager’s screen', async () => {
    const started = await startOnLoopback(['127.0.0.2']);
    const [origin = ''] = started.origins;
    await started.close();
    expect(announced.every((entry) => entry.stopped)).toBe(true);
    expect(h.app.desks.network()).toBeNull();
    expect(await httpsStatus(origin, started.caPem)).toBe('ECONNREFUSED');
  });

  it('logs an announcement that fails, in words, and goes on serving desks', async () => {
    const failing: Announcer = (_service, onError) => {
      onError(Object.assign(new Error('bind EADDRINUSE 0.0.0.0:5353'), { code: 'EADDRINUSE' }));
      return async () => undefined;
    };
    hub = await startLanHub({
      app: h.app,
      store: fileSecretStore(path.join(folder, 'data')),
      rendererDir,
      hosts: ['127.0.0.2'],
      port: 0,
      hostname: 'hub-pc',
      stationId: 'lan-hub-test',
      announce: failing,
      log: recordingLog,
    });
    expect(logged).toEqual([
      {
        event: 'hub.notAnnounced',
        fields: {
          message:
            'The hub is not announced on the network (bind EADDRINUSE 0.0.0.0:5353): desks enter its address by hand.',
        },
      },
    ]);
    expect(await httpsStatus(hub.origins[0] ?? '', hub.caPem)).toBe(403);
  });

  it('refuses to start on a port already taken, and leaves none of its addresses open', async () => {
    hub = await startOnLoopback(['127.0.0.3']);
    const taken = hub.port;
    await expect(
      startLanHub({
        app: h.app,
        store: fileSecretStore(path.join(folder, 'data')),
        rendererDir,
        hosts: ['127.0.0.2', '127.0.0.3'],
        port: taken,
        hostname: 'hub-pc',
        stationId: 'lan-hub-test',
        announce: recordingAnnouncer,
        log: recordingLog,
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(await httpsStatus(`https://127.0.0.2:${taken}`, hub.caPem)).toBe('ECONNREFUSED');
    expect(announced).toHaveLength(1);
  });
  it('with no private address, opens nothing and says in the log that desks cannot join', async () => {
    const started = await startAppHub({
      app: h.app,
      store: fileSecretStore(path.join(folder, 'data')),
      rendererDir,
      hostname: 'hub-pc',
      stationId: 'lan-hub-test',
      announce: recordingAnnouncer,
      interfaces: { lo: [entry('127.0.0.1', 'IPv4', true)], wan: [entry('203.0.113.5')] },
      environment: {},
      log: recordingLog,
      caFile: path.join(folder, 'hub-ca.crt'),
    });
    expect(started).toBeNull();
    expect(announced).toEqual([]);
    expect(h.app.desks.network()).toBeNull();
    expect(logged).toEqual([
      {
        event: 'hub.networkUnavailable',
        fields: {
          message: expect.stringMatching(
            /^Desks cannot join this hub: this PC has no private network address .*own window only\.$/,
          ),
        },
      },
    ]);
  });

  it('with a port that is not one, opens nothing and says why', async () => {
    const started = await startAppHub({
      app: h.app,
      store: fileSecretStore(path.join(folder, 'data')),
      rendererDir,
      hostname: 'hub-pc',
      stationId: 'lan-hub-test',
      announce: recordingAnnouncer,
      interfaces: { eth0: [entry('192.168.1.10')] },
      environment: { PPV_HUB_PORT: 'https' },
      log: recordingLog,
      caFile: path.join(folder, 'hub-ca.crt'),
    });
    expect(started).toBeNull();
    expect(announced).toEqual([]);
    expect(String(logged[0]?.fields['message'])).toContain('PPV_HUB_PORT=https is not a port');
  });
});

/** An interface entry as os.networkInterfaces() lists it. */
function entry(address: string, family: 'IPv4' | 'IPv6' = 'IPv4', internal = false) {
  return {
    address,
    family,
    internal,
    netmask: family === 'IPv4' ? '255.255.255.0' : 'ffff:ffff:ffff:ffff::',
    mac: '00:00:00:00:00:00',
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  } as NetworkInterfaceInfo;
}

describe('where the app’s hub listens', () => {
  it.each([
    ['a PC on a home router', { eth0: [entry('192.168.1.10')] }, ['192.168.1.10']],
    ['a 10/8 network', { Ethernet: [entry('10.20.30.40')] }, ['10.20.30.40']],
    [
      'the ends of 172.16/12',
      { a: [entry('172.16.0.1')], b: [entry('172.31.255.254')] },
      ['172.16.0.1', '172.31.255.254'],
    ],
    ['just outside 172.16/12', { a: [entry('172.15.0.1')], b: [entry('172.32.0.1')] }, []],
    ['loopback only', { lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)] }, []],
    [
      'a public address beside a private one',
      { wan: [entry('203.0.113.5')], lan: [entry('192.168.0.2')] },
      ['192.168.0.2'],
    ],
    ['a public address only', { eth0: [entry('8.8.4.4')] }, []],
    [
      'link-local (no DHCP answer) and carrier-grade NAT',
      { eth0: [entry('169.254.10.2'), entry('100.64.0.9')] },
      [],
    ],
    ['the wildcard', { odd: [entry('0.0.0.0')] }, []],
    [
      'IPv6 unique-local and link-local',
      { eth0: [entry('fd00::5', 'IPv6'), entry('fe80::1', 'IPv6')] },
      [],
    ],
    [
      'the same address on two interfaces',
      { a: [entry('10.0.0.5')], b: [entry('10.0.0.5')] },
      ['10.0.0.5'],
    ],
    [
      'Wi-Fi and cable',
      { 'Wi-Fi': [entry('192.168.1.11')], Ethernet: [entry('10.1.1.11')] },
      ['192.168.1.11', '10.1.1.11'],
    ],
    ['no interfaces', {}, []],
  ])('%s', (_name, interfaces, expected) => {
    expect(hubAddresses(interfaces as NodeJS.Dict<NetworkInterfaceInfo[]>)).toEqual(expected);
  });

  it.each([
    [undefined, { ok: true, port: DEFAULT_HUB_PORT }],
    ['', { ok: true, port: 8443 }],
    ['9443', { ok: true, port: 9443 }],
    [' 10443 ', { ok: true, port: 10443 }],
    ['65535', { ok: true, port: 65535 }],
    ['0', { ok: false }],
    ['65536', { ok: false }],
    ['-1', { ok: false }],
    ['84.43', { ok: false }],
    ['0x20FB', { ok: false }],
    ['8443; rm -rf', { ok: false }],
  ])('PPV_HUB_PORT=%s', (given, expected) => {
    const environment = given === undefined ? {} : { PPV_HUB_PORT: given };
    expect(hubPort(environment)).toMatchObject(expected);
  });
});
