import {
  myvasBatchStatus,
  myvasChunkResponse,
  myvasCommitResponse,
  myvasErrorBody,
} from '../../contract/myvas';
import type { AuditLog } from '../audit';
import type { TrustedClock } from '../clock';
import type { Settings } from '../ppv/settings';
import type { BatchToConfirm } from '../retention/purge';
import type { Logger } from '../shared/log';
import { malaysiaTimestamp } from '../shared/time';
import {
  connectToMyvas,
  MyvasRedirectError,
  MyvasTransitError,
  type Fetch,
  type MyvasClient,
  type MyvasReply,
} from './client';
import {
  CHUNK_SIZE,
  LATE_AFTER_MS,
  LATE_MARGIN_MS,
  type PlannedUpload,
  type UploadRow,
  type UploadStore,
  type WaitingFor,
} from './store';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** Failed attempts in a row before a run gives up and leaves the next try to the scheduler. */
export const ATTEMPTS_PER_RUN = 8;
/** Chunks sent before the first answer comes back: enough to keep both ends busy, not a flood. */
export const CHUNKS_IN_FLIGHT = 3;
/** After MyVAS says a batch closed in its future: measure the clock again no sooner than this. */
export const CLOSED_IN_FUTURE_RECHECK_MS = 60_000;

export type RunOutcome =
  | { kind: 'idle' }
  | { kind: 'not-configured'; reason: string }
  | { kind: 'waiting'; for: WaitingFor; batchId: string; until: number | null };

export interface UploadWorkerDeps {
  store: UploadStore;
  settings: Settings;
  clock: TrustedClock;
  audit: AuditLog;
  stationId: string;
  log: Logger;
  /** Waits between attempts. Tests advance their clock instead of sleeping. */
  wait(ms: number): Promise<void>;
  /** Uniform in [0, 1): full jitter. */
  random(): number;
  fetch?: Fetch;
  chunkSize?: number;
  /** Called whenever what the screens show about uploading may have changed. */
  changed(): void;
  /** Called when a MyVAS answer moved the clock to another state (ok, warn, stop). */
  clockChanged(): void;
  /** Anchors the audit chain's head at MyVAS; called after each batch is committed. */
  anchor?(): Promise<void>;
}

/** A reply the worker cannot move past in this run; retrying later may. */
class Retryable extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterMs: number | null,
  ) {
    super(code);
  }
}

/** A reply that needs a person: a token MyVAS refuses, a batch it holds with another hash. */
class Refused extends Error {
  constructor(
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(code);
  }
}

/**
 * Takes sealed batches to MyVAS in the order they were closed: plan, declare, put the chunks MyVAS
 * has not judged, commit. Every step is safe to repeat, and what MyVAS said is stored as it arrives,
 * so a run stopped anywhere (network, power, a killed process) resumes where it stopped.
 */
