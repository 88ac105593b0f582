// A desk station's side of the hub: pairing (the hub's authority checked against the fingerprint a
// person typed, then pinned), and once paired, the hub over TLS with the desk's token — one socket
// per window (its own session at the hub) and one device link for the desk's card reader and
// scanners. It offers the window the same `dispatch`/`onEventFor`/`endConnection` as the hub's
// console, so the Electron IPC serves a desk's window unchanged. Plain Node: tested without Electron.
//
// The device link opens first: the hub answers it with a new token, which the desk stores (`keep`)
// before it says so and before any window's socket opens with it; the token before it stops
// working once the new one is used. A copy of the desk's identity used while the desk is away
// leaves the desk holding a replaced token, and the hub revokes the desk when either brings one.
//
// While the hub is gone every call answers HUB_GONE at once and nothing is kept to send later. A
// write that was in flight when the link dropped is settled after reconnecting: the hub says whether
// it holds it, and the desk's screens are told `station.link` with "saved" or "not saved".
import { randomUUID, X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, type DetailedPeerCertificate } from 'node:tls';
import { WebSocket } from 'ws';
import { channels, localise, type DispatchResult, type EventName } from '../contract';
import type { CardReaderListener, DeviceSettings, ScannerListener } from '../contract/devices';
import type { ErrorCode } from '../contract/errors';
import type { CallContext } from '../core/dispatch/types';
import { defaultDeviceSettings } from '../core/devices/settings';
import { DomainError } from '../core/shared/errors';
import { consoleLogger, type Logger } from '../core/shared/log';
import { deskLinkPath, type DeskReport, type HubNotice } from './desk-link';
import { normaliseFingerprint } from './pki';
import { pairPath, socketPath, type Heartbeat } from './server';

/** What a paired desk keeps: where its hub is, the hub's authority, and its own identity. */
export interface DeskIdentity {
  /** `host:port` */
  hubAddress: string;
  caPem: string;
  deskId: string;
  deskName: string;
  token: string;
}

const ioTimeoutMs = 10_000;

function hubUrl(hubAddress: string, scheme: 'https' | 'wss', path: string): string {
  return `${scheme}://${hubAddress}${path}`;
}

function splitAddress(hubAddress: string): { host: string; port: number } {
  const match = /^\[?([^\]]+)\]?:(\d+)$/.exec(hubAddress);
  if (!match) throw new DomainError('HUB_UNREACHABLE', { address: hubAddress });
  return { host: match[1] ?? '', port: Number(match[2]) };
}

/**
 * The hub's certificate authority, found in the chain it presents and matched against the
 * fingerprint a person read off the hub's screen. Nothing is sent before it matches.
 */
export async function fetchHubAuthority(
  hubAddress: string,
  caFingerprint: string,
  localAddress?: string,
): Promise<string> {
  const wanted = normaliseFingerprint(caFingerprint);
  if (wanted === null) throw new DomainError('HUB_FINGERPRINT_MISMATCH');
  const { host, port } = splitAddress(hubAddress);
  const chain = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    const socket = tlsConnect({
      host,
      port,
      ...(localAddress ? { localAddress } : {}),
      // Read only: the chain is judged below, by the fingerprint, before anything is sent.
      rejectUnauthorized: false,
      timeout: ioTimeoutMs,
    });
    socket.once('secureConnect', () => {
      resolve(socket.getPeerCertificate(true));
      socket.end();
    });
    socket.once('timeout', () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
  }).catch(() => {
    throw new DomainError('HUB_UNREACHABLE', { address: hubAddress });
  });
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = chain; cert?.raw;) {
    if (seen.has(cert.fingerprint256)) break;
    seen.add(cert.fingerprint256);
    if (cert.fingerprint256 === wanted) {
      const authority = new X509Certificate(cert.raw);
      if (!authority.ca) break;
      return authority.toString();
    }
    cert = cert.issuerCertificate;
  }
  throw new DomainError('HUB_FINGERPRINT_MISMATCH');
}

