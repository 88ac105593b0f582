/**
 * The renderer's content security policy. The same text is in renderer/index.html's meta tag
 * (csp.test.ts keeps them equal); main also sends it as a header for the app's pages.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Only for `electron-vite dev`: the dev server injects an inline React Refresh preamble and talks
 * to the page over a WebSocket. Never used by a build.
 */
export const devContentSecurityPolicy = contentSecurityPolicy
  .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