export function createUploadWorker(deps: UploadWorkerDeps) {
  const { store, clock } = deps;
  const chunkSize = deps.chunkSize ?? CHUNK_SIZE;
  let running: Promise<RunOutcome> | null = null;

  /** One run: uploads batches until none is left or one must wait. Concurrent calls share it. */
  function run(): Promise<RunOutcome> {
    running ??= runBatches().finally(() => {
      running = null;
    });
    return running;
  }

  async function runBatches(): Promise<RunOutcome> {
    const connection = connectToMyvas(deps);
    if ('notConfigured' in connection) {
      return { kind: 'not-configured', reason: connection.notConfigured };
    }
    const { client, ppvCode } = connection;

    for (;;) {
      const batch = store.next();
      if (!batch) return { kind: 'idle' };
      const outcome = await uploadWithRetries(client, batch, ppvCode);
      if (outcome) return outcome;
    }
  }

  /** Returns an outcome when the batch must wait; undefined once it is committed or failed. */
  async function uploadWithRetries(
    client: MyvasClient,
    batch: UploadRow,
    ppvCode: string,
  ): Promise<RunOutcome | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await uploadBatch(client, batch.id, ppvCode);
      } catch (caught) {
        const error =
          caught instanceof MyvasRedirectError ? new Refused('MYVAS_REDIRECTED', false) : caught;
        if (error instanceof Refused) {
          settle(batch.id, error);
          if (error.permanent) return undefined;
          return { kind: 'waiting', for: 'myvas-refused', batchId: batch.id, until: null };
        }
        const retryable = asRetryable(error);
        store.countAttempt(batch.id);
        const delay = backoff(attempt, retryable.retryAfterMs);
        const until = clock.now().at + delay;
        store.waiting(batch.id, 'network', until, retryable.code);
        deps.changed();
        deps.log.info('upload.retry', { batchId: batch.id, code: retryable.code, delayMs: delay });
        if (attempt + 1 >= ATTEMPTS_PER_RUN) {
          return { kind: 'waiting', for: 'network', batchId: batch.id, until };
        }
        await deps.wait(delay);
      }
    }
  }

  function asRetryable(error: unknown): Retryable {
    if (error instanceof Retryable) return error;
    if (error instanceof MyvasTransitError) return new Retryable('NETWORK', null);
    throw error;
  }

  /** Full jitter, capped; never sooner than MyVAS's Retry-After. */
  function backoff(attempt: number, retryAfterMs: number | null): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    const jittered = Math.floor(deps.random() * ceiling);
    return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
  }

  function settle(batchId: string, refusal: Refused): void {
    if (refusal.permanent) {
      store.setState(batchId, 'failed');
      store.waiting(batchId, 'myvas-refused', null, refusal.code);
      deps.log.error('upload.failed', { batchId, code: refusal.code });
    } else {
      store.waiting(batchId, 'myvas-refused', null, refusal.code);
      deps.log.error('upload.refused', { batchId, code: refusal.code });
    }
    deps.changed();
  }

  async function uploadBatch(
    client: MyvasClient,
    batchId: string,
    ppvCode: string,
  ): Promise<RunOutcome | undefined> {
    // Measure the clock first: every decision below is on MyVAS time.
    expectOk(await client.time(), 'time');
    const batch = store.get(batchId);
    if (!batch) return undefined;
    const now = clock.now().at;

    const notBefore = Math.max(batch.closed_at, store.latestAdministration(batch.id) ?? 0);
    if (now < notBefore) {
      store.waiting(batch.id, 'clock', notBefore, null);
      deps.changed();
      return { kind: 'waiting', for: 'clock', batchId: batch.id, until: notBefore };
    }

    const lateCutoff = now + LATE_MARGIN_MS - LATE_AFTER_MS;
    let planned = isPlanned(batch) ? batch : null;
    if (planned && planned.declared_at === null && planStale(planned, lateCutoff)) {
      // Never declared, and records have turned late since: plan again so their reason can travel.
      store.forgetPlan(batch.id);
      planned = null;
    }
    if (!planned) {
      if (batch.late_reason === null && store.lateRecords(batch.id, lateCutoff) > 0) {
        store.waiting(batch.id, 'late-reason', null, null);
        deps.changed();
        return { kind: 'waiting', for: 'late-reason', batchId: batch.id, until: null };
      }
      planned = store.plan(batch, lateCutoff, chunkSize);
    }
    const plan = planned;
    store.setState(batch.id, 'uploading');

    // The plan is fixed before the declaration first leaves: an answer lost on the way must never
    // make another plan (MYVAS-API.md 1.1, "A declaration is final"). It is sent again at every
    // attempt (MyVAS answers 200 to the same declaration), so MyVAS always holds it before a chunk.
    if (plan.declared_at === null) store.declarationSent(batch.id, clock.now().at);
    const reply = await client.declare(declaration(plan, ppvCode));
    if (reply.status === 409) throw new Refused(errorCode(reply, 'BATCH_CONFLICT'), true);
    if (reply.status === 422) {
      const code = errorCode(reply, 'BATCH_INVALID');
      if (code === 'CLOSED_IN_FUTURE') return closedInFuture(plan);
      throw new Refused(code, true);
    }
    expectOk(reply, 'declare');
    if (plan.declared_at === null || plan.waiting_for !== null) {
      store.resumed(batch.id);
      deps.changed();
    }

    await inFlight(store.pendingChunks(batch.id, plan.chunk_size), (seq) =>
      putChunk(client, plan, seq),
    );

    const committed = await client.commit(batch.id);
    if (committed.status === 404) throw new Retryable('BATCH_UNKNOWN_TO_MYVAS', 0);
    if (committed.status === 409) {
      const body = myvasErrorBody.safeParse(committed.body);
      if (body.success && body.data.code === 'BATCH_INCOMPLETE') {
        // MyVAS lacks chunks whose results the station already stored: put them again.
        for (const seq of body.data.missingChunks ?? []) await putChunk(client, plan, seq);
        throw new Retryable('BATCH_INCOMPLETE', 0);
      }
      throw new Refused(errorCode(committed, 'HASH_MISMATCH'), true);
    }
    expectOk(committed, 'commit');
    const counts = myvasCommitResponse.safeParse(committed.body);
    if (!counts.success) throw new Retryable('MALFORMED_ANSWER', null);
    finish(batch.id, counts.data);
    await deps.anchor?.();
    return undefined;
  }

  /**
   * MyVAS's clock is behind the batch's closing time: a clock problem, not a network one. The answer
   * measured the offset again; the batch waits until the corrected clock has passed its closing time
   * and at least a minute, then measures again and declares the same plan.
   */
  function closedInFuture(plan: PlannedUpload): RunOutcome {
    const until = Math.max(plan.closed_at, clock.now().at) + CLOSED_IN_FUTURE_RECHECK_MS;
    store.waiting(plan.id, 'clock', until, 'CLOSED_IN_FUTURE');
    deps.log.info('upload.closed_in_future', { batchId: plan.id });
    deps.changed();
    return { kind: 'waiting', for: 'clock', batchId: plan.id, until };
  }

  /** Records late now (with the margin) that the plan did not count as late. */
  function planStale(plan: PlannedUpload, lateCutoff: number): boolean {
    if (lateCutoff <= plan.late_cutoff) return false;
    return store.lateRecords(plan.id, lateCutoff) > store.lateRecords(plan.id, plan.late_cutoff);
  }

  /** Puts one chunk and stores MyVAS's result for each of its records. */
  async function putChunk(client: MyvasClient, plan: PlannedUpload, seq: number): Promise<void> {
    const { body, recordIds } = store.chunkBody(plan, seq);
    const reply = await client.putChunk(plan.id, seq, body);
    // MyVAS does not know the batch (its store was reset): the next attempt declares it again.
    if (reply.status === 404) throw new Retryable('BATCH_UNKNOWN_TO_MYVAS', 0);
    if (reply.status === 409) throw new Refused(errorCode(reply, 'CHUNK_CONFLICT'), true);
    if (reply.status === 400 || reply.status === 413) {
      throw new Refused(errorCode(reply, `HTTP_${reply.status}_CHUNK`), true);
    }
    expectOk(reply, 'chunk');
    const parsed = myvasChunkResponse.safeParse(reply.body);
    const results = parsed.success ? parsed.data.results : null;
    // One result per record, in order: anything else is an answer the station cannot file.
    if (!results || results.length !== recordIds.length) {
      throw new Retryable('MALFORMED_ANSWER', null);
    }
    if (results.some((result, i) => result.recordId !== recordIds[i])) {
      throw new Retryable('MALFORMED_ANSWER', null);
    }
    store.saveResults(plan.id, results, clock.now().at);
    deps.changed();
  }

  function finish(
    batchId: string,
    counts: { accepted: number; duplicate: number; rejected: number },
  ): void {
    const now = clock.now();
    store.transaction(() => {
      store.committed(batchId, now.at);
      store.setState(batchId, 'committed');
      deps.audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: deps.stationId,
        action: 'batch.uploaded',
        entityType: 'batch',
        entityId: batchId,
        detail: { ...counts },
      });
    });
    deps.log.info('upload.committed', { batchId, ...counts });
    deps.changed();
  }

  /**
   * The batches the MyVAS configured now holds committed as the station sent them: the same content
   * hash and as many rejections as the station filed. Any other answer, or none, and the batch is
   * not confirmed: a MyVAS that never received it (the address changed back from a server that
   * "accepted" it) is no one whose word may delete anything.
   */
  async function heldAtMyvas(batches: readonly BatchToConfirm[]): Promise<ReadonlySet<string>> {
    const held = new Set<string>();
    const connection = connectToMyvas(deps);
    if ('notConfigured' in connection) return held;
    for (const batch of batches) {
      let reply: MyvasReply;
      try {
        reply = await connection.client.status(batch.batchId);
      } catch (error) {
        if (error instanceof MyvasTransitError || error instanceof MyvasRedirectError) return held;
        throw error;
      }
      const status = myvasBatchStatus.safeParse(reply.body);
      if (
        reply.status === 200 &&
        status.success &&
        status.data.status === 'committed' &&
        status.data.contentHash === batch.uploadHash &&
        status.data.rejected === batch.rejected
      ) {
        held.add(batch.batchId);
      }
    }
    return held;
  }

  return { run, heldAtMyvas };
}

