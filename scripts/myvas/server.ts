/**
 * The reference MyVAS: the whole of MYVAS-API.md over HTTP on loopback, for development and tests.
 * Tokens are per PPV; the store persists when given a file; fault switches make it drop connections
 * before or after applying a request, answer 500, 429 or 503 with Retry-After, answer slowly or cut
 * its answers short, each with a probability drawn from a seeded generator so a run repeats.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  myvasAnchorBody,
  myvasBatchDeclaration,
  myvasChunkBody,
} from '../../electron/contract/myvas';
import { defaultCatalogue, type Catalogue } from '../../electron/core/catalogue';
import { canonicalJson } from '../../electron/core/shared/canonical';
import { createJudge } from './judge';
import { chunkCount, openMyvasStore, type StoredBatch } from './store';

/** Probabilities (0..1) per request, checked in this order; at most one fault per request. */
export interface FaultPlan {
  dropBeforeApply?: number;
  tooManyRequests?: number;
  unavailable?: number;
  serverError?: number;
  slow?: number;
  dropAfterApply?: number;
  truncate?: number;
  /** The `Retry-After` of 429 and 503 answers, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** How long a slow answer takes (default 2,000 ms). */
  slowMs?: number;
}

export const FAULT_NAMES = [
  'dropBeforeApply',
  'tooManyRequests',
  'unavailable',
  'serverError',
  'slow',
  'dropAfterApply',
  'truncate',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface MyvasServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** PPV code → the token issued to it. */
  ppvs: Record<string, string>;
  /** A SQLite file to keep what MyVAS holds across restarts; in memory when absent. */
  storeFile?: string;
  /** MyVAS's clock (ms since the epoch). */
  now?: () => number;
  /** The product codes of the national catalogue (default: those of the console's catalogue). */
  productCodes?: readonly string[];
  catalogue?: Catalogue;
  faults?: FaultPlan;
  seed?: number;
  /** Called once a request has been applied, before its answer is written. */
  afterApply?: (request: { method: string; path: string }) => void;
  /**
   * Called as each request arrives, before anything else. A fault it returns (or resolves to) is
   * the request's fault instead of a random draw: tests pick a fault for one request, or hold its
   * answer until something else happened.
   */
  onRequest?: (request: {
    method: string;
    path: string;
  }) => FaultName | null | undefined | Promise<FaultName | null | undefined>;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** `null` when the connection was dropped instead of answered. */
  status: number | null;
  /** MyVAS's clock when the request arrived. */
  at: number;
  fault: FaultName | null;
}

