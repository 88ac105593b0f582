// Browser mode: window.ppv over the station server's socket, for a page the server itself served.
// The page never holds the station's key: opening the console's one-time link left it in an
// HttpOnly cookie, which the browser sends with the socket's upgrade (and again after a reload).
import { createStationBridge, type OpenSocket } from './station';

/** The server's socket path (electron/station/server.ts). */
const socketPath = '/socket';

const browserSocket: OpenSocket = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => handlers.open());
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') handlers.message(event.data);
  });
  socket.addEventListener('close', () => handlers.close());
  return { send: (text) => socket.send(text), close: () => socket.close() };
};

export function installStationBridge(page: Window): void {
  const socketUrl = new URL(socketPath, page.location.href);
  socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  page.ppv = createStationBridge({
    socketUrl: socketUrl.href,
    openSocket: browserSocket,
    // The server answers a page it refuses (a revoked desk) with 403; one that is gone, not at all.
    isRefused: async () =>
      (
        await fetch(new URL('/', page.location.href), {
          method: 'HEAD',
          cache: 'no-store',
          // A hub frozen with its port open would hold the question for ever.
          signal: AbortSignal.timeout(10_000),
        })
      ).status === 403,
  }).api;
}