/** Pairs with the hub: its authority checked and pinned, then the code traded for an identity. */
export async function pairWithHub(input: {
  hubAddress: string;
  caFingerprint: string;
  code: string;
  deskName: string;
  localAddress?: string;
}): Promise<DeskIdentity> {
  const caPem = await fetchHubAuthority(input.hubAddress, input.caFingerprint, input.localAddress);
  const body = JSON.stringify({ code: input.code, deskName: input.deskName });
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const sent = httpsRequest(
      hubUrl(input.hubAddress, 'https', pairPath),
      {
        method: 'POST',
        ca: caPem,
        ...(input.localAddress ? { localAddress: input.localAddress } : {}),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        timeout: ioTimeoutMs,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    sent.once('timeout', () => sent.destroy(new Error('timeout')));
    sent.once('error', reject);
    sent.end(body);
  }).catch(() => {
    throw new DomainError('HUB_UNREACHABLE', { address: input.hubAddress });
  });
  let parsed: { deskId?: string; deskName?: string; token?: string; error?: { code?: string } };
  try {
    parsed = JSON.parse(answer.text) as typeof parsed;
  } catch {
    // The hub answered, but not with a desk's identity: it refused what was sent.
    throw new DomainError('HUB_REFUSED_DESK');
  }
  if (answer.status !== 200 || !parsed.deskId || !parsed.token || !parsed.deskName) {
    const code = parsed.error?.code;
    throw new DomainError(isPairingRefusal(code) ? code : 'HUB_REFUSED_DESK');
  }
  return {
    hubAddress: input.hubAddress,
    caPem,
    deskId: parsed.deskId,
    deskName: parsed.deskName,
    token: parsed.token,
  };
}

const pairingRefusals = new Set<string>([
  'PAIRING_THROTTLED',
  'PAIRING_CODE_WRONG',
  'PAIRING_CODE_EXPIRED',
  'PAIRING_CODE_USED',
  'PAIRING_CODE_WITHDRAWN',
  'DESK_NAME_TAKEN',
  'DESK_NAME_INVALID',
  'INVALID_INPUT',
]);
function isPairingRefusal(code: string | undefined): code is ErrorCode {
  return code !== undefined && pairingRefusals.has(code);
}

export interface DeskClientOptions {
  /** Kept current: its token becomes each new one the hub issues, once `keep` has stored it. */
  identity: DeskIdentity;
  /**
   * Stores the desk's identity with a new token where it is kept (the OS key store). Until it has,
   * the new token is not used; if it fails, the desk goes on with the token it has, which the hub
   * still takes on the device link once (as if the new token's answer had been lost).
   */
  keep?: (identity: DeskIdentity) => Promise<void> | void;
  /** Where this desk's connections come from (tests give each desk its own loopback address). */
  localAddress?: string;
  /** The wait before reconnecting: `firstMs`, doubled after each failed attempt up to `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
  /**
   * Runs the ping round of the desk's sockets: one that has not answered the previous ping by the
   * next is taken for lost, so a hub that vanishes without closing (its cable pulled, its power
   * cut) is noticed within two rounds. Tests drive it by hand.
   */
  heartbeat?: Heartbeat;
  log?: Logger;
}

type Listener = (event: EventName, payload: unknown) => void;

const defaultBackoff = { firstMs: 500, maxMs: 15_000 };

/** Every 5 seconds: a hub gone silent is noticed within 10. */
const everyFiveSeconds: Heartbeat = (beat) => {
  const timer = setInterval(beat, 5_000);
  timer.unref();
  return () => clearInterval(timer);
};

function failure(code: ErrorCode): DispatchResult<never> {
  return { ok: false, error: { code, message: localise(code) } };
}

/**
 * A socket to the hub that reopens itself with backoff until closed for good; each attempt waits
 * for `ready` first, and brings the identity's token as it is then.
 */
function keptOpen(
  options: DeskClientOptions,
  path: string,
  ready: () => Promise<void>,
  handlers: {
    open(): void;
    message(text: string): void;
    /** The socket closed, or an attempt failed; `refused`: the hub would not take this desk. */
    down(info: { wasOpen: boolean; refused: boolean }): void;
  },
): { send(text: string): boolean; close(): void } {
  const backoff = options.backoff ?? defaultBackoff;
  const { identity } = options;
  let socket: WebSocket | null = null;
  let open = false;
  let stopped = false;
  let delay = backoff.firstMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let answeredPing = true;

  const connect = () => {
    void ready().then(() => {
      if (!stopped) attempt();
    });
  };
  const attempt = () => {
    const current = new WebSocket(hubUrl(identity.hubAddress, 'wss', path), {
      ca: identity.caPem,
      headers: { Authorization: `Bearer ${identity.token}` },
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      handshakeTimeout: ioTimeoutMs,
    });
    socket = current;
    let refused = false;
    current.on('unexpected-response', (_request, response) => {
      refused = response.statusCode === 401 || response.statusCode === 403;
      current.terminate();
    });
    current.on('open', () => {
      open = true;
      answeredPing = true;
      delay = backoff.firstMs;
      handlers.open();
    });
    current.on('pong', () => {
      answeredPing = true;
    });
    current.on('message', (data, isBinary) => {
      if (!isBinary) handlers.message(String(data));
    });
    current.on('error', () => undefined);
    current.on('close', () => {
      const wasOpen = open;
      open = false;
      socket = null;
      if (stopped) return;
      handlers.down({ wasOpen, refused });
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, backoff.maxMs);
    });
  };
  connect();
  const stopHeartbeat = (options.heartbeat ?? everyFiveSeconds)(() => {
    if (!open || socket === null) return;
    if (!answeredPing) return socket.terminate();
    answeredPing = false;
    socket.ping();
  });
  return {
    send(text) {
      if (!open || socket === null) return false;
      socket.send(text);
      return true;
    },
    close() {
      stopped = true;
      stopHeartbeat();
      clearTimeout(timer);
      socket?.close();
    },
  };
}

