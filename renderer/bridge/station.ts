// window.ppv over the station server's WebSocket: the same `invoke` and `on` as the Electron
// preload. The server's dispatcher validates and authorises every call. The bridge reconnects with
// backoff; a new socket is a new connection, so staff sign in again. While the socket is down a
// call answers at once, and the page's screens are told `station.link` as the desk app's are: the
// link lost (and whether the server refuses this page), then back, with what became of each write
// the loss left unanswered — the bridge sends writes with a request id and, once reconnected, asks
// the server which of them it holds. A hub that goes silent with the socket still open (frozen, or
// its cable pulled) is noticed by a heartbeat: the bridge pings every 5 s, and after two pings
// without a word from the server it gives the socket up as lost. No DOM here: ./install.ts opens
// the browser's sockets.
import type { DispatchResult, EventName, EventPayload, PpvApi } from '../../electron/contract';
import type { errorMessages } from '../../electron/contract/errors';
import { writeChannels } from './writes';

export interface BridgeSocket {
  send(text: string): void;
  close(): void;
}

export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  /** Also when the socket never opened (server down, no key cookie). */
  close(): void;
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => BridgeSocket;

/** The bridge's timers: the page's own by default; a test's, or Playwright's clock, drive them. */
export interface BridgeTimers {
  set(run: () => void, ms: number): unknown;
  clear(timer: unknown): void;
}

const pageTimers: BridgeTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export interface StationBridgeOptions {
  /** `ws://HOST:PORT/socket`; the key travels in the page's cookie. */
  socketUrl: string;
  openSocket: OpenSocket;
  /** The wait before reconnecting: `firstMs`, doubled after each failed attempt up to `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
  /** Told whenever the socket opens (true) or is lost (false). */
  onConnectionChange?: (connected: boolean) => void;
  /**
   * Asked after an attempt to reconnect failed: whether the server answered and refused this page
   * (a revoked or unpaired desk) rather than being gone. A socket's failure does not say which.
   */
  isRefused?: () => Promise<boolean>;
  /** A fresh request id for a write (crypto.randomUUID). */
  newRequestId?: () => string;
  /**
   * A ping every `everyMs` while the socket is open; once `missedAllowed` pings in a row have had
   * no message from the server by the next, the socket is lost. An attempt to connect that has not
   * opened within `openTimeoutMs` is given up and tried again.
   */
  heartbeat?: { everyMs: number; missedAllowed: number; openTimeoutMs: number };
  timers?: BridgeTimers;
}

export interface StationBridge {
  api: PpvApi;
  /** Closes the socket and stops reconnecting. */
  close(): void;
}

// The contract's own text: the compiler checks it against electron/contract/errors.ts.
const disconnectedMessage: (typeof errorMessages)['STATION_DISCONNECTED'] = {
  ms: 'Sambungan ke konsol terputus. Tindakan ini mungkin tidak selesai: semak semula selepas sambungan pulih, kemudian cuba lagi.',
  en: 'The connection to the console was lost. This action may not have completed: check again once the connection is back, then try again.',
};
const goneMessage: (typeof errorMessages)['HUB_GONE'] = {
  ms: 'Hab tidak dapat dihubungi. Tiada apa-apa disimpan di meja ini; sambung semula sedang dicuba.',
  en: 'The hub cannot be reached. Nothing is saved at this desk; reconnecting.',
};
/** In flight when the socket went, or the socket never opened: the server may not have it. */
const disconnected: DispatchResult<never> = {
  ok: false,
  error: { code: 'STATION_DISCONNECTED', message: disconnectedMessage },
};
/** Made while the link is down: not sent, nothing kept to send later. */
const gone: DispatchResult<never> = {
  ok: false,
  error: { code: 'HUB_GONE', message: goneMessage },
};

const defaultBackoff = { firstMs: 500, maxMs: 15_000 };
/** As the desk app pings its hub: a silent hub is noticed within 10 to 15 seconds. */
const defaultHeartbeat = { everyMs: 5_000, missedAllowed: 2, openTimeoutMs: 10_000 };

type Resolve = (result: DispatchResult<never>) => void;
type Link = EventPayload<'station.link'>;
interface Write {
  requestId: string;
  channel: string;
}

