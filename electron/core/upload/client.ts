import type { ClockSample, TrustedClock } from '../clock';
import type { Settings } from '../ppv/settings';
import type { Clock } from '../shared/clock';

export interface MyvasEndpoint {
  baseUrl: string;
  ppvCode: string;
  token: string;
}

export interface MyvasReply {
  status: number;
  body: unknown;
  /** From `Retry-After` (seconds), on 429 and 503. */
  retryAfterMs: number | null;
}

/** The request never got a whole answer: refused, dropped, cut short or timed out. Safe to repeat. */
export class MyvasTransitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MyvasTransitError';
  }
}

/** An endpoint the console must not talk to: plain HTTP is only for loopback (MYVAS-API.md). */
export class MyvasEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MyvasEndpointError';
  }
}

/**
 * MyVAS answered with a redirect (3xx). The console never follows one: the records would go, maybe
 * in plain HTTP, to a host nobody configured. A person must check the MyVAS address.
 */
export class MyvasRedirectError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'MyvasRedirectError';
  }
}

export type Fetch = typeof fetch;

export interface MyvasClientOptions {
  endpoint: MyvasEndpoint;
  clock: Clock;
  /** Every answer's server time, to keep the clock offset measured at each contact. */
  onServerTime(sample: ClockSample): void;
  fetch?: Fetch;
  timeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function checkEndpoint(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new MyvasEndpointError('the MyVAS address is not a URL');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  throw new MyvasEndpointError('MyVAS must be reached over HTTPS (plain HTTP only on loopback)');
}

/** Speaks HTTP+JSON to one MyVAS endpoint for one PPV. Status codes are the caller's to read. */
export function createMyvasClient(options: MyvasClientOptions) {
  const base = checkEndpoint(options.endpoint.baseUrl).toString().replace(/\/$/, '');
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers = {
    authorization: `Bearer ${options.endpoint.token}`,
    'x-ppv-code': options.endpoint.ppvCode,
    'content-type': 'application/json; charset=utf-8',
  };

  async function request(method: 'GET' | 'POST' | 'PUT', path: string, body?: string) {
    const deviceSentAt = options.clock.now();
    let response: Response;
    let text: string;
    try {
      response = await send(`${base}${path}`, {
        method,
        headers,
        body: body ?? null,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new MyvasTransitError(`${method} ${path}: no complete answer`, { cause: error });
    }
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      throw new MyvasRedirectError(
        response.status,
        `${method} ${path}: MyVAS answered ${response.status}, a redirect the console does not follow`,
      );
    }
    const deviceReceivedAt = options.clock.now();
    const monotonicReceivedAt = options.clock.monotonic();

    let parsed: unknown = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new MyvasTransitError(`${method} ${path}: the answer is not JSON`, { cause: error });
      }
    }
    const serverTime = serverTimeOf(parsed, response.headers.get('date'));
    if (serverTime !== null) {
      options.onServerTime({
        source: 'myvas',
        deviceSentAt,
        deviceReceivedAt: Math.max(deviceReceivedAt, deviceSentAt),
        monotonicReceivedAt,
        serverTime,
      });
    }
    return {
      status: response.status,
      body: parsed,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    } satisfies MyvasReply;
  }

  return {
    time: () => request('GET', '/v1/time'),
    declare: (body: string) => request('POST', '/v1/batches', body),
    putChunk: (batchId: string, seq: number, body: string) =>
      request('PUT', `/v1/batches/${batchId}/chunks/${seq}`, body),
    commit: (batchId: string) => request('POST', `/v1/batches/${batchId}/commit`, '{}'),
    status: (batchId: string) => request('GET', `/v1/batches/${batchId}`),
    anchor: (body: string) => request('POST', '/v1/anchors', body),
    anchorsAfter: (seq: number) => request('GET', `/v1/anchors?after=${seq}`),
  };
}

export type MyvasClient = ReturnType<typeof createMyvasClient>;

/** The JSON body's `serverTime` (millisecond precision) when there is one, else the `Date` header. */
function serverTimeOf(body: unknown, dateHeader: string | null): number | null {
  if (body !== null && typeof body === 'object' && 'serverTime' in body) {
    const value = Date.parse(String(body.serverTime));
    if (Number.isFinite(value)) return value;
  }
  if (dateHeader === null) return null;
  const value = Date.parse(dateHeader);
  return Number.isFinite(value) ? value : null;
}

function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  return null;
}

export interface MyvasConnectionDeps {
  settings: Settings;
  clock: TrustedClock;
  fetch?: Fetch;
  /** Called when an answer moved the clock to another state (ok, warn, stop). */
  clockChanged(): void;
}

/**
 * A client for the MyVAS the PPV settings name, every answer measuring the clock; or why there is
 * none (no address or token, or an address the console must not talk to).
 */
export function connectToMyvas(
  deps: MyvasConnectionDeps,
): { client: MyvasClient; ppvCode: string } | { notConfigured: string } {
  const settings = deps.settings.find();
  if (!settings?.myvasEndpoint || !settings.myvasToken) {
    return { notConfigured: 'no MyVAS address or token in the PPV settings' };
  }
  const { clock } = deps;
  try {
    const client = createMyvasClient({
      endpoint: {
        baseUrl: settings.myvasEndpoint,
        ppvCode: settings.ppvCode,
        token: settings.myvasToken,
      },
      clock: { now: () => clock.now().deviceAt, monotonic: clock.monotonic },
      onServerTime: (sample) => {
        const before = clock.status().state;
        clock.record(sample);
        if (clock.status().state !== before) deps.clockChanged();
      },
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    return { client, ppvCode: settings.ppvCode };
  } catch (error) {
    if (error instanceof MyvasEndpointError) return { notConfigured: error.message };
    throw error;
  }
}