interface Pending {
  resolve(result: DispatchResult<unknown>): void;
  channel: string;
  requestId: string;
}

/** One window's connection to the hub: its own socket, so its own session there. */
function pageConnection(
  options: DeskClientOptions,
  linkReady: () => Promise<void>,
  tell: (event: EventName, p: unknown) => void,
) {
  const pending = new Map<number, Pending>();
  /** Writes a lost socket left without an answer, to settle once it is back. */
  const inDoubt: Array<{ requestId: string; channel: string }> = [];
  const settling = new Map<number, Array<{ requestId: string; channel: string }>>();
  /** Calls made before the first attempt ended wait for it. */
  const waiting: Array<() => void> = [];
  let state: 'connecting' | 'up' | 'down' = 'connecting';
  let toldRefused = false;
  let nextId = 1;

  const socket = keptOpen(options, socketPath, linkReady, {
    open() {
      const wasDown = state === 'down';
      state = 'up';
      for (const send of waiting.splice(0)) send();
      if (inDoubt.length > 0) {
        const id = nextId++;
        const asked = inDoubt.splice(0);
        settling.set(id, asked);
        socket.send(JSON.stringify({ id, settle: asked.map((r) => r.requestId) }));
      } else if (wasDown) {
        tell('station.link', { connected: true, refused: false, settled: [] });
      }
    },
    message(text) {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      const { id, result, event, payload, settled } = message;
      if (typeof id === 'number' && settling.has(id)) {
        const asked = settling.get(id) ?? [];
        settling.delete(id);
        // Not settled (refused): still in doubt, asked again after the next reconnection.
        if (!Array.isArray(settled)) {
          inDoubt.push(...asked);
          return tell('station.link', { connected: true, refused: false, settled: [] });
        }
        const saved = new Map(
          ((settled ?? []) as Array<{ requestId: string; saved: boolean }>).map((r) => [
            r.requestId,
            r.saved,
          ]),
        );
        tell('station.link', {
          connected: true,
          refused: false,
          settled: asked.map((r) => ({
            channel: r.channel,
            saved: saved.get(r.requestId) === true,
          })),
        });
      } else if (typeof id === 'number') {
        const call = pending.get(id);
        pending.delete(id);
        call?.resolve(result as DispatchResult<unknown>);
      } else if (typeof event === 'string') {
        tell(event as EventName, payload);
      }
    },
    down({ wasOpen, refused }) {
      const wasConnecting = state === 'connecting';
      state = 'down';
      for (const send of waiting.splice(0)) send();
      if (!wasOpen && !wasConnecting && refused === toldRefused) return;
      toldRefused = refused;
      for (const call of pending.values()) {
        if (channels[call.channel as keyof typeof channels]?.writes) {
          inDoubt.push({ requestId: call.requestId, channel: call.channel });
        }
        call.resolve(failure('STATION_DISCONNECTED'));
      }
      pending.clear();
      // Asked and not yet answered: still in doubt.
      for (const asked of settling.values()) inDoubt.push(...asked);
      settling.clear();
      tell('station.link', { connected: false, refused, settled: [] });
    },
  });

  return {
    dispatch(channel: string, input: unknown): Promise<DispatchResult<unknown>> {
      return new Promise((resolve) => {
        const send = () => {
          const id = nextId++;
          const requestId = randomUUID();
          if (!socket.send(JSON.stringify({ id, channel, input, requestId }))) {
            return resolve(failure('HUB_GONE'));
          }
          pending.set(id, { resolve, channel, requestId });
        };
        if (state === 'connecting') waiting.push(send);
        else send();
      });
    },
    close: () => socket.close(),
  };
}

/**
 * The desk's connections to its hub. `dispatch`, `onEventFor` and `endConnection` serve its windows
 * (each connection id one socket, one session at the hub); `devices` is where its adapters report.
 */
