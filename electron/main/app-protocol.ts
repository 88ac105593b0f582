// The page's own scheme, app://ppv/…, instead of file://: the renderer build served from inside
// the asar with its content security policy, so the file-protocol fuse can stay off and the page
// can reach no other file. No Electron here: window.ts registers it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const appScheme = 'app';
export const appHost = 'ppv';
export const appIndexUrl = `${appScheme}://${appHost}/index.html`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file a request names inside `rootDir`, or null: another host, or a path leading out. */
export function appFileFor(requestUrl: string, rootDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(`${root}${path.sep}`) ? file : null;
}

/** The response to one app:// request: the file with its type and the page's policy, or 404. */
export async function appResponse(
  requestUrl: string,
  rootDir: string,
  contentSecurityPolicy: string,
): Promise<Response> {
  const file = appFileFor(requestUrl, rootDir);
  const body = file === null ? null : await readFile(file).catch(() => null);
  if (file === null || body === null) return new Response('Not found', { status: 404 });
  const isPage = file.endsWith('.html');
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      ...(isPage ? { 'Cache-Control': 'no-store' } : {}),
    },
  });
}
