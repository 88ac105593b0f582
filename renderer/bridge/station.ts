// window.ppv over the station server's WebSocket: the same `invoke` and `on` as the Electron
// preload. The server's dispatcher validates and authorises every call. While the socket is down,
// calls answer STATION_DISCONNECTED at once and the bridge reconnects with backoff; a new socket is
// a new connection, so staff sign in again. No DOM here: ./install.ts opens the browser's sockets.
import type { DispatchResult, EventName, PpvApi } from '../../electron/contract';
import type { errorMessages } from '../../electron/contract/errors';

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

export interface StationBridgeOptions {
  /** `ws://HOST:PORT/socket`; the key travels in the page's cookie. */
  socketUrl: string;
  openSocket: OpenSocket;
  /** The wait before reconnecting: `firstMs`, doubled after each failed attempt up to `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
  /** Told whenever the socket opens (true) or is lost (false). */
  onConnectionChange?: (connected: boolean) => void;
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
const disconnected: DispatchResult<never> = {
  ok: false,
  error: { code: 'STATION_DISCONNECTED', message: disconnectedMessage },
};

const defaultBackoff = { firstMs: 500, maxMs: 15_000 };

type Resolve = (result: DispatchResult<never>) => void;

export function createStationBridge(options: StationBridgeOptions): StationBridge {
  const backoff = options.backoff ?? defaultBackoff;
  const pending = new Map<number, Resolve>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** Calls made before the first socket opens wait for it rather than fail. */
  const waiting: string[] = [];
  let socket: BridgeSocket | null = null;
  let open = false;
  let lost = false;
  let stopped = false;
  let nextId = 1;
  let delay = backoff.firstMs;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const receive = (text: string): void => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { id, result, event, payload } = message as Record<string, unknown>;
    if (typeof id === 'number') {
      const resolve = pending.get(id);
      pending.delete(id);
      resolve?.(result as DispatchResult<never>);
    } else if (typeof event === 'string') {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    }
  };

  const connect = (): void => {
    socket = options.openSocket(options.socketUrl, {
      open() {
        open = true;
        lost = false;
        delay = backoff.firstMs;
        for (const text of waiting.splice(0)) socket?.send(text);
        options.onConnectionChange?.(true);
      },
      message: receive,
      close() {
        const wasOpen = open;
        open = false;
        lost = true;
        socket = null;
        waiting.length = 0;
        for (const resolve of pending.values()) resolve(disconnected);
        pending.clear();
        if (wasOpen) options.onConnectionChange?.(false);
        if (stopped) return;
        reconnectTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, backoff.maxMs);
      },
    });
  };

  const api: PpvApi = {
    invoke(channel, input) {
      if (stopped || lost) return Promise.resolve(disconnected);
      const id = nextId++;
      const text = JSON.stringify({ id, channel, input });
      return new Promise((resolve) => {
        pending.set(id, resolve as Resolve);
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
      clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}
