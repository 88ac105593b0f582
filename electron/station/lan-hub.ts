// The hub on the centre's network, as both composition roots start it (the Electron app and
// browser mode's `--lan`): its authority from the secret store, a server certificate for the
// addresses it listens on, the desks' server over TLS on each address, the mDNS announcement, and
// the address and fingerprint the manager's screen shows. Also how the app's hub chooses its
// addresses and port. No Electron here.
import { writeFile } from 'node:fs/promises';
import type { NetworkInterfaceInfo } from 'node:os';
import { isIP, isIPv4 } from 'node:net';
import type { ConsoleApp } from '../core/app';
import { consoleLogger, type Logger } from '../core/shared/log';
import { hubAnnouncement, type Announcer } from './mdns';
import { loadHubTls, type SecretStore } from './pki';
import { startStationServer, type Heartbeat, type StationServer } from './server';

/** The app's hub listens here unless PPV_HUB_PORT says otherwise. */
export const DEFAULT_HUB_PORT = 8443;
/** The environment variable that moves the app's hub to another port. */
export const HUB_PORT_VARIABLE = 'PPV_HUB_PORT';

export interface LanHubOptions {
  app: Pick<ConsoleApp, 'dispatch' | 'onEventFor' | 'endConnection' | 'settleRequests'> &
    Pick<ConsoleApp, 'desks' | 'stationDevices' | 'onEvent' | 'devices'>;
  /** Where the authority's key is kept: the OS key store in the app, 0600 files in browser mode. */
  store: SecretStore;
  /** The renderer build served to browser desks. */
  rendererDir: string;
  /** The addresses (or one host name) desks reach the hub at; one server listens on each. */
  hosts: string[];
  /** 0 picks a free port (tests); every address then shares the first one's. */
  port: number;
  /** This PC's name: in the certificate (with `.local`), and in the announcement. */
  hostname: string;
  stationId: string;
  /** Announces the hub over mDNS; null announces nothing. */
  announce: Announcer | null;
  log?: Logger;
  /** The desks' servers' ping round (tests drive it by hand). */
  heartbeat?: Heartbeat;
}

export interface LanHub {
  /** `https://ADDRESS:PORT`, one per address, as desks are told to reach the hub. */
  origins: string[];
  port: number;
  /** SHA-256 of the authority's certificate, `AB:CD:…`: what a person checks at pairing. */
  caFingerprint: string;
  /** The authority's certificate (public), for a browser desk to trust. */
  caPem: string;
  close(): Promise<void>;
}

/** Starts the hub on the network; a failure on any address closes what had started and throws. */
export async function startLanHub(options: LanHubOptions): Promise<LanHub> {
  const { app, hosts } = options;
  if (hosts.length === 0) throw new Error('the hub needs an address on the network');
  const names = [options.hostname, `${options.hostname}.local`];
  const tls = await loadHubTls(options.store, {
    addresses: hosts.filter((host) => isIP(host) !== 0),
    hostnames: [...hosts.filter((host) => isIP(host) === 0), ...names],
  });
  const servers: StationServer[] = [];
  let port = options.port;
  try {
    for (const host of hosts) {
      const server = await startStationServer({
        app,
        desks: app,
        rendererDir: options.rendererDir,
        host,
        port,
        hostnames: [...hosts, ...names],
        tls: { key: tls.keyPem, cert: tls.certChainPem },
        stationId: options.stationId,
        ...(options.log ? { log: options.log } : {}),
        ...(options.heartbeat ? { heartbeat: options.heartbeat } : {}),
      });
      servers.push(server);
      port = Number(new URL(server.origin).port);
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  const origins = servers.map((server) => server.origin);
  app.desks.setNetwork({ hubUrls: origins, caFingerprint: tls.caFingerprint });
  const log = options.log ?? consoleLogger;
  const stopAnnouncing =
    options.announce?.(hubAnnouncement({ hostname: options.hostname, port }), (error) =>
      log.error('hub.notAnnounced', {
        message: `The hub is not announced on the network (${error.message}): desks enter its address by hand.`,
      }),
    ) ?? (async () => undefined);
  return {
    origins,
    port,
    caFingerprint: tls.caFingerprint,
    caPem: tls.caPem,
    close: async () => {
      app.desks.setNetwork(null);
      await stopAnnouncing();
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

/** 10/8, 172.16/12, 192.168/16 (RFC 1918): addresses the internet cannot route to. */
export function isPrivateIPv4(address: string): boolean {
  if (!isIPv4(address)) return false;
  const [a = -1, b = -1] = address.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * Where the app's hub listens: this PC's private IPv4 addresses (RFC 1918), each once, in the order
 * the system lists them. Never a wildcard, a loopback, a link-local or a public address.
 */
export function hubAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const found = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal && isPrivateIPv4(entry.address)) {
        found.add(entry.address);
      }
    }
  }
  return [...found];
}

/** The app's hub port: PPV_HUB_PORT if set (1–65535), else 8443; words for anything else. */
export function hubPort(
  environment: NodeJS.ProcessEnv,
): { ok: true; port: number } | { ok: false; reason: string } {
  const given = environment[HUB_PORT_VARIABLE];
  if (given === undefined || given.trim() === '') return { ok: true, port: DEFAULT_HUB_PORT };
  const port = /^\d{1,5}$/.test(given.trim()) ? Number(given.trim()) : NaN;
  if (port >= 1 && port <= 65_535) return { ok: true, port };
  return {
    ok: false,
    reason: `${HUB_PORT_VARIABLE}=${given} is not a port (a whole number from 1 to 65535)`,
  };
}

export interface AppHubOptions extends Omit<LanHubOptions, 'hosts' | 'port' | 'log'> {
  /** os.networkInterfaces() */
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
  environment: NodeJS.ProcessEnv;
  log: Logger;
  /** Where the authority's certificate (public) is written, for the IT person to give browser desks. */
  caFile: string;
}

/**
 * The app's hub on the network, at the addresses and port it chooses itself; or, with no private
 * address, a port that is not one or a port already taken, null and the reason in the log: the hub
 * then serves its own window only and desks cannot join.
 */
export async function startAppHub(options: AppHubOptions): Promise<LanHub | null> {
  const { interfaces, environment, log, caFile, ...rest } = options;
  const port = hubPort(environment);
  const hosts = hubAddresses(interfaces);
  const refuse = (reason: string) => {
    log.error('hub.networkUnavailable', {
      message: `Desks cannot join this hub: ${reason}. This PC serves its own window only.`,
    });
    return null;
  };
  if (!port.ok) return refuse(port.reason);
  if (hosts.length === 0) {
    return refuse(
      'this PC has no private network address (10.x.x.x, 172.16-31.x.x or 192.168.x.x)',
    );
  }
  try {
    const hub = await startLanHub({ ...rest, hosts, port: port.port, log });
    log.info('hub.networkStarted', { origins: hub.origins.join(' ') });
    await writeFile(caFile, hub.caPem).catch((error: unknown) =>
      log.error('hub.caFileNotWritten', { file: caFile, message: String(error) }),
    );
    return hub;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(
      code === 'EADDRINUSE'
        ? `port ${port.port} is already in use by another program (set ${HUB_PORT_VARIABLE} to another port)`
        : `the network server did not start (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
