/**
 * The console's upload worker against the reference MyVAS on loopback: every record reaches MyVAS
 * exactly once through every fault, never before it was given, late only with a reason, and what
 * MyVAS rejects comes back to the manager and is corrected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/open';
import { createHarness, MINUTE, TEST_KEY } from '../../electron/core/testing/harness';
import { createUploadStore } from '../../electron/core/upload/store';
import type { RunOutcome } from '../../electron/core/upload/worker';
import {
  arrive,
  closeDay,
  doseRow,
  openVial,
  openWalkIn,
  returns,
  setUpStation,
  vaccinate,
} from '../../electron/core/testing/scenario';
import { seededRandom, startMyvasServer, type FaultPlan } from './server';
import {
  connect,
  createUploadStation,
  DAY,
  PPV_CODE,
  PPV_TOKEN,
  HOUR,
  later,
  vaccinationDay,
  type UploadStation,
  type UploadStationOptions,
} from './station-fixture';

let station: UploadStation | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
});

async function start(options: UploadStationOptions = {}): Promise<UploadStation> {
  station = await createUploadStation(options);
  return station;
}

/** Runs the worker as its scheduler would: again after each network wait, until it settles. */
async function uploadUntilSettled(s: UploadStation): Promise<RunOutcome> {
  for (let run = 0; run < 200; run++) {
    const outcome = await s.h.app.upload();
    if (outcome.kind !== 'waiting' || outcome.for !== 'network') return outcome;
    const wait = Math.max(0, (outcome.until ?? 0) - s.h.app.clock.now().at);
    s.waits.push(wait);
    s.h.clock.advance(wait);
  }
  throw new Error('the upload never settled');
}

function batchOf(s: UploadStation, batchId: string) {
  const batch = s.h
    .ok('mgr', 'batch.list', { limit: 100 })
    .items.find((b) => b.batchId === batchId);
  if (!batch) throw new Error('batch missing');
  return batch;
}

/** The batch calls, without the clock's and the audit anchors'. */
function uploadRequests(s: UploadStation) {
  return s.myvas.requests().filter((r) => r.path.startsWith('/v1/batches'));
}

