// The station transport: the built renderer over HTTP and the contract over a WebSocket, in front
// of the same dispatcher as the Electron window. Two ways in:
// - the hub's own screens, on loopback: a page gets this launch's key by opening a one-time link
//   (`/?code=…`), which the server trades for an HttpOnly cookie;
// - paired desks, over TLS on the centre's network (`desks`): a desk proves itself with the token
//   it got at pairing (a bearer header from the desk app, an HttpOnly cookie in a browser); an
//   unpaired or revoked desk gets nothing but the pairing form, and that only with a live code.
//   The desk app's token is replaced each time its device link opens, and its sessions open only
//   beside that link: a copy of its identity cannot be used without replacing the desk's token.
// A socket opens only for such a caller (a page's only from this server's own origin), and each
// socket is one connection with its own session. Every connection is bounded: in number, in the
// time it may take to send a request, in what it may leave unread, and a socket must answer pings.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import { isIPv4, isIPv6, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventName } from '../contract';
import type { DispatchResult } from '../contract/define';
import { localise, type ErrorCode } from '../contract/errors';
import type { ConsoleApp } from '../core/app';
import { HUB_STATION, type PairedDesk } from '../core/desks/registry';
import type { CallContext } from '../core/dispatch/types';
import { DomainError } from '../core/shared/errors';
import { deskLinkPath, serveDeskLink, type HubNotice } from './desk-link';
import { pairingPage, readPairingRequest } from './pairing-page';
import { systemClock, type Clock } from '../core/shared/clock';
import { consoleLogger, type Logger } from '../core/shared/log';

export interface StationLimits {
  /** TCP connections open at once, pages and sockets together; more are dropped on arrival. */
  maxConnections: number;
  /**
   * The desks' server: TCP connections open at once from one address other than the hub's own PC
   * (127.0.0.1, ::1); more are dropped on arrival. A desk needs a few; a laptop on the Wi-Fi cannot
   * hold every place the desks need.
   */
  maxConnectionsPerAddress: number;
  /**
   * The time a client has to send a request's headers (slowloris; over TLS, to finish its handshake
   * too), and the whole request.
   */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** A file being sent that has not moved for this long is abandoned (a reader that stalls). */
  stalledTimeoutMs: number;
  /** The largest message a socket may send; a larger one closes it (1009). */
  maxMessageBytes: number;
  /** Replies and events a socket has left unread; past this the socket is closed. */
  maxUnreadBytes: number;
  /** How long a page link's one-time code stays good. */
  codeLifetimeMs: number;
  /**
   * How long a socket's state events (`statusEvents`) may wait to be sent, so that many changes in
   * a row reach it as one: the latest. A reply on the socket sends what waits first.
   */
  eventCoalesceMs: number;
}

export const defaultLimits: StationLimits = {
  maxConnections: 256,
  maxConnectionsPerAddress: 32,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  stalledTimeoutMs: 30_000,
  maxMessageBytes: 64 * 1024,
  maxUnreadBytes: 2 * 1024 * 1024,
  codeLifetimeMs: 2 * 60_000,
  eventCoalesceMs: 50,
};

/**
 * Events whose payload is the whole of a state (the queue's count, the day, the clock…): one that
 * follows another of its name makes the earlier one moot. With fifty desks writing, the queue
 * changes hundreds of times a second; each screen needs the latest, not each step.
 */
const statusEvents: ReadonlySet<EventName> = new Set<EventName>([
  'queue.changed',
  'day.changed',
  'clock.changed',
  'upload.changed',
  'audit.anchorChanged',
  'device.changed',
  'backup.changed',
  'hub.desksChanged',
]);

/** Calls `beat` periodically until the returned function stops it. */
export type Heartbeat = (beat: () => void) => () => void;

/** Every 30 seconds: a socket that has not answered the previous ping by the next is closed. */
const everyThirtySeconds: Heartbeat = (beat) => {
  const timer = setInterval(beat, 30_000);
  timer.unref();
  return () => clearInterval(timer);
};

/** What serving paired desks needs of the console. */
export type DeskAccess = Pick<ConsoleApp, 'desks' | 'stationDevices' | 'onEvent' | 'devices'>;

