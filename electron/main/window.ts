// The hardened window: isolated, sandboxed, no Node, strict CSP, no navigation, no new windows,
// no permissions, no webviews. The guards sit on every webContents the app ever creates.
import { app, BrowserWindow, Menu, protocol, session, type WebContents } from 'electron';
import path from 'node:path';
import { appIndexUrl, appResponse, appScheme } from './app-protocol';
import { contentSecurityPolicy, devContentSecurityPolicy } from './csp';

/** The page the window shows: the dev server's (electron-vite dev) or the build, on app://. */
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
/** The renderer build (electron-vite's out/renderer, beside out/main): the window's and browser desks'. */
export const rendererDir = path.join(import.meta.dirname, '../renderer');
const indexUrl = new URL(devServerUrl ?? appIndexUrl);

/** Whether `url` is the app's own page (any hash or query; dev: any path on the dev server). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl !== undefined) return parsed.origin === indexUrl.origin;
  return (
    parsed.protocol === indexUrl.protocol &&
    parsed.host === indexUrl.host &&
    parsed.pathname === indexUrl.pathname
  );
}

/** Call once, before `app` is ready. */
export function hardenApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_, contents) => hardenWebContents(contents));
  // A standard, secure scheme: the page is its own origin ('self' in the policy), as on https.
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true } },
  ]);
}

function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const denyForeign = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-frame-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
}

/** Call once, after `app` is ready. */
export function createMainWindow(): BrowserWindow {
  const policy = devServerUrl === undefined ? contentSecurityPolicy : devContentSecurityPolicy;
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false); // card readers and scanners are main's, not the page's
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = details.responseHeaders ?? {};
    if (isAppUrl(details.url)) headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
  protocol.handle(appScheme, (request) =>
    request.method === 'GET'
      ? appResponse(request.url, rendererDir, contentSecurityPolicy)
      : new Response('Method not allowed', { status: 405 }),
  );
  if (app.isPackaged) Menu.setApplicationMenu(null);

  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'PPV Console',
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false, // the spellchecker downloads dictionaries: no remote content
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  window
    .loadURL(indexUrl.href)
    .catch((error: unknown) => console.error('[window] the page did not load', error));
  return window;
}