export type UploadWorker = ReturnType<typeof createUploadWorker>;

/**
 * Runs `put` for every chunk with up to CHUNKS_IN_FLIGHT at once, so the station prepares and stores
 * one chunk while MyVAS judges another. The first failure stops new puts; the ones already sent
 * finish (their results are kept), and then the attempt fails with what all of them said: a refusal
 * when one needs a person, otherwise a retry no sooner than the longest Retry-After any answer asked
 * for, whichever answer came first.
 */
async function inFlight(seqs: readonly number[], put: (seq: number) => Promise<void>) {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async () => {
    while (failures.length === 0 && next < seqs.length) {
      const seq = seqs[next++]!;
      try {
        await put(seq);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNKS_IN_FLIGHT, seqs.length) }, lane));
  if (failures.length > 0) throw together(failures);
}

/** One failure standing for several answers of the same attempt. */
function together(failures: readonly unknown[]): unknown {
  const needsPerson = failures.find(
    (error) => error instanceof Refused || error instanceof MyvasRedirectError,
  );
  if (needsPerson !== undefined) return needsPerson;
  const unexpected = failures.find(
    (error) => !(error instanceof Retryable || error instanceof MyvasTransitError),
  );
  if (unexpected !== undefined) return unexpected;
  const retries = failures.map((error) =>
    error instanceof Retryable ? error : new Retryable('NETWORK', null),
  );
  const waits = retries.flatMap((retry) =>
    retry.retryAfterMs === null ? [] : [retry.retryAfterMs],
  );
  return new Retryable(retries[0]!.code, waits.length > 0 ? Math.max(...waits) : null);
}