describe('upload to MyVAS', () => {
  it('declares, puts every chunk and commits a sealed batch; the manager sees it committed', async () => {
    const s = await start({ chunkSize: 4 });
    const { batch } = vaccinationDay(s.h, 1, 10);
    expect(batchOf(s, batch.batchId).upload).toMatchObject({ pending: 10, accepted: 0 });

    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    expect(s.myvas.heldCount('PPV-WPKL-0001')).toBe(10);
    const after = batchOf(s, batch.batchId);
    expect(after.uploadState).toBe('committed');
    expect(after.upload).toMatchObject({ accepted: 10, duplicate: 0, rejected: 0, pending: 0 });
    // Declared first, committed last; the chunks in between may overlap, so their order is free.
    const calls = uploadRequests(s).map(
      (r) => `${r.method} ${r.path.split('/').slice(4).join('/')}`,
    );
    expect([calls[0], calls.at(-1)]).toEqual(['POST ', 'POST commit']);
    expect(calls.slice(1, -1).sort()).toEqual(['PUT chunks/0', 'PUT chunks/1', 'PUT chunks/2']);
    const audit = s.h.ok('admin', 'audit.list', { limit: 5 }).items;
    expect(audit[0]).toMatchObject({ action: 'batch.uploaded', entityId: batch.batchId });
    expect(s.h.ok('mgr', 'upload.status', {})).toMatchObject({
      state: 'idle',
      batchesToUpload: 0,
      recordsPending: 0,
    });
    expect(s.h.events.some((e) => e.event === 'upload.changed')).toBe(true);
  });

  it('measures the clock offset at every contact with MyVAS', async () => {
    const s = await start({ skewMs: 5 * 60_000 });
    vaccinationDay(s.h, 1, 2);
    expect(s.h.ok('mgr', 'clock.status', {}).state).toBe('unmeasured');
    await s.h.app.upload();
    const clock = s.h.ok('mgr', 'clock.status', {});
    expect(clock.state).toBe('warn');
    expect(clock.offsetMs).toBe(-5 * 60_000);
    expect(s.h.events.some((e) => e.event === 'clock.changed')).toBe(true);
  });

  const faults: Array<[string, FaultPlan]> = [
    ['the connection dropped before MyVAS applies a request', { dropBeforeApply: 0.4 }],
    ['the connection dropped after MyVAS applied a request', { dropAfterApply: 0.4 }],
    ['500 answers', { serverError: 0.4 }],
    ['429 with Retry-After', { tooManyRequests: 0.4, retryAfterSeconds: 7 }],
    ['503 with Retry-After', { unavailable: 0.4, retryAfterSeconds: 3 }],
    ['slow answers', { slow: 0.5, slowMs: 15 }],
    ['truncated bodies', { truncate: 0.4 }],
    [
      'every fault at once',
      {
        dropBeforeApply: 0.1,
        dropAfterApply: 0.1,
        serverError: 0.1,
        tooManyRequests: 0.1,
        unavailable: 0.1,
        retryAfterSeconds: 2,
        slow: 0.1,
        slowMs: 10,
        truncate: 0.1,
      },
    ],
  ];

  it.each(faults)('each record ends at MyVAS exactly once through %s', async (_name, plan) => {
    const s = await start({ chunkSize: 3, faults: plan });
    const first = vaccinationDay(s.h, 1, 14);
    await later(s.h, DAY);
    const second = vaccinationDay(s.h, 100, 9);

    expect(await uploadUntilSettled(s)).toEqual({ kind: 'idle' });

    expect(s.myvas.heldCount()).toBe(23);
    for (const { batch } of [first, second]) {
      const view = batchOf(s, batch.batchId);
      expect(view.uploadState).toBe('committed');
      expect(view.upload.accepted + view.upload.duplicate).toBe(batch.recordCount);
      expect(view.upload.rejected).toBe(0);
    }
    const faulted = s.myvas.requests().filter((r) => r.fault !== null);
    expect(faulted.length).toBeGreaterThan(0);
    if (plan.retryAfterSeconds !== undefined) {
      // After a 429 or 503 at time t, nothing new arrives before t + Retry-After; requests already
      // in flight arrive at t itself, since the station's clock only moves when the worker waits.
      const requests = s.myvas.requests();
      const throttled = requests.filter((r) => r.status === 429 || r.status === 503);
      expect(throttled.length).toBeGreaterThan(0);
      for (const answer of throttled) {
        const tooSoon = requests.filter(
          (r) => r.at > answer.at && r.at < answer.at + plan.retryAfterSeconds! * 1000,
        );
        expect(tooSoon).toEqual([]);
      }
    }
  });

  it('backs off exponentially with full jitter while MyVAS cannot be reached, then resumes', async () => {
    const s = await start({ chunkSize: 5, faults: { serverError: 1 } });
    const { batch } = vaccinationDay(s.h, 1, 6);

    const outcome = await s.h.app.upload();
    expect(outcome).toMatchObject({ kind: 'waiting', for: 'network', batchId: batch.batchId });
    expect(s.waits).toHaveLength(7);
    s.waits.forEach((ms, attempt) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(1000 * 2 ** attempt);
    });
    expect(new Set(s.waits).size).toBeGreaterThan(1);
    expect(batchOf(s, batch.batchId).upload).toMatchObject({
      waitingFor: 'network',
      lastErrorCode: 'HTTP_500_TIME',
    });

    s.myvas.setFaults({});
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(s.myvas.heldCount()).toBe(6);
  });

  it('never uploads a record before it was given: a PC clock 3 hours fast waits, and stops dose recording', async () => {
    const s = await start({ skewMs: 3 * HOUR });
    const { batch, doseIds } = vaccinationDay(s.h, 1, 4);
    openWalkIn(s.h);
    const waiting = arrive(s.h, 50);
    const vialId = openVial(s.h, 'VAXZEVRIA').vialId;

    const outcome = await s.h.app.upload();

    const latest = s.h.db.sqlite
      .prepare<[], { at: number }>('SELECT max(administered_at) AS at FROM doses')
      .get()!.at;
    expect(outcome).toEqual({
      kind: 'waiting',
      for: 'clock',
      batchId: batch.batchId,
      until: Math.max(latest, batch.closedAt),
    });
    expect(uploadRequests(s)).toEqual([]);
    expect(s.myvas.heldCount()).toBe(0);
    expect(s.h.ok('mgr', 'clock.status', {}).state).toBe('stop');
    expect(
      s.h.refused('vax', 'dose.record', {
        registrationId: waiting.registrationId,
        vialId,
        administeredAt: s.h.app.clock.now().at,
        site: 'L_DELTOID',
      }),
    ).toBe('CLOCK_UNTRUSTED');

    // Two minutes short of the last dose's time on MyVAS's clock: still nothing goes.
    await later(s.h, 3 * HOUR - 2 * 60_000 - (s.h.clock.now() - latest));
    expect(await s.h.app.upload()).toMatchObject({ kind: 'waiting', for: 'clock' });
    expect(uploadRequests(s)).toEqual([]);

    await later(s.h, 5 * 60_000);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(s.myvas.heldCount()).toBe(doseIds.length);
    expect(batchOf(s, batch.batchId).upload.accepted).toBe(doseIds.length);
  });

  it('holds records older than 72 hours until the manager gives a reason, which then travels with them', async () => {
    const s = await start();
    const { batch } = vaccinationDay(s.h, 1, 3);
    await later(s.h, 4 * DAY);

    expect(await s.h.app.upload()).toEqual({
      kind: 'waiting',
      for: 'late-reason',
      batchId: batch.batchId,
      until: null,
    });
    expect(uploadRequests(s)).toEqual([]);
    expect(batchOf(s, batch.batchId).upload).toMatchObject({
      waitingFor: 'late-reason',
      lateRecords: 3,
      lateReason: null,
    });
    expect(s.h.ok('mgr', 'upload.status', {})).toMatchObject({
      state: 'waiting',
      waitingFor: 'late-reason',
      batchesToUpload: 1,
    });

    const reason = 'Talian internet PPV terputus selama empat hari';
    s.h.ok('mgr', 'batch.giveLateReason', { batchId: batch.batchId, reason });
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    expect(s.myvas.heldCount()).toBe(3);
    expect(s.myvas.heldRecords().map((record) => record['lateReason'])).toEqual([
      reason,
      reason,
      reason,
    ]);
    expect(
      s.h.refused('mgr', 'batch.giveLateReason', {
        batchId: batch.batchId,
        reason: 'Sebab lain pula',
      }),
    ).toBe('UPLOAD_ALREADY_DECLARED');
  });

  it('plans again a batch never declared whose records turned late, and waits for the reason', async () => {
    const s = await start();
    const { batch } = vaccinationDay(s.h, 1, 2);
    // Planned on the day, but the declaration never reached MyVAS; the link then stayed down.
    const store = createUploadStore(s.h.db);
    store.plan(store.get(batch.batchId)!, s.h.clock.now() - 3 * DAY, 500);
    await later(s.h, 4 * DAY);

    expect(await s.h.app.upload()).toMatchObject({ kind: 'waiting', for: 'late-reason' });
    expect(uploadRequests(s)).toEqual([]);
    const reason = 'Komputer riba luar tiada talian selama empat hari';
    s.h.ok('mgr', 'batch.giveLateReason', { batchId: batch.batchId, reason });
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(s.myvas.heldRecords().map((record) => record['lateReason'])).toEqual([reason, reason]);
  });

  it('a batch not late sends no late reason, even when the manager gave one', async () => {
    const s = await start();
    const { batch } = vaccinationDay(s.h, 1, 2);
    s.h.ok('mgr', 'batch.giveLateReason', { batchId: batch.batchId, reason: 'Dijangka lewat' });
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(s.myvas.heldRecords().every((record) => !('lateReason' in record))).toBe(true);
  });

  it('shows a record MyVAS rejected to the manager, whose amendment then uploads and is accepted', async () => {
    const s = await start({ productCodes: ['COMIRNATY', 'CORONAVAC', 'VAXZEVRIA'] });
    vaccinationDay(s.h, 1, 2);
    await later(s.h, HOUR);
    const unknown = vaccinationDay(s.h, 10, 1, 'CONVIDECIA');
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(s.myvas.heldCount()).toBe(2);

    const rejections = s.h.ok('mgr', 'batch.rejections', { batchId: null, limit: 10 }).items;
    expect(rejections).toEqual([
      expect.objectContaining({
        recordId: unknown.doseIds[0],
        doseId: unknown.doseIds[0],
        recordType: 'dose',
        code: 'UNKNOWN_PRODUCT',
        productCode: 'CONVIDECIA',
        doseNumber: 1,
        correctedBy: null,
      }),
    ]);
    expect(rejections[0]?.message.length).toBeGreaterThan(0);
    expect(rejections[0]?.docNumberMasked).toMatch(/^•{8}\d{4}$/);
    expect(s.h.ok('mgr', 'upload.status', {}).rejectedToCorrect).toBe(1);

    await later(s.h, DAY);
    openWalkIn(s.h);
    const vialId = openVial(s.h, 'COMIRNATY', { lot: 'LOT-GANTI' }).vialId;
    const original = s.h.db.sqlite
      .prepare<[string], { administered_at: number }>(
        'SELECT administered_at FROM doses WHERE id = ?',
      )
      .get(unknown.doseIds[0]!)!;
    const amendment = s.h.ok('mgr', 'dose.amend', {
      doseId: unknown.doseIds[0]!,
      reason: 'Produk salah dipilih; vial sebenar Comirnaty',
      vialId,
      administeredAt: original.administered_at,
      site: 'L_DELTOID',
    });
    await later(s.h, HOUR);
    const correctionDay = closeDay(s.h);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    // MyVAS knows the record it rejected: the amendment names it and is judged as a dose of its own.
    expect(s.myvas.heldCount()).toBe(3);
    expect(
      s.myvas.heldRecords().find((record) => record['recordId'] === amendment.doseId),
    ).toMatchObject({
      recordType: 'amendment',
      amends: unknown.doseIds[0],
      dose: expect.objectContaining({ productCode: 'COMIRNATY', lot: 'LOT-GANTI' }),
    });
    const corrected = s.h.ok('mgr', 'batch.rejections', { batchId: null, limit: 10 }).items;
    expect(corrected).toEqual([expect.objectContaining({ correctedBy: amendment.doseId })]);
    expect(s.h.ok('mgr', 'upload.status', {}).rejectedToCorrect).toBe(0);
    expect(batchOf(s, correctionDay.batchId).upload).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('uploads voids and amendments of accepted doses as their own records', async () => {
    const s = await start();
    const { doseIds } = vaccinationDay(s.h, 1, 3);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    await later(s.h, DAY);
    openWalkIn(s.h);
    s.h.ok('mgr', 'dose.void', { doseId: doseIds[0]!, reason: 'Direkod pada penerima yang salah' });
    const vialId = openVial(s.h, 'COMIRNATY', { lot: 'LOT-BETUL' }).vialId;
    const original = s.h.db.sqlite
      .prepare<[string], { administered_at: number }>(
        'SELECT administered_at FROM doses WHERE id = ?',
      )
      .get(doseIds[1]!)!;
    s.h.ok('mgr', 'dose.amend', {
      doseId: doseIds[1]!,
      reason: 'Nombor lot salah dibaca',
      vialId,
      administeredAt: original.administered_at,
      site: 'R_DELTOID',
    });
    vaccinate(s.h, arrive(s.h, 30), 'VAXZEVRIA');
    await later(s.h, HOUR);
    const next = closeDay(s.h);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    const view = batchOf(s, next.batchId);
    expect(view.recordCount).toBe(3);
    expect(view.upload).toMatchObject({ accepted: 3, rejected: 0 });
    const types = s.myvas.heldRecords().map((record) => record['recordType']);
    expect(types.filter((t) => t === 'void')).toHaveLength(1);
    expect(types.filter((t) => t === 'amendment')).toHaveLength(1);
  });

  it('files no results from a chunk answer that does not match the chunk, and tries again', async () => {
    const reversing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method !== 'PUT') return response;
      const body = (await response.json()) as { results: unknown[] };
      return Response.json({ ...body, results: body.results.reverse() }, response);
    };
    const s = await start({ fetch: reversing });
    const { batch } = vaccinationDay(s.h, 1, 3);

    expect(await s.h.app.upload()).toMatchObject({ kind: 'waiting', for: 'network' });
    expect(batchOf(s, batch.batchId).upload).toMatchObject({
      lastErrorCode: 'MALFORMED_ANSWER',
      accepted: 0,
      pending: 3,
    });
  });

  it.each([
    [422, 'BATCH_INVALID', 'POST', 'failed', 'myvas-refused'],
    [422, 'CLOSED_IN_FUTURE', 'POST', 'uploading', 'clock'],
    [400, 'SCHEMA', 'PUT', 'failed', 'myvas-refused'],
    [413, 'CHUNK_TOO_LARGE', 'PUT', 'failed', 'myvas-refused'],
  ] as const)(
    'a %i %s answer to %s leaves the batch %s, waiting for %s',
    async (status, code, method, state, waitingFor) => {
      const refusing: typeof fetch = async (input, init) =>
        init?.method === method && !String(input).endsWith('/commit')
          ? Response.json({ code }, { status })
          : fetch(input, init);
      const s = await start({ fetch: refusing });
      const { batch } = vaccinationDay(s.h, 1, 1);

      await s.h.app.upload();
      const view = batchOf(s, batch.batchId);
      expect(view.uploadState).toBe(state);
      expect(view.upload).toMatchObject({ waitingFor, lastErrorCode: code });
    },
  );

  it('waits for a person when MyVAS refuses the token, without failing the batch', async () => {
    const s = await start();
    const { batch } = vaccinationDay(s.h, 1, 1);
    s.h.db.sqlite
      .prepare("UPDATE ppv_settings SET myvas_token = 'a-token-myvas-never-issued'")
      .run();

    expect(await s.h.app.upload()).toEqual({
      kind: 'waiting',
      for: 'myvas-refused',
      batchId: batch.batchId,
      until: null,
    });
    expect(batchOf(s, batch.batchId)).toMatchObject({
      uploadState: 'waiting',
      upload: { waitingFor: 'myvas-refused', lastErrorCode: 'MYVAS_TOKEN_REFUSED' },
    });
    expect(s.myvas.heldCount()).toBe(0);
  });
});