export function createDeskClient(options: DeskClientOptions) {
  const log = options.log ?? consoleLogger;
  const pages = new Map<string, ReturnType<typeof pageConnection>>();
  const listeners = new Map<string, Set<Listener>>();
  let settings: DeviceSettings = defaultDeviceSettings;
  const settingsListeners = new Set<(next: DeviceSettings) => void>();

  /** The day as last heard from the hub, by any window: an update waits while it is open. */
  let dayOpen = false;
  const heardDay = (day: unknown) => {
    dayOpen = (day as { state?: unknown } | null)?.state === 'open';
  };

  /**
   * Settles once the device link's attempt has: its new token stored, or the attempt over. A
   * window's socket waits for it, so it opens with the token the link was just given.
   */
  let linkSettled!: () => void;
  let linkAttempt = new Promise<void>((resolve) => (linkSettled = resolve));
  const linkReady = () => linkAttempt;

  const pageFor = (connectionId: string) => {
    let page = pages.get(connectionId);
    if (!page) {
      page = pageConnection(options, linkReady, (event, payload) => {
        if (event === 'day.changed') heardDay(payload);
        for (const listener of listeners.get(connectionId) ?? []) listener(event, payload);
      });
      pages.set(connectionId, page);
    }
    return page;
  };

  /**
   * The new token is stored before it replaces the one in use, and the hub is told after. The link
   * does not reopen while a token is being stored: it would bring the one being replaced.
   */
  let storing: Promise<void> = Promise.resolve();
  const storeToken = async (token: string) => {
    try {
      await options.keep?.({ ...options.identity, token });
    } catch (error) {
      log.error('desk.tokenNotStored', { message: String(error) });
      return;
    }
    options.identity.token = token;
    link.send(JSON.stringify({ type: 'tokenStored', token } satisfies DeskReport));
  };

  const link = keptOpen(options, deskLinkPath, () => storing, {
    open: () => log.info('desk.linkOpen', { hub: options.identity.hubAddress }),
    message(text) {
      let notice: HubNotice;
      try {
        notice = JSON.parse(text) as HubNotice;
      } catch {
        return log.info('desk.noticeInvalid', {});
      }
      if (notice.type === 'token' && typeof notice.token === 'string') {
        storing = storeToken(notice.token).finally(linkSettled);
        return;
      }
      if (notice.type !== 'settings') return;
      settings = notice.settings;
      for (const listener of settingsListeners) listener(settings);
    },
    down: ({ wasOpen, refused }) => {
      if (wasOpen || refused)
        log.info('desk.linkDown', { hub: options.identity.hubAddress, refused });
      linkSettled();
      linkAttempt = new Promise<void>((resolve) => (linkSettled = resolve));
    },
  });
  /** Reads while the hub is gone are dropped: nothing is kept to replay later. */
  const report = (message: DeskReport) => void link.send(JSON.stringify(message));

  const cardListener: CardReaderListener = {
    status: (status) => report({ type: 'status', status }),
    reading: (readerId) => report({ type: 'card.reading', readerId }),
    read: (read) => report({ type: 'card.read', read }),
  };
  const scannerListener: ScannerListener = {
    status: (status) => report({ type: 'status', status }),
    scan: (deviceId, text) => report({ type: 'scan', deviceId, text }),
  };

  return {
    identity: { deskId: options.identity.deskId, deskName: options.identity.deskName },
    async dispatch(
      channel: string,
      input: unknown,
      context: Pick<CallContext, 'connectionId'>,
    ): Promise<DispatchResult<unknown>> {
      const result = await pageFor(context.connectionId).dispatch(channel, input);
      if (channel === 'day.current' && result.ok) heardDay(result.value);
      return result;
    },
    /** Whether the hub's day was open when last heard of (false before anyone signed in here). */
    dayOpen: (): boolean => dayOpen,
    onEventFor(connectionId: string, listener: Listener): () => void {
      const set = listeners.get(connectionId) ?? new Set<Listener>();
      listeners.set(connectionId, set.add(listener));
      pageFor(connectionId);
      return () => set.delete(listener);
    },
    /** The window's page ended (closed, reloaded): its socket closes, and its session at the hub. */
    endConnection(connectionId: string): void {
      pages.get(connectionId)?.close();
      pages.delete(connectionId);
      listeners.delete(connectionId);
    },
    /** Where the desk's own card reader and scanners report; the hub routes them to this desk. */
    devices: {
      cardListener,
      scannerListener,
      settings: () => settings,
      onSettingsChanged(listener: (next: DeviceSettings) => void): () => void {
        settingsListeners.add(listener);
        return () => settingsListeners.delete(listener);
      },
    },
    close(): void {
      link.close();
      for (const page of pages.values()) page.close();
      pages.clear();
    },
  };
}

export type DeskClient = ReturnType<typeof createDeskClient>;
