// The station transport: the built renderer over HTTP and the contract over a WebSocket, in front
// of the same dispatcher as the Electron window. A socket opens only with this launch's secret and
// from this server's own origin; each socket is one connection with its own session.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { DispatchResult } from '../contract/define';
import { localise, type ErrorCode } from '../contract/errors';
import type { ConsoleApp } from '../core/app';

export interface StationServerOptions {
  app: Pick<ConsoleApp, 'dispatch' | 'onEvent' | 'endConnection'>;
  /** The renderer build (out/renderer); nothing outside it is served. */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The key a page must bring to open a socket; a fresh random one per launch by default. */
  secret?: string;
  stationId: string;
}

export interface StationServer {
  /** The page to open, with the secret in its query. */
  url: string;
  origin: string;
  secret: string;
  close(): Promise<void>;
}

/** Where pages open their socket: `ws://HOST:PORT/socket?key=SECRET`. */
export const socketPath = '/socket';

/** A contract message is small; anything larger closes the socket (ws answers 1009). */
const maxMessageBytes = 1024 * 1024;

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

export async function startStationServer(options: StationServerOptions): Promise<StationServer> {
  const { app, stationId } = options;
  const host = options.host ?? '127.0.0.1';
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const secretBytes = Buffer.from(secret);
  const rendererDir = await realpath(options.rendererDir);

  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const origin = `http://${authority}`;

  /** A Host header naming anything else is a rebound DNS name, not this console. */
  const isOwnHost = (request: IncomingMessage) => request.headers.host === authority;

  const isOwnKey = (key: string | null) => {
    const given = Buffer.from(key ?? '');
    return given.length === secretBytes.length && timingSafeEqual(given, secretBytes);
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    serveStatic(rendererDir, isOwnHost(request), request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, securityHeaders);
      response.end();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = URL.parse(request.url ?? '/', origin);
    if (url?.pathname !== socketPath) return refuseUpgrade(socket, 404, 'Not Found');
    const allowed =
      isOwnHost(request) &&
      request.headers.origin === origin &&
      isOwnKey(url.searchParams.get('key'));
    if (!allowed) return refuseUpgrade(socket, 403, 'Forbidden');
    sockets.handleUpgrade(request, socket, head, (client) => serveSocket(client));
  });

  const serveSocket = (client: WebSocket): void => {
    const connectionId = `station:${randomUUID()}`;
    const context = { connectionId, stationId };
    const answer = async (data: RawData, isBinary: boolean) => {
      const message = isBinary ? null : parseMessage(data.toString());
      if (message === null) return { id: null, result: failure('STATION_MESSAGE_INVALID') };
      try {
        return {
          id: message.id,
          result: await app.dispatch(message.channel, message.input, context),
        };
      } catch (error) {
        console.error(`[station] ${message.channel} failed outside the dispatcher`, error);
        return { id: message.id, result: failure('INTERNAL') };
      }
    };

    client.on('message', (data: RawData, isBinary: boolean) => {
      void answer(data, isBinary).then((reply) => {
        if (client.readyState === client.OPEN) client.send(JSON.stringify(reply));
      });
    });
    client.on('error', () => client.terminate());
    client.once('close', () => app.endConnection(connectionId));
  };

  const stopEvents = app.onEvent((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const client of sockets.clients) {
      if (client.readyState === client.OPEN) client.send(text);
    }
  });

  return {
    url: `${origin}/?key=${secret}`,
    origin,
    secret,
    close: async () => {
      stopEvents();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Message {
  id: string | number;
  channel: string;
  input: unknown;
}

function parseMessage(text: string): Message | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { id, channel, input } = parsed as Record<string, unknown>;
  const validId = (typeof id === 'string' && id.length <= 64) || Number.isSafeInteger(id);
  if (!validId || typeof channel !== 'string') return null;
  return { id: id as string | number, channel, input };
}

function failure(code: ErrorCode): DispatchResult<never> {
  return { ok: false, error: { code, message: localise(code) } };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function serveStatic(
  rendererDir: string,
  ownHost: boolean,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!ownHost) return void response.writeHead(403, securityHeaders).end();
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return void response.writeHead(405, { ...securityHeaders, Allow: 'GET, HEAD' }).end();
  }
  const file = await resolveFile(rendererDir, request.url ?? '/');
  if (file === null) return void response.writeHead(404, securityHeaders).end();
  const body = await readFile(file);
  const isPage = path.extname(file) === '.html';
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': isPage ? 'no-store' : 'no-cache',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The file a request names, if it is a regular file inside the folder once links are followed. */
async function resolveFile(rendererDir: string, requestUrl: string): Promise<string | null> {
  let wanted: string;
  try {
    wanted = decodeURIComponent(new URL(requestUrl, 'http://station').pathname);
  } catch {
    return null;
  }
  if (wanted.includes('\0')) return null;
  const candidate = path.resolve(rendererDir, `.${wanted === '/' ? '/index.html' : wanted}`);
  try {
    const real = await realpath(candidate);
    const relative = path.relative(rendererDir, real);
    const outside = relative === '..' || relative.startsWith(`..${path.sep}`);
    if (relative === '' || outside || path.isAbsolute(relative)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}