describe('MyVAS contract 1.1', () => {
  function declarations(s: UploadStation) {
    return s.myvas
      .requests()
      .filter((r) => r.method === 'POST' && r.path === '/v1/batches')
      .map((r) => r.status);
  }

  it('sends the same declaration again after its answer was lost near the 72-hour line, never a new plan', async () => {
    let lost = false;
    let self: UploadStation | null = null;
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!lost && init?.method === 'POST' && String(input).endsWith('/v1/batches')) {
        lost = true;
        await response.arrayBuffer();
        // MyVAS took the declaration; its answer never came, and the link stayed down for hours.
        self!.h.clock.advance(3 * HOUR);
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const s = await start({ fetch: losing });
    self = s;
    const { batch, doseIds } = vaccinationDay(s.h, 1, 3);
    // Seventy hours less half an hour after the doses: not late, nor within the planning margin.
    await later(s.h, 70 * HOUR - 30 * MINUTE);

    expect(await uploadUntilSettled(s)).toEqual({ kind: 'idle' });
    await later(s.h, 0);

    expect(declarations(s)).toEqual([201, 200]);
    const view = batchOf(s, batch.batchId);
    expect(view.uploadState).toBe('committed');
    // They were not late when the plan was fixed and were late when they arrived: rejected, and
    // corrected like any rejection.
    expect(view.upload).toMatchObject({ accepted: 0, rejected: 3, pending: 0 });
    const rejections = s.h.ok('mgr', 'batch.rejections', { batchId: batch.batchId, limit: 10 });
    expect(rejections.items.map((r) => r.code)).toEqual(Array(3).fill('LATE_UPLOAD_NO_REASON'));
    expect(
      s.h.refused('mgr', 'batch.giveLateReason', { batchId: batch.batchId, reason: 'Terlambat' }),
    ).toBe('UPLOAD_ALREADY_DECLARED');

    openWalkIn(s.h);
    const vialId = openVial(s.h, 'COMIRNATY', { lot: 'LOT-1' }).vialId;
    const original = s.h.db.sqlite
      .prepare<[string], { administered_at: number }>(
        'SELECT administered_at FROM doses WHERE id = ?',
      )
      .get(doseIds[0]!)!;
    const amendment = s.h.ok('mgr', 'dose.amend', {
      doseId: doseIds[0]!,
      reason: 'Dihantar semula dengan sebab lewat',
      vialId,
      administeredAt: original.administered_at,
      site: 'L_DELTOID',
    });
    await later(s.h, HOUR);
    const correction = closeDay(s.h);
    expect(await s.h.app.upload()).toMatchObject({ kind: 'waiting', for: 'late-reason' });
    s.h.ok('mgr', 'batch.giveLateReason', {
      batchId: correction.batchId,
      reason: 'Jawapan MyVAS hilang semasa talian terputus',
    });
    expect(await uploadUntilSettled(s)).toEqual({ kind: 'idle' });
    expect(batchOf(s, correction.batchId).upload).toMatchObject({ accepted: 1, rejected: 0 });
    expect(s.myvas.heldRecords()).toEqual([
      expect.objectContaining({ recordId: amendment.doseId, amends: doseIds[0] }),
    ]);
  });

  it('waits the longest Retry-After of the chunks in flight, though a lost connection answered first', async () => {
    let chunkZeroFailed: () => void = () => undefined;
    const chunkZeroLost = new Promise<void>((resolve) => (chunkZeroFailed = resolve));
    const watching: typeof fetch = async (input, init) => {
      try {
        return await fetch(input, init);
      } catch (error) {
        if (String(input).endsWith('/chunks/0')) chunkZeroFailed();
        throw error;
      }
    };
    const faulted = new Set<string>();
    const once = (name: string) => !faulted.has(name) && faulted.add(name) !== undefined;
    const s = await start({
      chunkSize: 2,
      fetch: watching,
      faults: { retryAfterSeconds: 30 },
      onRequest: async ({ method, path }) => {
        if (method !== 'PUT') return undefined;
        if (path.endsWith('/chunks/0') && once('drop')) return 'dropBeforeApply';
        if (path.endsWith('/chunks/1') && once('throttle')) {
          // Answered only once the station has seen chunk 0 fail: the 429 lands second.
          await chunkZeroLost;
          return 'tooManyRequests';
        }
        return undefined;
      },
    });
    const { batch } = vaccinationDay(s.h, 1, 6);

    expect(await uploadUntilSettled(s)).toEqual({ kind: 'idle' });

    expect(batchOf(s, batch.batchId).upload).toMatchObject({ accepted: 6, pending: 0 });
    const requests = s.myvas.requests();
    const throttled = requests.find((r) => r.status === 429)!;
    expect(requests.find((r) => r.fault === 'dropBeforeApply')).toBeDefined();
    const tooSoon = requests.filter((r) => r.at > throttled.at && r.at < throttled.at + 30_000);
    expect(tooSoon).toEqual([]);
    expect(requests.filter((r) => r.at > throttled.at)).not.toEqual([]);
  });

  it('takes 422 CLOSED_IN_FUTURE as a clock problem: measures again and declares once MyVAS’s clock has passed the closing', async () => {
    let self: UploadStation | null = null;
    const s = await start({
      onRequest: ({ method, path }) => {
        // MyVAS's clock steps five minutes back between the time check and the declaration.
        if (method === 'POST' && path === '/v1/batches' && declarations(self!).length === 1) {
          self!.setSkew(5 * MINUTE);
        }
        return undefined;
      },
    });
    self = s;
    const { batch } = vaccinationDay(s.h, 1, 2);

    const outcome = await s.h.app.upload();

    expect(outcome).toEqual({
      kind: 'waiting',
      for: 'clock',
      batchId: batch.batchId,
      until: batch.closedAt + 60_000,
    });
    expect(s.waits).toEqual([]);
    expect(batchOf(s, batch.batchId).upload).toMatchObject({
      waitingFor: 'clock',
      lastErrorCode: 'CLOSED_IN_FUTURE',
      nextAttemptAt: batch.closedAt + 60_000,
    });
    expect(s.h.ok('mgr', 'clock.status', {})).toMatchObject({
      state: 'warn',
      offsetMs: -5 * MINUTE,
    });
    expect(declarations(s)).toEqual([422]);

    await later(s.h, 6 * MINUTE);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(declarations(s)).toEqual([422, 201]);
    expect(batchOf(s, batch.batchId).uploadState).toBe('committed');
  });

  it('corrects a rejected record, a rejected amendment, and never the same rejection twice', async () => {
    const s = await start({ productCodes: ['COMIRNATY', 'CORONAVAC'] });
    const h = s.h;
    // Day 1: three doses of a product MyVAS does not know.
    openWalkIn(h);
    const visitors = [31, 32, 33].map((index) => arrive(h, index));
    const [d1, d2, d3] = visitors.map((visitor) => vaccinate(h, visitor, 'CONVIDECIA').doseId);
    await later(h, HOUR);
    closeDay(h);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    const given = (doseId: string) =>
      h.db.sqlite
        .prepare<[string], { administered_at: number }>(
          'SELECT administered_at FROM doses WHERE id = ?',
        )
        .get(doseId)!.administered_at;
    const amend = (doseId: string, vialId: string) =>
      h.ok('mgr', 'dose.amend', {
        doseId,
        reason: 'Produk salah direkod',
        vialId,
        administeredAt: given(doseId),
        site: 'L_DELTOID',
      }).doseId;

    // Day 2: the first amended to another product MyVAS does not know, the second voided, the
    // third amended the same wrong way.
    await later(h, DAY);
    openWalkIn(h);
    const wrongVial = openVial(h, 'VAXZEVRIA', { lot: 'LOT-V' }).vialId;
    const a1 = amend(d1!, wrongVial);
    const v2 = h.ok('mgr', 'dose.void', { doseId: d2!, reason: 'Tidak diberi sebenarnya' });
    expect(v2).toEqual({ done: true });
    const a3 = amend(d3!, wrongVial);
    await later(h, HOUR);
    closeDay(h);

    // Day 3, before that batch reached MyVAS: nobody knows yet what a void of the amendment means.
    await later(h, DAY);
    openWalkIn(h);
    expect(h.refused('mgr', 'dose.void', { doseId: a3, reason: 'Tiada dos diberi' })).toBe(
      'AMENDMENT_NOT_JUDGED',
    );
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    await later(h, 0);

    const rejections = () =>
      new Map(
        h
          .ok('mgr', 'batch.rejections', { batchId: null, limit: 20 })
          .items.map((r) => [r.recordId, r]),
      );
    expect(rejections().get(a1)).toMatchObject({ code: 'UNKNOWN_PRODUCT', correctedBy: null });
    expect(rejections().get(d1!)).toMatchObject({ correctedBy: a1 });
    expect(rejections().get(d2!)?.correctedBy).not.toBeNull();
    expect(h.ok('mgr', 'upload.status', {}).rejectedToCorrect).toBe(2);

    // A second correction of the same rejection is refused here, as MyVAS would refuse it.
    const rightVial = openVial(h, 'COMIRNATY', { lot: 'LOT-BETUL' }).vialId;
    expect(h.refused('mgr', 'dose.void', { doseId: d1!, reason: 'Cuba lagi' })).toBe(
      'DOSE_SUPERSEDED',
    );
    expect(
      h.refused('mgr', 'dose.amend', {
        doseId: d1!,
        reason: 'Cuba lagi',
        vialId: rightVial,
        administeredAt: given(d1!),
        site: 'L_DELTOID',
      }),
    ).toBe('DOSE_SUPERSEDED');

    // The rejected amendment is amended in turn, and the third dose never happened after all.
    const a1Fixed = amend(a1, rightVial);
    h.ok('mgr', 'dose.void', { doseId: a3, reason: 'Tiada dos diberi' });
    expect(doseRow(h, d3!)['void_record_id']).not.toBeNull();
    await later(h, HOUR);
    closeDay(h);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    await later(h, 0);

    expect(rejections().get(a1)).toMatchObject({ correctedBy: a1Fixed });
    expect(h.ok('mgr', 'upload.status', {}).rejectedToCorrect).toBe(0);
    expect(s.myvas.heldRecords().filter((record) => record['recordType'] !== 'void')).toEqual([
      expect.objectContaining({
        recordId: a1Fixed,
        amends: a1,
        dose: expect.objectContaining({ productCode: 'COMIRNATY', doseNumber: 1 }),
      }),
    ]);

    // MyVAS holds no dose for the third recipient, and neither does the station: back on day 4,
    // they get dose 1, which MyVAS accepts.
    await later(h, DAY);
    openWalkIn(h);
    const third = returns(h, visitors[2]!);
    const fresh = vaccinate(h, third, 'COMIRNATY');
    expect(fresh).toMatchObject({ doseNumber: 1 });
    await later(h, HOUR);
    const day4 = closeDay(h);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(batchOf(s, day4.batchId).upload).toMatchObject({ accepted: 1, rejected: 0 });
  });

  describe('redirects', () => {
    const servers: Server[] = [];
    afterEach(async () => {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    interface Answer {
      status: number;
      headers: Record<string, string>;
      body: string;
    }

    async function listen(
      host: string,
      handle: (request: IncomingMessage, body: Buffer) => Promise<Answer>,
    ): Promise<string> {
      const server = createServer((request, response) => {
        const parts: Buffer[] = [];
        request.on('data', (part: Buffer) => parts.push(part));
        request.on('end', () => {
          void handle(request, Buffer.concat(parts)).then((answer) => {
            response.writeHead(answer.status, answer.headers);
            response.end(answer.body);
          });
        });
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      return `http://${host}:${(server.address() as AddressInfo).port}`;
    }

    /** Another host on loopback that only notes what reached it. */
    async function recorder(host: string) {
      const arrived: Array<{ method: string; path: string; bytes: number }> = [];
      const url = await listen(host, async (request, body) => {
        arrived.push({ method: request.method ?? '', path: request.url ?? '', bytes: body.length });
        return { status: 200, headers: {}, body: '{}' };
      });
      return { url, arrived };
    }

    it.each([
      [307, '127.0.0.2'],
      [308, '127.0.0.3'],
      [301, '127.0.0.2'],
      [302, '127.0.0.3'],
    ])(
      'never follows a %i: no record reaches %s, and the batch waits for a person',
      async (status, host) => {
        const elsewhere = await recorder(host);
        const s = await start({ chunkSize: 2 });
        // MyVAS's address leads to a front that passes everything on, but sends the chunks elsewhere.
        const front = await listen('127.0.0.1', async (request, body): Promise<Answer> => {
          if (request.method === 'PUT') {
            return {
              status,
              headers: { location: `${elsewhere.url}${request.url}` },
              body: '',
            };
          }
          const passed = await fetch(`${s.myvas.url}${request.url}`, {
            method: request.method ?? 'GET',
            headers: {
              authorization: String(request.headers.authorization),
              'x-ppv-code': String(request.headers['x-ppv-code']),
              'content-type': 'application/json; charset=utf-8',
            },
            body: body.length > 0 ? body : null,
          });
          return {
            status: passed.status,
            headers: { date: passed.headers.get('date') ?? '', 'content-type': 'application/json' },
            body: await passed.text(),
          };
        });
        await connect(s.h, front, PPV_TOKEN);
        const { batch } = vaccinationDay(s.h, 1, 3);

        expect(await s.h.app.upload()).toEqual({
          kind: 'waiting',
          for: 'myvas-refused',
          batchId: batch.batchId,
          until: null,
        });

        expect(elsewhere.arrived).toEqual([]);
        expect(s.myvas.heldCount()).toBe(0);
        expect(batchOf(s, batch.batchId)).toMatchObject({
          uploadState: 'uploading',
          upload: { waitingFor: 'myvas-refused', lastErrorCode: 'MYVAS_REDIRECTED', pending: 3 },
        });
      },
    );
  });
});

describe('closing the console', () => {
  it('does not wait out an hour of Retry-After, and leaves the batch to the next start', async () => {
    const h = createHarness({ upload: { random: seededRandom(3) } });
    const myvas = await startMyvasServer({
      ppvs: { [PPV_CODE]: PPV_TOKEN },
      now: () => h.clock.now(),
      faults: { tooManyRequests: 1, retryAfterSeconds: 3600 },
    });
    try {
      await setUpStation(h);
      await connect(h, myvas.url, PPV_TOKEN);
      vaccinationDay(h, 1, 1);
      const run = h.app.upload();
      await vi.waitFor(() => expect(myvas.requests()).toHaveLength(1));
      await h.app.close();
      await expect(run).rejects.toThrow(/closing/);
      expect(myvas.heldCount()).toBe(0);
    } finally {
      await myvas.close();
    }
  });
});

describe('upload across a restart', () => {
  it('a client killed mid-upload and started again finishes the batch without duplicates', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ppv-restart-'));
    const file = path.join(dir, 'station.db');
    let child: ChildProcess | null = null;
    let chunksApplied = 0;
    /** The chunk MyVAS had just applied when the client died: it never heard the answer. */
    let unanswered: string | null = null;
    const s = await start({
      file,
      afterApply: (request) => {
        if (request.method === 'PUT' && ++chunksApplied === 3) {
          unanswered = request.path;
          child?.kill('SIGKILL');
        }
      },
    });
    const { batch } = vaccinationDay(s.h, 1, 20);
    const now = s.h.clock.now();
    await s.h.db.close();

    const runUpload = () => {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/myvas/upload-once.ts'], {
        env: {
          ...process.env,
          PPV_DB: file,
          PPV_KEY: TEST_KEY.toString('hex'),
          PPV_NOW: String(now),
          PPV_CHUNK: '4',
        },
      });
      let out = '';
      proc.stdout.on('data', (data: Buffer) => (out += data.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null; out: string }>(
        (resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, out })),
      );
      return { proc, exited };
    };

    const first = runUpload();
    child = first.proc;
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL', out: '' });
    // Chunks 0–2 were applied; chunks already on their way when it died may have been applied too.
    expect(s.myvas.heldCount()).toBeGreaterThanOrEqual(12);

    const second = runUpload();
    const result = await second.exited;
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as { outcome: unknown }).outcome).toEqual({ kind: 'idle' });

    expect(s.myvas.heldCount()).toBe(20);
    const puts = s.myvas
      .requests()
      .filter((r) => r.method === 'PUT')
      .map((r) => r.path);
    // Chunks go three at a time, so which one was applied third varies: that one is sent again.
    expect(unanswered).not.toBeNull();
    expect(puts.filter((p) => p === unanswered)).toHaveLength(2);
    const reopened = openDatabase({ file, key: TEST_KEY });
    const results = reopened.sqlite
      .prepare<[string], { status: string; n: number }>(
        'SELECT status, count(*) AS n FROM upload_results WHERE batch_id = ? GROUP BY status',
      )
      .all(batch.batchId);
    expect(results).toEqual([{ status: 'accepted', n: 20 }]);
    const state = reopened.sqlite
      .prepare<[string], { upload_state: string }>('SELECT upload_state FROM batches WHERE id = ?')
      .get(batch.batchId);
    expect(state?.upload_state).toBe('committed');
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