export interface StationServerOptions {
  app: Pick<ConsoleApp, 'dispatch' | 'onEventFor' | 'endConnection' | 'settleRequests'>;
  /** The renderer build (out/renderer); nothing outside it is served. */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Serve HTTPS and WSS with this key and certificate; plain HTTP on loopback without. */
  tls?: HttpsOptions;
  /**
   * Serve paired desks instead of the hub's own screens: needs `tls`. `hostnames` are the other
   * names and addresses desks may reach the server by (its certificate's).
   */
  desks?: DeskAccess;
  hostnames?: string[];
  /** The key a page's cookie must carry to open a socket (base64url); random per launch by default. */
  secret?: string;
  /** The server's own station id; each socket is audited as `<stationId>/<short id>@<address>`. */
  stationId: string;
  limits?: Partial<StationLimits>;
  /** Runs the ping round; tests drive it by hand. */
  heartbeat?: Heartbeat;
  /** Measures the one-time codes' lifetime. */
  clock?: Pick<Clock, 'monotonic'>;
  log?: Logger;
}

export interface StationServer {
  origin: string;
  /**
   * A fresh page link: its code opens the console in one browser, once, within the code lifetime.
   * Only for the hub's own screens: a server for desks has none.
   */
  issuePageUrl(): string;
  close(): Promise<void>;
}

/** Where pages open their socket. */
export const socketPath = '/socket';
/** Where a browser desk pairs (the form, and its answer). */
export const pairPath = '/pair';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** On every response. The page's CSP is in its meta tag; frame-ancestors only works as a header. */
const securityHeaders: OutgoingHttpHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** What a browser the server does not know is shown: an unpaired or revoked desk. No script. */
const deskRefused = `<!doctype html>
<html lang="ms"><head><meta charset="utf-8"><title>Tidak berpasangan · Not paired</title></head>
<body><main><h1>Stesen ini tidak berpasangan dengan hab ini.</h1>
<p>Pasangkan dengan kod daripada pengurus di hab.</p>
<h1 lang="en">This station is not paired with this hub.</h1>
<p lang="en">Pair it with a code from the manager at the hub.</p></main></body></html>
`;

/** What a browser is shown that brings a desk's identity while that desk is connected elsewhere. */
const deskElsewhere = `<!doctype html>
<html lang="ms"><head><meta charset="utf-8"><title>Digunakan di tempat lain · In use elsewhere</title></head>
<body><main><h1>Identiti meja ini sedang digunakan dari alamat lain.</h1>
<p>Jika meja ini baru berpindah, cuba lagi dalam satu minit. Jika tidak, beritahu pengurus di hab.</p>
<h1 lang="en">This desk's identity is in use from another address.</h1>
<p lang="en">If this desk has just moved, try again in a minute. If not, tell the manager at the hub.</p>
</main></body></html>
`;

/** What a person sees who opens a link a second time, or too late. */
const linkRefused =
  'Pautan ini telah digunakan atau telah tamat tempoh. Dapatkan pautan baharu daripada konsol.\n' +
  'This link has already been used or has expired. Get a new link from the console.\n';

/**
 * Why a request is served nothing: no identity this server knows, a desk's in use elsewhere, or a
 * desk app's session asked for while its device link is not open (it opens first, then sessions).
 */
type Refusal = 'unknown' | 'elsewhere' | 'noLink';

/** What a desk's token opens: its device link (which replaces the token), or a session. */
type Entry = 'link' | 'session';

/** Who is calling: the hub's own page, or a paired desk (and how it proved itself). */
interface Caller {
  /** HUB_STATION, or the desk's id: whose device reads and write outcomes are theirs. */
  station: string;
  desk?: PairedDesk;
  /** The desk's token as it came: the device link replaces it. */
  token?: string;
  /** A browser's cookie, not the desk app's header: its socket must come from this origin. */
  byCookie: boolean;
}