export function createStationBridge(options: StationBridgeOptions): StationBridge {
  const backoff = options.backoff ?? defaultBackoff;
  const newRequestId = options.newRequestId ?? (() => crypto.randomUUID());
  const heartbeat = options.heartbeat ?? defaultHeartbeat;
  const timers = options.timers ?? pageTimers;
  const pending = new Map<number, { resolve: Resolve; write: Write | null }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** Calls made before the first socket opens wait for it rather than fail. */
  const waiting: string[] = [];
  /** Writes a lost socket left unanswered, to ask about once it is back. */
  const inDoubt: Write[] = [];
  /** Asked about, by the id of the question. */
  const settling = new Map<number, Write[]>();
  let socket: BridgeSocket | null = null;
  let open = false;
  let everOpen = false;
  let lost = false;
  let toldRefused = false;
  let stopped = false;
  let nextId = 1;
  let delay = backoff.firstMs;
  let reconnectTimer: unknown;
  /** Counts sockets: events from one given up on (or closed) are ignored. */
  let attempt = 0;
  /** The ping round, or the wait for an attempt to open. */
  let watchTimer: unknown;
  /** Pings sent since the server last said anything. */
  let unanswered = 0;
  let nextPing = 1;

  const tell = (event: EventName, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const tellLink = (link: Link): void => tell('station.link', link);

  const receive = (text: string): void => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { id, result, event, payload, settled } = message as Record<string, unknown>;
    const asked = typeof id === 'number' ? settling.get(id) : undefined;
    if (asked !== undefined) {
      settling.delete(id as number);
      const saved = new Set(
        ((Array.isArray(settled) ? settled : []) as Array<{ requestId: string; saved: boolean }>)
          .filter((outcome) => outcome.saved === true)
          .map((outcome) => outcome.requestId),
      );
      tellLink({
        connected: true,
        refused: false,
        settled: asked.map((write) => ({
          channel: write.channel,
          saved: saved.has(write.requestId),
        })),
      });
    } else if (typeof id === 'number') {
      const call = pending.get(id);
      pending.delete(id);
      call?.resolve(result as DispatchResult<never>);
    } else if (typeof event === 'string') {
      tell(event as EventName, payload);
    }
  };

  const watch = (run: () => void, ms: number): void => {
    timers.clear(watchTimer);
    watchTimer = timers.set(run, ms);
  };

  /** Every `everyMs`: a ping, or the socket given up if the last pings went unanswered. */
  const beat = (): void => {
    if (unanswered >= heartbeat.missedAllowed) return giveUp();
    unanswered += 1;
    socket?.send(JSON.stringify({ ping: nextPing++ }));
    watch(beat, heartbeat.everyMs);
  };

  /** A socket that will not open, or has gone silent: lost now, whatever it does later. */
  const giveUp = (): void => {
    const silent = socket;
    attempt += 1;
    lose();
    silent?.close();
  };

  const connect = (): void => {
    const mine = ++attempt;
    const current = () => mine === attempt;
    watch(() => current() && giveUp(), heartbeat.openTimeoutMs);
    socket = options.openSocket(options.socketUrl, {
      open() {
        if (!current()) return;
        open = true;
        const wasLost = lost;
        everOpen = true;
        lost = false;
        toldRefused = false;
        delay = backoff.firstMs;
        unanswered = 0;
        watch(beat, heartbeat.everyMs);
        for (const text of waiting.splice(0)) socket?.send(text);
        options.onConnectionChange?.(true);
        if (inDoubt.length > 0) {
          const id = nextId++;
          const asked = inDoubt.splice(0);
          settling.set(id, asked);
          socket?.send(JSON.stringify({ id, settle: asked.map((write) => write.requestId) }));
        } else if (wasLost) {
          tellLink({ connected: true, refused: false, settled: [] });
        }
      },
      message(text) {
        if (!current()) return;
        unanswered = 0;
        receive(text);
      },
      close() {
        if (current()) lose();
      },
    });
  };

  /** The socket is gone (closed, never opened, or given up on): calls answered, then try again. */
  const lose = (): void => {
    timers.clear(watchTimer);
    const wasOpen = open;
    open = false;
    socket = null;
    waiting.length = 0;
    for (const call of pending.values()) {
      if (call.write !== null) inDoubt.push(call.write);
      call.resolve(disconnected);
    }
    pending.clear();
    // Asked about and not yet answered: still in doubt.
    for (const asked of settling.values()) inDoubt.push(...asked);
    settling.clear();
    if (wasOpen) {
      lost = true;
      options.onConnectionChange?.(false);
      tellLink({ connected: false, refused: false, settled: [] });
    } else if (everOpen) {
      void askWhetherRefused();
    } else {
      lost = true;
    }
    if (stopped) return;
    reconnectTimer = timers.set(connect, delay);
    delay = Math.min(delay * 2, backoff.maxMs);
  };

  /** After a failed attempt: a server that refuses this page is told apart from one that is gone. */
  const askWhetherRefused = async (): Promise<void> => {
    const refused = (await options.isRefused?.().catch(() => false)) ?? false;
    if (refused === toldRefused || open || stopped) return;
    toldRefused = refused;
    tellLink({ connected: false, refused, settled: [] });
  };

  const api: PpvApi = {
    invoke(channel, input) {
      if (stopped) return Promise.resolve(disconnected);
      // Never connected (no key, no server): the server may be there, this page is not let in.
      if (lost) return Promise.resolve(everOpen ? gone : disconnected);
      const id = nextId++;
      const write = writeChannels.has(channel) ? { requestId: newRequestId(), channel } : null;
      const text = JSON.stringify(
        write === null
          ? { id, channel, input }
          : { id, channel, input, requestId: write.requestId },
      );
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Resolve, write });
        if (open) socket?.send(text);
        else waiting.push(text);
      });
    },
    on(event, listener) {
      const name: EventName = event;
      const forward = listener as (payload: unknown) => void;
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set.add(forward));
      return () => {
        set.delete(forward);
      };
    },
  };

  connect();
  return {
    api,
    close() {
      stopped = true;
      timers.clear(reconnectTimer);
      timers.clear(watchTimer);
      socket?.close();
    },
  };
}
