// The one page a browser that is not yet a desk may see, and only with a live pairing code in its
// address: a form that asks for the desk's name, in Malay and English. No script, no console code.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ErrorBody } from '../contract/errors';

const MAX_BODY_BYTES = 4096;

export interface PairingRequest {
  /** The desk app asks in JSON and gets its token back; a browser posts the form. */
  json: boolean;
  fields: { code: string; deskName: string };
}

/** The posted code and name (the hub's desk registry checks them); null for a body it cannot read. */
export async function readPairingRequest(request: IncomingMessage): Promise<PairingRequest | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const json = (request.headers['content-type'] ?? '').startsWith('application/json');
  let raw: Record<string, unknown>;
  if (json) {
    try {
      raw = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return null;
    }
  } else {
    raw = Object.fromEntries(new URLSearchParams(body));
  }
  const { code, deskName } = raw ?? {};
  if (typeof code !== 'string' || typeof deskName !== 'string' || code.length > 20) return null;
  return { json, fields: { code, deskName } };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The form, with the refusal of the last try above it. */
export function pairingPage(
  response: ServerResponse,
  headers: OutgoingHttpHeaders,
  state: { code: string; error: ErrorBody | null },
): void {
  const error = state.error
    ? `<p role="alert" lang="ms">${escape(state.error.message.ms)}</p>` +
      `<p role="alert" lang="en">${escape(state.error.message.en)}</p>`
    : '';
  const html = `<!doctype html>
<html lang="ms"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Pasangkan meja · Pair this desk</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}
label,input,button{display:block;font:inherit;margin:.4rem 0}input{padding:.4rem;width:100%}
button{padding:.5rem 1.2rem}[role=alert]{color:#a00;font-weight:600}</style></head>
<body><main><h1>Pasangkan meja ini dengan hab <span lang="en">· Pair this desk with the hub</span></h1>
${error}<form method="post" action="/pair">
<input type="hidden" name="code" value="${escape(state.code)}">
<label for="desk-name">Nama meja <span lang="en">· Desk name</span> (Kaunter 2, Meja vaksin 4)</label>
<input id="desk-name" name="deskName" required minlength="2" maxlength="40" autofocus>
<button type="submit">Pasangkan <span lang="en">· Pair</span></button>
</form></main></body></html>`;
  response.writeHead(state.error ? 403 : 200, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  });
  response.end(html);
}
