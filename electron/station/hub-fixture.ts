/**
 * For tests: a hub's station server for desks over real TLS on 127.0.0.1, in front of a harness's
 * real console and database, and desks that pair with it and connect from their own loopback
 * addresses (127.0.0.2, .3, .4 …) with the desk app's client or as raw HTTPS and WebSocket callers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { DispatchResult, EventName } from '../contract';
import type { ConsoleApp } from '../core/app';
import { silentLogger } from '../core/shared/log';
import type { Harness } from '../core/testing/harness';
import {
  createDeskClient,
  pairWithHub,
  type DeskClient,
  type DeskClientOptions,
  type DeskIdentity,
} from './desk-client';
import { loadHubTls, type HubTls } from './pki';
import { fileSecretStore } from './secret-files';
import { startStationServer, type StationLimits, type StationServer } from './server';

/** Bounds every wait on the network: a test fails rather than hangs. */
export const ioTimeoutMs = 5_000;

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** The request went over a connection kept alive from an earlier one. */
  reused: boolean;
}

export interface HubFixture {
  tls: HubTls;
  port: number;
  hubAddress(): string;
  /** Stands between the hub's server and its console, so a test can act mid-call. */
  intercept: ConsoleApp['dispatch'] | null;
  pair(deskName: string, localAddress: string, code?: string): Promise<DeskIdentity>;
  /** The desk app's client; `keep` stands for its key store (the identity object is kept current). */
  connect(
    identity: DeskIdentity,
    localAddress: string,
    keep?: DeskClientOptions['keep'],
  ): DeskClient;
  /** An HTTPS request to the hub from `localAddress`, trusting its authority. */
  fetch(
    pathname: string,
    options?: {
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      localAddress?: string;
      agent?: Agent;
    },
  ): Promise<Answer>;
  /** A WebSocket to the hub from `localAddress`: open, or refused with its status. */
  socket(
    pathname: string,
    headers: Record<string, string>,
    localAddress: string,
  ): Promise<{ status: number; socket: WebSocket | null }>;
  /** Stops the hub's server only: its port is free, the desks keep trying to reach it. */
  stopServer(): Promise<void>;
  /** Starts the hub's server again on its port. */
  restartServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHubFixture(
  h: Harness,
  options: { limits?: Partial<StationLimits> } = {},
): Promise<HubFixture> {
  const folder = mkdtempSync(path.join(tmpdir(), 'ppv-hub-'));
  const rendererDir = path.join(folder, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PPV Console</title>');
  const tls = await loadHubTls(fileSecretStore(path.join(folder, 'secrets')), {
    addresses: ['127.0.0.1'],
    hostnames: ['localhost'],
  });
  const clients: DeskClient[] = [];
  const sockets: WebSocket[] = [];
  const fixture: HubFixture & { server: StationServer | null } = {
    tls,
    port: 0,
    server: null,
    intercept: null,
    hubAddress: () => `127.0.0.1:${fixture.port}`,
    pair: (deskName, localAddress, code) =>
      pairWithHub({
        hubAddress: fixture.hubAddress(),
        caFingerprint: tls.caFingerprint,
        code: code ?? h.ok('mgr', 'hub.issuePairingCode', {}).code,
        deskName,
        localAddress,
      }),
    connect(identity, localAddress, keep) {
      const client = createDeskClient({
        identity,
        localAddress,
        ...(keep ? { keep } : {}),
        backoff: { firstMs: 10, maxMs: 50 },
        log: silentLogger,
      });
      clients.push(client);
      return client;
    },
    fetch: (pathname, options = {}) =>
      new Promise((resolve, reject) => {
        const sent = httpsRequest(
          `https://127.0.0.1:${fixture.port}${pathname}`,
          {
            method: options.method ?? 'GET',
            ca: tls.caPem,
            localAddress: options.localAddress ?? '127.0.0.4',
            headers: options.headers ?? {},
            timeout: ioTimeoutMs,
            ...(options.agent ? { agent: options.agent } : {}),
          },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                body,
                headers: response.headers,
                reused: sent.reusedSocket,
              }),
            );
          },
        );
        sent.once('timeout', () => sent.destroy(new Error('timeout')));
        sent.once('error', reject);
        sent.end(options.body);
      }),
    socket: (pathname, headers, localAddress) =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(`wss://127.0.0.1:${fixture.port}${pathname}`, {
          ca: tls.caPem,
          localAddress,
          headers,
          handshakeTimeout: ioTimeoutMs,
        });
        sockets.push(socket);
        socket.once('open', () => resolve({ status: 101, socket }));
        socket.once('unexpected-response', (_request, response) => {
          resolve({ status: response.statusCode ?? 0, socket: null });
          socket.terminate();
        });
        socket.once('error', reject);
      }),
    restartServer: () => Promise.reject(new Error('the hub has not started')),
    async stopServer() {
      const server = fixture.server;
      fixture.server = null;
      await server?.close();
    },
    async stop() {
      for (const client of clients) client.close();
      for (const socket of sockets) socket.terminate();
      await fixture.stopServer();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  const dispatch: ConsoleApp['dispatch'] = (channel, input, context) =>
    (fixture.intercept ?? h.app.dispatch)(channel, input, context);
  const startServer = (port: number) =>
    startStationServer({
      app: { ...h.app, dispatch },
      desks: h.app,
      rendererDir,
      host: '127.0.0.1',
      port,
      tls: { key: tls.keyPem, cert: tls.certChainPem },
      stationId: 'hub-test',
      log: silentLogger,
      heartbeat: () => () => undefined,
      ...(options.limits ? { limits: options.limits } : {}),
    });
  fixture.restartServer = async () => {
    fixture.server = await startServer(fixture.port);
  };
  fixture.server = await startServer(0);
  fixture.port = Number(new URL(fixture.server.origin).port);
  h.app.desks.setNetwork({ hubUrls: [fixture.server.origin], caFingerprint: tls.caFingerprint });
  return fixture;
}

/** The refusal code a pairing attempt ended with. */
export async function pairingRefusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('the pairing was expected to be refused');
}

/** A desk's window: its calls, its events as they arrive, and a wait for the first that matches. */
export function windowOf(client: DeskClient, connectionId: string) {
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const waiters = new Set<() => void>();
  client.onEventFor(connectionId, (event, payload) => {
    events.push({ event, payload });
    for (const wake of waiters) wake();
  });
  return {
    events,
    call: <T = unknown>(channel: string, input: unknown) =>
      client.dispatch(channel, input, { connectionId }) as Promise<DispatchResult<T>>,
    /** The call's refusal code, or 'ok'. */
    async code(channel: string, input: unknown): Promise<string> {
      const result = await client.dispatch(channel, input, { connectionId });
      return result.ok ? 'ok' : result.error.code;
    },
    next(event: EventName, matches: (payload: never) => boolean = () => true): Promise<unknown> {
      const from = events.length;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events
            .slice(from)
            .find((e) => e.event === event && matches(e.payload as never));
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found.payload);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} in time`));
        }, ioTimeoutMs);
        waiters.add(check);
      });
    },
  };
}

/** Resolves once the desk's device link is open (the hub sends its settings first thing). */
export function linkOpen(client: DeskClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the device link did not open')), ioTimeoutMs);
    const stop = client.devices.onSettingsChanged(() => {
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