export interface RunningMyvas {
  url: string;
  port: number;
  setFaults(plan: FaultPlan): void;
  heldCount(ppvCode?: string): number;
  heldRecords(ppvCode?: string): Record<string, unknown>[];
  requests(): RequestLogEntry[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_RECORD_COUNT = 100_000;
const ANCHORS_PER_PAGE = 1000;
const MALAYSIA_OFFSET_MS = 8 * 60 * 60 * 1000;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Deterministic numbers in [0, 1) (mulberry32), so faults and jitter repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startMyvasServer(options: MyvasServerOptions): Promise<RunningMyvas> {
  const store = openMyvasStore(options.storeFile ?? ':memory:');
  const now = options.now ?? Date.now;
  const catalogue = options.catalogue ?? defaultCatalogue;
  const productCodes = new Set(options.productCodes ?? catalogue.products.map((p) => p.code));
  const random = seededRandom(options.seed ?? 1);
  let faults: FaultPlan = options.faults ?? {};
  const log: RequestLogEntry[] = [];

  function authenticate(request: IncomingMessage): string {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const ppvCode = String(request.headers['x-ppv-code'] ?? '');
    const owner = Object.entries(options.ppvs).find(([, issued]) => issued === token)?.[0];
    if (!owner) throw new Refusal(401, 'UNAUTHORIZED', 'missing or unknown token');
    if (owner !== ppvCode) throw new Refusal(403, 'FORBIDDEN', 'the token is not for this PPV');
    return ppvCode;
  }

  function ownBatch(batchId: string, ppvCode: string): StoredBatch {
    const batch = store.batch(batchId);
    if (!batch || batch.ppvCode !== ppvCode) {
      throw new Refusal(404, 'BATCH_NOT_FOUND', 'no such batch for this PPV');
    }
    return batch;
  }

  function declare(ppvCode: string, body: unknown): Answer {
    const parsed = myvasBatchDeclaration.safeParse(body);
    if (!parsed.success) throw schemaRefusal(parsed.error.issues);
    const d = parsed.data;
    if (d.ppvCode !== ppvCode)
      throw new Refusal(403, 'FORBIDDEN', 'ppvCode is not the token’s PPV');
    const openedAt = Date.parse(d.openedAt);
    const closedAt = Date.parse(d.closedAt);
    const existing = store.batch(d.batchId);
    if (existing) {
      const same =
        existing.ppvCode === ppvCode &&
        existing.contentHash === d.contentHash &&
        existing.sessionDate === d.sessionDate &&
        existing.openedAt === openedAt &&
        existing.closedAt === closedAt &&
        existing.recordCount === d.recordCount &&
        existing.chunkSize === d.chunkSize &&
        existing.auditHead === d.auditHead;
      if (same) return { status: 200, body: { batchId: d.batchId, status: existing.status } };
      throw new Refusal(409, 'BATCH_CONFLICT', 'the batch exists with another declaration');
    }
    // What will never pass is said first; a clock that will catch up, after.
    if (openedAt > closedAt) throw new Refusal(422, 'BATCH_INVALID', 'openedAt is after closedAt');
    if (malaysiaDate(openedAt) !== d.sessionDate) {
      throw new Refusal(422, 'BATCH_INVALID', 'openedAt is not on sessionDate');
    }
    if (d.recordCount > MAX_RECORD_COUNT) {
      throw new Refusal(422, 'BATCH_INVALID', `recordCount is above ${MAX_RECORD_COUNT}`);
    }
    if (closedAt > now()) {
      throw new Refusal(422, 'CLOSED_IN_FUTURE', 'closedAt is after MyVAS time');
    }
    store.declare({
      batchId: d.batchId,
      ppvCode,
      sessionDate: d.sessionDate,
      openedAt,
      closedAt,
      recordCount: d.recordCount,
      contentHash: d.contentHash,
      chunkSize: d.chunkSize,
      auditHead: d.auditHead,
    });
    return { status: 201, body: { batchId: d.batchId, status: 'open' } };
  }

  function putChunk(ppvCode: string, batchId: string, seqText: string, body: unknown): Answer {
    const batch = ownBatch(batchId, ppvCode);
    const seq = Number(seqText);
    if (!/^\d+$/.test(seqText) || seq >= chunkCount(batch)) {
      throw new Refusal(
        404,
        'CHUNK_NOT_FOUND',
        `the batch has chunks 0 to ${chunkCount(batch) - 1}`,
      );
    }
    const parsed = myvasChunkBody.safeParse(body);
    if (!parsed.success) throw schemaRefusal(parsed.error.issues);
    const raws = parsed.data.records;
    if (raws.length > batch.chunkSize) {
      throw new Refusal(413, 'CHUNK_TOO_LARGE', `a chunk holds at most ${batch.chunkSize} records`);
    }
    let records: { recordId: string; canonical: string }[];
    try {
      records = raws.map((raw) => ({
        recordId: typeof raw['recordId'] === 'string' ? raw['recordId'] : '',
        canonical: canonicalJson(raw),
      }));
    } catch (error) {
      if (error instanceof RangeError) throw new Refusal(400, 'SCHEMA', 'records nest too deeply');
      throw error;
    }
    const hash = createHash('sha256');
    for (const record of records) hash.update(`${record.canonical}\n`);
    const contentHash = hash.digest('hex');

    const stored = store.chunk(batchId, seq);
    if (stored !== null) {
      if (stored.contentHash !== contentHash) {
        throw new Refusal(409, 'CHUNK_CONFLICT', 'the chunk was put before with other content');
      }
      return { status: 200, body: { results: stored.results } };
    }
    const receivedAt = now();
    const judge = createJudge({ store, batch, seq, catalogue, productCodes });
    const results = store.transaction(() => {
      const judged = raws.map((raw, i) => {
        const result = judge.judge(raw, records[i]!.canonical, receivedAt);
        if (result.status === 'rejected') store.reject(batchId, result);
        return result;
      });
      store.putChunk(batchId, seq, contentHash, records, judged);
      return judged;
    });
    return { status: 200, body: { results } };
  }

  function commit(ppvCode: string, batchId: string): Answer {
    const batch = ownBatch(batchId, ppvCode);
    if (batch.status === 'open') {
      const missing = store.missingChunks(batch);
      if (missing.length > 0) {
        throw new Refusal(409, 'BATCH_INCOMPLETE', 'chunks are missing', {
          missingChunks: missing,
        });
      }
      // Chunk by chunk: the records in recordId order when the chunks were cut as the contract
      // says, which is checked too.
      const hash = createHash('sha256');
      for (const chunk of store.chunkTexts(batchId)) hash.update(chunk.canonical);
      if (hash.digest('hex') !== batch.contentHash || !store.inRecordOrder(batchId)) {
        throw new Refusal(409, 'HASH_MISMATCH', 'the records do not hash to contentHash');
      }
      store.markCommitted(batchId);
    }
    return { status: 200, body: { status: 'committed', ...store.counts(batchId) } };
  }

  function batchStatus(ppvCode: string, batchId: string): Answer {
    const batch = ownBatch(batchId, ppvCode);
    return {
      status: 200,
      body: {
        batchId,
        status: batch.status,
        ...store.counts(batchId),
        rejections: store.rejections(batchId),
        contentHash: batch.contentHash,
        recordCount: batch.recordCount,
        chunkSize: batch.chunkSize,
        auditHead: batch.auditHead,
      },
    };
  }

  function addAnchor(ppvCode: string, body: unknown): Answer {
    const parsed = myvasAnchorBody.safeParse(body);
    if (!parsed.success) throw schemaRefusal(parsed.error.issues);
    const anchor = parsed.data;
    if (anchor.ppvCode !== ppvCode) {
      throw new Refusal(403, 'FORBIDDEN', 'ppvCode is not the token’s PPV');
    }
    const held = store.anchor(ppvCode, anchor.seq);
    if (held && held.head !== anchor.head) {
      throw new Refusal(409, 'ANCHOR_CONFLICT', 'another head is anchored at this seq', {
        head: held.head,
      });
    }
    if (!held) {
      store.addAnchor(ppvCode, { ...anchor, receivedAt: now() });
    }
    return { status: held ? 200 : 201, body: { seq: anchor.seq, head: anchor.head } };
  }

  function anchorsAfter(ppvCode: string, query: URLSearchParams): Answer {
    const text = query.get('after') ?? '0';
    if (!/^\d{1,15}$/.test(text)) {
      throw new Refusal(400, 'SCHEMA', 'after: a whole number of 0 or more');
    }
    const anchors = store.anchorsAfter(ppvCode, Number(text), ANCHORS_PER_PAGE).map((anchor) => ({
      seq: anchor.seq,
      head: anchor.head,
      at: anchor.at,
      receivedAt: new Date(anchor.receivedAt).toISOString(),
    }));
    return { status: 200, body: { anchors } };
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    ppvCode: string,
    body: unknown,
  ): Answer {
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'v1') throw new Refusal(404, 'NOT_FOUND', 'no such endpoint');
    if (method === 'GET' && path === '/v1/time') return { status: 200, body: {} };
    if (method === 'POST' && path === '/v1/batches') return declare(ppvCode, body);
    if (method === 'POST' && path === '/v1/anchors') return addAnchor(ppvCode, body);
    if (method === 'GET' && path === '/v1/anchors') return anchorsAfter(ppvCode, query);
    if (parts[1] === 'batches' && parts[2]) {
      const batchId = parts[2];
      if (method === 'GET' && parts.length === 3) return batchStatus(ppvCode, batchId);
      if (method === 'POST' && parts[3] === 'commit' && parts.length === 4) {
        return commit(ppvCode, batchId);
      }
      if (method === 'PUT' && parts[3] === 'chunks' && parts[4] && parts.length === 5) {
        return putChunk(ppvCode, batchId, parts[4], body);
      }
    }
    throw new Refusal(404, 'NOT_FOUND', 'no such endpoint');
  }

  function drawFault(): FaultName | null {
    for (const name of FAULT_NAMES) {
      const p = faults[name] ?? 0;
      if (p > 0 && random() < p) return name;
    }
    return null;
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://myvas.invalid');
    const path = url.pathname;
    const entry: RequestLogEntry = { method, path, status: null, at: now(), fault: null };
    log.push(entry);
    const picked = await options.onRequest?.({ method, path });
    entry.fault = picked === undefined ? drawFault() : picked;

    // Who is calling is known from the headers: a stranger's body is never read.
    let ppvCode: string | null = null;
    let result: Answer | null = null;
    try {
      ppvCode = authenticate(request);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      request.resume();
      result = refusalAnswer(error);
    }
    let raw: Buffer = Buffer.alloc(0);
    if (ppvCode !== null) {
      try {
        raw = await readBody(request);
      } catch {
        answer(
          response,
          entry,
          refusalAnswer(new Refusal(413, 'BODY_TOO_LARGE', 'body too large')),
        );
        return;
      }
    }
    if (entry.fault === 'dropBeforeApply') {
      request.socket.destroy();
      return;
    }
    const throttled = entry.fault === 'tooManyRequests' || entry.fault === 'unavailable';
    if (throttled || entry.fault === 'serverError') {
      const status =
        entry.fault === 'tooManyRequests' ? 429 : entry.fault === 'unavailable' ? 503 : 500;
      const headers: Record<string, string> = throttled
        ? { 'retry-after': String(faults.retryAfterSeconds ?? 1) }
        : {};
      answer(response, entry, { status, body: { code: `HTTP_${status}` }, headers });
      return;
    }
    if (entry.fault === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, faults.slowMs ?? 2000));
    }