function isPlanned(batch: UploadRow): batch is PlannedUpload {
  return batch.upload_hash !== null && batch.late_cutoff !== null && batch.chunk_size !== null;
}

function declaration(batch: PlannedUpload, ppvCode: string): string {
  return JSON.stringify({
    batchId: batch.id,
    ppvCode,
    sessionDate: batch.session_date,
    openedAt: malaysiaTimestamp(batch.opened_at),
    closedAt: malaysiaTimestamp(batch.closed_at),
    recordCount: batch.record_count,
    contentHash: batch.upload_hash,
    auditHead: batch.audit_head,
    chunkSize: batch.chunk_size,
  });
}

/** 2xx goes on; 401/403 need a person; 429, 5xx and anything unexpected are retried. */
function expectOk(reply: MyvasReply, step: string): void {
  if (reply.status >= 200 && reply.status < 300) return;
  if (reply.status === 401 || reply.status === 403) {
    throw new Refused(reply.status === 401 ? 'MYVAS_TOKEN_REFUSED' : 'MYVAS_PPV_REFUSED', false);
  }
  throw new Retryable(`HTTP_${reply.status}_${step.toUpperCase()}`, reply.retryAfterMs);
}

function errorCode(reply: MyvasReply, fallback: string): string {
  const body = myvasErrorBody.safeParse(reply.body);
  return body.success ? body.data.code : fallback;
}