export async function startStationServer(options: StationServerOptions): Promise<StationServer> {
  const { app, stationId, desks } = options;
  if (desks && !options.tls) throw new Error('desks are served over TLS only');
  const limits = { ...defaultLimits, ...options.limits };
  const log = options.log ?? consoleLogger;
  const host = options.host ?? '127.0.0.1';
  if (!options.tls && !isLoopback(host)) {
    throw new Error(`nothing is served in clear text off loopback: ${host} needs TLS`);
  }
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  if (!/^[\w-]{32,}$/.test(secret)) throw new Error('the station secret must be base64url');
  const secretBytes = Buffer.from(secret);
  const rendererDir = await realpath(options.rendererDir);
  const codes = oneTimeCodes(options.clock ?? systemClock, limits.codeLifetimeMs);

  const timeouts = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs / 2),
  };
  const server = options.tls
    ? createHttpsServer({
        ...options.tls,
        ...timeouts,
        handshakeTimeout: limits.headersTimeoutMs,
      })
    : createHttpServer(timeouts);
  server.maxConnections = limits.maxConnections;
  if (desks) capConnectionsPerAddress(server, limits.maxConnectionsPerAddress, log);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const authorityOf = (name: string) => `${name.includes(':') ? `[${name}]` : name}:${port}`;
  const authority = authorityOf(host);
  const scheme = options.tls ? 'https' : 'http';
  const origin = `${scheme}://${authority}`;
  const authorities = new Set([authority, ...(options.hostnames ?? []).map(authorityOf)]);
  // Cookies do not tell ports apart: a name per port keeps two consoles on one host from mixing.
  const cookieName = `ppv-station-key-${port}`;
  const keyCookie =
    `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/` + (options.tls ? '; Secure' : '');
  const deskCookieName = `ppv-desk-${port}`;

  /** A Host header naming anything else is a rebound DNS name, not this console. */
  const isOwnHost = (request: IncomingMessage) => authorities.has(request.headers.host ?? '');
  /** The origin of the page a request comes from, if it is this server's (by the name it used). */
  const ownOrigin = (request: IncomingMessage) => `${scheme}://${request.headers.host ?? ''}`;

  const cookie = (request: IncomingMessage, wanted: string): string | null => {
    for (const pair of (request.headers.cookie ?? '').split(';')) {
      const [name, value] = pair.trim().split('=', 2);
      if (name === wanted) return value ?? '';
    }
    return null;
  };

  const bringsKey = (request: IncomingMessage) => {
    const given = Buffer.from(cookie(request, cookieName) ?? '');
    return given.length === secretBytes.length && timingSafeEqual(given, secretBytes);
  };

  const addressOf = (request: IncomingMessage) => request.socket.remoteAddress ?? 'unknown';

  /**
   * Who the request is from, or why it is served nothing. A desk's identity is taken from one
   * address at a time: a copy on another PC gets nothing while the desk is connected. A token the
   * hub has replaced revokes the desk (a copy was used while the desk was away). The token before
   * the current one opens the device link only (its answer may have been lost); a desk app's
   * session opens with its current token, by header, beside its open device link only.
   */
  const callerOf = (request: IncomingMessage, entry: Entry): Caller | Refusal => {
    if (!desks) return bringsKey(request) ? { station: HUB_STATION, byCookie: true } : 'unknown';
    const bearer = /^Bearer ([\w.-]{1,200})$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? cookie(request, deskCookieName);
    if (!token) return 'unknown';
    const address = addressOf(request);
    const presented = desks.desks.authenticate(token, address);
    if (presented.kind === 'unknown' || presented.kind === 'copied') return 'unknown';
    const { desk } = presented;
    if (desks.desks.usedElsewhere(desk, address)) return 'elsewhere';
    const caller = { station: desk.id, desk, token, byCookie: bearer === undefined };
    if (entry === 'link') return caller;
    // The desk is storing the token its link was just given, or could not: not refused, not yet.
    if (presented.kind === 'previous') return 'noLink';
    if (presented.rotates) {
      if (caller.byCookie) return 'unknown';
      if (!desks.desks.linkOpenFrom(desk.id, address)) return 'noLink';
    }
    desks.desks.confirm(token);
    return caller;
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    answerRequest(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, securityHeaders);
      response.end();
    });
  });

  const answerRequest = async (request: IncomingMessage, response: ServerResponse) => {
    if (!isOwnHost(request)) return void response.writeHead(403, securityHeaders).end();
    const url = URL.parse(request.url ?? '/', origin);
    if (desks && url?.pathname === pairPath) return answerPairing(request, response, url);
    const code = url?.pathname === '/' && !desks ? url.searchParams.get('code') : null;
    if (code !== null && request.method === 'GET') return exchangeCode(code, response);
    // On loopback the page itself is public (its socket needs the key); a desk gets nothing unpaired.
    const caller = desks ? callerOf(request, 'session') : null;
    if (typeof caller === 'string') return void refuseUnknown(request, response, caller);
    // A reader that stops reading its file gives up its place.
    response.setTimeout(limits.stalledTimeoutMs, () => {
      log.info('station.connectionClosed', { reason: 'stalled' });
      response.destroy();
    });
    await serveStatic(rendererDir, request, response);
  };

  /** Nothing for a caller the server does not know: a plain 403, the page included. */
  const refuseUnknown = (
    request: IncomingMessage,
    response: ServerResponse,
    why: Refusal = 'unknown',
  ) => {
    log.info('station.refused', { address: addressOf(request), why });
    response.writeHead(403, {
      ...securityHeaders,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    });
    response.end(why === 'elsewhere' ? deskElsewhere : deskRefused);
  };

  /**
   * A desk pairs: the form (only for a live code), and the code and name traded for its identity —
   * as JSON for the desk app, as an HttpOnly cookie and a 303 to the console for a browser.
   */
  const answerPairing = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (!desks) return;
    const address = addressOf(request);
    const headers = { ...securityHeaders, 'Cache-Control': 'no-store' };
    if (request.method === 'GET') {
      const code = url.searchParams.get('code') ?? '';
      try {
        desks.desks.checkCode(code, address);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return void refuseUnknown(request, response);
      }
      return pairingPage(response, headers, { code, error: null });
    }
    if (request.method !== 'POST') return void response.writeHead(405, headers).end();
    const wanted = await readPairingRequest(request);
    const asJson = wanted?.json ?? false;
    try {
      if (wanted === null) throw new DomainError('INVALID_INPUT', { issues: 'code, deskName' });
      const identity = desks.desks.pair({ ...wanted.fields, address, app: asJson });
      if (asJson) {
        response.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
        return void response.end(
          JSON.stringify({ deskId: identity.id, deskName: identity.name, token: identity.token }),
        );
      }
      const deskCookie =
        `${deskCookieName}=${identity.token}; HttpOnly; Secure; SameSite=Strict; Path=/; ` +
        'Max-Age=315360000';
      response.writeHead(303, { ...headers, Location: '/', 'Set-Cookie': deskCookie }).end();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      log.info('desk.pairingRefused', { address, code: error.code });
      if (asJson) {
        response.writeHead(403, { ...headers, 'Content-Type': 'application/json' });
        return void response.end(JSON.stringify({ error: error.toBody() }));
      }
      pairingPage(response, headers, { code: wanted?.fields.code ?? '', error: error.toBody() });
    }
  };

  /** The code's one use: the key as a cookie the page's script cannot read, and an address without it. */
  const exchangeCode = (code: string, response: ServerResponse) => {
    const headers = { ...securityHeaders, 'Cache-Control': 'no-store' };
    if (!codes.take(code)) {
      response.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      return void response.end(linkRefused);
    }
    response.writeHead(303, { ...headers, Location: '/', 'Set-Cookie': keyCookie }).end();
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = URL.parse(request.url ?? '/', origin);
    const path = url?.pathname;
    if (path !== socketPath && !(desks && path === deskLinkPath)) {
      return refuseUpgrade(socket, 404, 'Not Found');
    }
    const entry: Entry = desks && path === deskLinkPath ? 'link' : 'session';
    const caller = isOwnHost(request) ? callerOf(request, entry) : 'unknown';
    // A cookie comes with any page's request: only this server's own page may use it. The desk
    // app's header cannot be sent by a page, and its device link takes nothing else.
    const fromOwnPage = request.headers.origin === ownOrigin(request);
    // A desk app's session asked for before its link is open is told to wait, not that it is refused.
    if (caller === 'noLink') return refuseUpgrade(socket, 409, 'Conflict');
    if (
      typeof caller === 'string' ||
      !(caller.byCookie ? fromOwnPage && path === socketPath : request.headers.origin === undefined)
    ) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    sockets.handleUpgrade(request, socket, head, (client) =>
      path === deskLinkPath && desks && caller.desk
        ? serveLink(client, caller, caller.desk, desks, addressOf(request))
        : serveSocket(client, request, caller),
    );
  });

  /** Checked again whenever the desks change: a revoked desk's connections close at once. */
  const stopWatchingDesks = desks?.onEvent((event) => {
    if (event !== 'hub.desksChanged') return;
    for (const open of openSockets.values()) {
      if (open.deskId !== undefined && !desks.desks.active(open.deskId)) open.drop('revoked');
    }
  });

  /**
   * The desk app's device link: its readers and scanners report through it to its own screens.
   * It opens with a new token for the desk, which the desk stores before it says so or uses it.
   */
  const serveLink = (
    client: WebSocket,
    caller: Caller,
    desk: PairedDesk,
    access: DeskAccess,
    address: string,
  ) => {
    const connectionId = `desk-link:${randomUUID()}`;
    // One link per desk: a new one replaces the old.
    for (const open of openSockets.values()) {
      if (open.link && open.station === desk.id) open.drop('replaced');
    }
    const drop = (reason: string) => {
      log.info('station.connectionClosed', { connection: connectionId, reason });
      client.terminate();
    };
    let answeredPing = true;
    openSockets.set(connectionId, {
      station: caller.station,
      deskId: desk.id,
      link: true,
      drop,
      heartbeat: () => {
        if (!answeredPing) return drop('heartbeat');
        answeredPing = false;
        client.ping();
      },
    });
    const released = access.desks.connected(desk.id, address, true);
    // Another link of this desk replaced its token a moment ago: this one's is no longer good.
    const token =
      caller.token === undefined ? null : access.desks.rotate(desk.id, caller.token, address);
    if (token === null) {
      openSockets.delete(connectionId);
      released();
      return drop('replaced');
    }
    client.send(JSON.stringify({ type: 'token', token } satisfies HubNotice));
    const stopLink = serveDeskLink(client, desk.id, access, log, (stored) => {
      if (stored === token) access.desks.confirm(token);
    });
    client.on('pong', () => {
      answeredPing = true;
      access.desks.seen(desk.id);
    });
    client.on('error', () => drop('protocol'));
    client.once('close', () => {
      openSockets.delete(connectionId);
      stopLink();
      released();
    });
  };

  /** The open sockets by connection id: for the ping round, and to close one by its id. */
  const openSockets = new Map<string, OpenSocket>();

  const serveSocket = (client: WebSocket, request: IncomingMessage, caller: Caller): void => {
    const connectionId = `station:${randomUUID()}`;
    const shortId = randomBytes(6).toString('hex');
    const address = addressOf(request);
    const { desk } = caller;
    // Refused too often: the dispatcher ends the session, and the socket is dropped. A desk's sockets,
    // or the sockets from one address, count as one station for the sign-in throttle and the waits;
    // the hub's own pages from every loopback address (127.0.0.0/8 is all this PC's) as one.
    const closeConnection = () => openSockets.get(connectionId)?.drop('refusals');
    const context: CallContext = desk
      ? {
          connectionId,
          stationId: `desk:${desk.id} ${desk.name}/${shortId}@${address}`,
          desk,
          countedAs: `desk:${desk.id}`,
          closeConnection,
          // A call that waited (a PIN's hash) while its desk was revoked writes nothing.
          stillOpen: () => desks?.desks.active(desk.id) === true,
        }
      : {
          connectionId,
          stationId: `${stationId}/${shortId}@${address}`,
          countedAs: `${stationId}@${isLoopback(address) ? 'loopback' : address}`,
          closeConnection,
        };
    const drop = (reason: string) => {
      log.info('station.connectionClosed', { connection: shortId, reason });
      client.terminate();
    };
    const deliver = (text: string) => {
      if (client.readyState !== client.OPEN) return;
      client.send(text);
      if (client.bufferedAmount > limits.maxUnreadBytes) drop('unread');
    };
    /** State events waiting to go, the latest of each name, in the order they last changed. */
    const waiting = new Map<EventName, unknown>();
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    const sendWaiting = () => {
      clearTimeout(waitTimer);
      waitTimer = undefined;
      for (const [event, payload] of waiting) deliver(JSON.stringify({ event, payload }));
      waiting.clear();
    };
    /** Events go out in order, and every one before the reply of the call that caused it. */
    const deliverEvent = (event: EventName, payload: unknown) => {
      if (!statusEvents.has(event)) {
        sendWaiting();
        return deliver(JSON.stringify({ event, payload }));
      }
      waiting.delete(event);
      waiting.set(event, payload);
      waitTimer ??= setTimeout(sendWaiting, limits.eventCoalesceMs);
    };
    const deliverReply = (reply: unknown) => {
      sendWaiting();
      deliver(JSON.stringify(reply));
    };

    const answer = async (data: RawData, isBinary: boolean) => {
      const message = isBinary ? null : parseMessage(data.toString());
      if (message === null) return { id: null, result: failure('STATION_MESSAGE_INVALID') };
      if ('ping' in message) return { pong: message.ping };
      if ('settle' in message) {
        try {
          return {
            id: message.id,
            settled: await app.settleRequests(caller.station, message.settle),
          };
        } catch (error) {
          const code = error instanceof DomainError ? error.code : 'INTERNAL';
          return { id: message.id, result: failure(code) };
        }
      }
      const call = message.requestId ? { ...context, requestId: message.requestId } : context;
      try {
        return {
          id: message.id,
          result: await app.dispatch(message.channel, message.input, call),
        };
      } catch (error) {
        console.error(`[station] ${message.channel} failed outside the dispatcher`, error);
        return { id: message.id, result: failure('INTERNAL') };
      }
    };

    let answeredPing = true;
    const heartbeat = () => {
      if (!answeredPing) return drop('heartbeat');
      answeredPing = false;
      client.ping();
    };
    openSockets.set(connectionId, {
      heartbeat,
      drop,
      station: caller.station,
      deskId: desk?.id,
      link: false,
    });
    const released =
      desk && desks ? desks.desks.connected(desk.id, address, false) : () => undefined;
    const stopEvents = app.onEventFor(connectionId, deliverEvent, caller.station);

    client.on('message', (data: RawData, isBinary: boolean) => {
      void answer(data, isBinary).then(deliverReply);
    });
    client.on('pong', () => {
      answeredPing = true;
      if (desk && desks) desks.desks.seen(desk.id);
    });
    // ws has already answered a message over the limit with 1009, or a broken frame with its code.
    client.on('error', (error: Error & { code?: string }) =>
      drop(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'oversized' : 'protocol'),
    );
    client.once('close', () => {
      clearTimeout(waitTimer);
      openSockets.delete(connectionId);
      stopEvents();
      app.endConnection(connectionId);
      released();
    });
  };

  const stopHeartbeat = (options.heartbeat ?? everyThirtySeconds)(() => {
    for (const socket of openSockets.values()) socket.heartbeat();
  });

  return {
    origin,
    issuePageUrl: () => {
      if (desks) throw new Error('a server for desks has no page links: desks pair');
      return `${origin}/?code=${codes.issue()}`;
    },
    close: async () => {
      stopHeartbeat();
      stopWatchingDesks?.();
      for (const socket of openSockets.values()) socket.drop('stopping');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface OpenSocket {
  /** Pings, or closes the socket if it has not answered the previous ping. */
  heartbeat(): void;
  /** Closes the socket, logging why. */
  drop(reason: string): void;
  /** Whose it is (HUB_STATION or a desk id), and the desk's id if a desk's. */
  station: string;
  deskId: string | undefined;
  /** A desk app's device link, rather than a page's socket. */
  link: boolean;
}

/** Codes good for one use each, until they expire; only the server's owner issues them. */
function oneTimeCodes(clock: Pick<Clock, 'monotonic'>, lifetimeMs: number) {
  const goodUntil = new Map<string, number>();
  const forgetExpired = () => {
    const now = clock.monotonic();
    for (const [code, until] of goodUntil) if (until <= now) goodUntil.delete(code);
  };
  return {
    issue(): string {
      forgetExpired();
      const code = randomBytes(16).toString('base64url');
      goodUntil.set(code, clock.monotonic() + lifetimeMs);
      return code;
    },
    /** True once for a live code; false for anything else, and from then on for that code. */
    take(code: string): boolean {
      forgetExpired();
      return goodUntil.delete(code);
    },
  };
}

type Message =
  | { id: string | number; channel: string; input: unknown; requestId: string | undefined }
  | { id: string | number; settle: string[] }
  | { ping: number };

const requestIdPattern = /^[\w-]{8,64}$/;

/**
 * `{id, channel, input, requestId?}` calls a channel (a write records its outcome under the request
 * id); `{id, settle: [requestId…]}` asks what became of writes a lost connection left in doubt;
 * `{ping: n}` is a page's heartbeat (a browser cannot send WebSocket pings), answered `{pong: n}`
 * by the event loop alone: nothing is dispatched, read or written.
 */
function parseMessage(text: string): Message | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { id, channel, input, requestId, settle, ping } = parsed as Record<string, unknown>;
  if (ping !== undefined) {
    return Number.isSafeInteger(ping) && Object.keys(parsed).length === 1
      ? { ping: ping as number }
      : null;
  }
  const validId = (typeof id === 'string' && id.length <= 64) || Number.isSafeInteger(id);
  if (!validId) return null;
  if (settle !== undefined) {
    const valid = Array.isArray(settle) && settle.length <= 100 && settle.every(isRequestId);
    return valid ? { id: id as string | number, settle } : null;
  }
  if (typeof channel !== 'string') return null;
  if (requestId !== undefined && !isRequestId(requestId)) return null;
  return { id: id as string | number, channel, input, requestId };
}

function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && requestIdPattern.test(value);
}