    if (ppvCode !== null) {
      try {
        result = route(method, path, url.searchParams, ppvCode, parseJson(raw));
        options.afterApply?.({ method, path });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        result = refusalAnswer(error);
      }
    }
    if (result === null) throw new Error('no answer');
    if (entry.fault === 'dropAfterApply') {
      entry.status = result.status;
      request.socket.destroy();
      return;
    }
    answer(response, entry, result);
  }

  function answer(response: ServerResponse, entry: RequestLogEntry, result: Answer) {
    entry.status = result.status;
    const at = now();
    const text = JSON.stringify({ serverTime: new Date(at).toISOString(), ...result.body });
    const bytes = Buffer.from(text, 'utf8');
    response.writeHead(result.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(bytes.length),
      date: new Date(at).toUTCString(),
      ...result.headers,
    });
    if (entry.fault === 'truncate') {
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      response.socket?.destroy();
      return;
    }
    response.end(bytes);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`reference MyVAS: ${message}\n`);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      }
      response.end(JSON.stringify({ code: 'INTERNAL', serverTime: new Date(now()).toISOString() }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFaults(plan) {
      faults = plan;
    },
    heldCount: (ppvCode) => store.heldCount(ppvCode),
    heldRecords: (ppvCode) => store.heldRecords(ppvCode),
    requests: () => log.map((entry) => ({ ...entry })),
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      });
    },
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    request.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        request.pause();
        reject(new Error('body too large'));
        return;
      }
      parts.push(part);
    });
    request.on('end', () => resolve(Buffer.concat(parts)));
    request.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new Refusal(400, 'MALFORMED_JSON', 'the body is not JSON');
  }
}

function schemaRefusal(issues: readonly { path: PropertyKey[]; message: string }[]): Refusal {
  const issue = issues[0];
  const where = issue?.path.map(String).join('.') || 'body';
  return new Refusal(400, 'SCHEMA', `${where}: ${issue?.message ?? 'malformed'}`);
}

function malaysiaDate(instant: number): string {
  return new Date(instant + MALAYSIA_OFFSET_MS).toISOString().slice(0, 10);
}

function refusalAnswer(error: Refusal): Answer {
  return {
    status: error.status,
    body: { code: error.code, message: error.message, ...error.extra },
  };
}
