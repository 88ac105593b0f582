// Browser mode: window.ppv over the station server's socket, for a page the server itself served.
// The page URL carries the launch's key (`/?key=…`); it leaves the address bar at once and stays
// in this tab only (sessionStorage), so reconnects and a reload still have it.
import { createStationBridge, type OpenSocket } from './station';

/** The server's socket path (electron/station/server.ts). */
const socketPath = '/socket';
const keyStorageName = 'ppv.stationKey';

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
  const pageUrl = new URL(page.location.href);
  const keyInUrl = pageUrl.searchParams.get('key');
  if (keyInUrl !== null) {
    page.sessionStorage.setItem(keyStorageName, keyInUrl);
    pageUrl.searchParams.delete('key');
    page.history.replaceState(page.history.state, '', pageUrl.href);
  }
  const socketUrl = new URL(socketPath, pageUrl);
  socketUrl.protocol = pageUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  socketUrl.search = new URLSearchParams({
    key: page.sessionStorage.getItem(keyStorageName) ?? '',
  }).toString();
  page.ppv = createStationBridge({ socketUrl: socketUrl.href, openSocket: browserSocket }).api;
}