/**
 * Drops a connection on arrival while its address holds `most` already; the hub's own PC is not
 * counted (whatever runs there holds the database already).
 */
function capConnectionsPerAddress(
  server: { on(event: 'connection', listener: (socket: Socket) => void): unknown },
  most: number,
  log: Logger,
): void {
  const open = new Map<string, number>();
  /** Addresses at their cap that have had a connection dropped: logged once until one closes. */
  const full = new Set<string>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1') return;
    const count = open.get(address) ?? 0;
    if (count >= most) {
      if (!full.has(address)) log.info('station.connectionClosed', { reason: 'address', address });
      full.add(address);
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      full.delete(address);
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/** 127.0.0.0/8 and ::1: addresses no other machine can reach. */
function isLoopback(host: string): boolean {
  if (isIPv4(host)) return host.startsWith('127.');
  return isIPv6(host) && (host === '::1' || /^::ffff:127\./i.test(host));
}

function failure(code: ErrorCode): DispatchResult<never> {
  return { ok: false, error: { code, message: localise(code) } };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Files go out as streams, as fast as the client reads: a client that stops holds one buffer. */
async function serveStatic(
  rendererDir: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return void response.writeHead(405, { ...securityHeaders, Allow: 'GET, HEAD' }).end();
  }
  const file = await openFile(rendererDir, request.url ?? '/');
  if (file === null) return void response.writeHead(404, securityHeaders).end();
  const extension = path.extname(file.path);
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
    'Content-Length': file.size,
    'Cache-Control': extension === '.html' ? 'no-store' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    await file.handle.close();
    return void response.end();
  }
  await pipeline(file.handle.createReadStream(), response);
}

/** The file a request names, if it is a regular file inside the folder once links are followed. */
async function openFile(
  rendererDir: string,
  requestUrl: string,
): Promise<{ path: string; size: number; handle: FileHandle } | null> {
  let wanted: string;
  try {
    wanted = decodeURIComponent(new URL(requestUrl, 'http://station').pathname);
  } catch {
    return null;
  }
  if (wanted.includes('\0')) return null;
  const candidate = path.resolve(rendererDir, `.${wanted === '/' ? '/index.html' : wanted}`);
  let real: string;
  try {
    real = await realpath(candidate);
    const relative = path.relative(rendererDir, real);
    const outside = relative === '..' || relative.startsWith(`..${path.sep}`);
    if (relative === '' || outside || path.isAbsolute(relative)) return null;
    // Checked before opening: opening a FIFO would wait for a writer.
    if (!(await stat(real)).isFile()) return null;
  } catch {
    return null;
  }
  const handle = await open(real, 'r');
  const opened = await handle.stat();
  if (!opened.isFile()) {
    await handle.close();
    return null;
  }
  return { path: real, size: opened.size, handle };
}
