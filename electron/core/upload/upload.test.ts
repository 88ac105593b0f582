import { afterEach, describe, expect, it } from 'vitest';
import { myvasRecord } from '../../contract/myvas';
import { DAY, HOUR, TEST_PIN, type Harness } from '../testing/harness';
import {
  advance,
  arrive,
  closeDay,
  createStation,
  UNKNOWN_ID,
  vaccinate,
} from '../testing/scenario';
import { handTimers } from '../testing/hand-timers';
import { createUploadScheduler, IDLE_RECHECK_MS } from './scheduler';
import { createUploadStore, LATE_AFTER_MS } from './store';
import type { RunOutcome } from './worker';
import { silentLogger } from '../shared/log';

let h: Harness;
afterEach(() => h.close());

function sealedDay(count: number) {
  for (let i = 0; i < count; i++) {
    const visitor = arrive(h, i + 1);
    h.clock.advance(60_000);
    vaccinate(h, visitor);
  }
  h.clock.advance(60_000);
  return closeDay(h);
}

describe('the upload plan', () => {
  it('declares the sealed hash when no record is late', async () => {
    h = await createStation();
    const batch = sealedDay(3);
    const store = createUploadStore(h.db);
    const planned = store.plan(store.get(batch.batchId)!, h.clock.now() - LATE_AFTER_MS, 2);
    expect(planned.upload_hash).toBe(batch.contentHash);
    expect(store.pendingChunks(batch.batchId, 2)).toEqual([0, 1]);
  });

  it('adds the late reason to late records only, and the declared hash covers it', async () => {
    h = await createStation();
    const batch = sealedDay(3);
    await advance(h, HOUR);
    h.ok('mgr', 'batch.giveLateReason', {
      batchId: batch.batchId,
      reason: 'Rangkaian terputus di kawasan ini',
    });
    const store = createUploadStore(h.db);
    const administered = h.db.sqlite
      .prepare<[], { at: number }>(
        'SELECT administered_at AS at FROM doses ORDER BY administered_at',
      )
      .all()
      .map((row) => row.at);
    const planned = store.plan(store.get(batch.batchId)!, administered[1]! + 1, 10);

    const records = JSON.parse(store.chunkBody(planned, 0).body) as { records: unknown[] };
    const late = records.records
      .map((record) => myvasRecord.parse(record))
      .map((record) => (record.recordType === 'void' ? undefined : record.lateReason));
    expect(late.filter((reason) => reason === 'Rangkaian terputus di kawasan ini')).toHaveLength(2);
    expect(late.filter((reason) => reason === undefined)).toHaveLength(1);
    expect(planned.upload_hash).not.toBe(batch.contentHash);
  });
});

describe('late reasons', () => {
  it('a reason is for a batch that exists', async () => {
    h = await createStation();
    expect(
      h.refused('mgr', 'batch.giveLateReason', { batchId: UNKNOWN_ID, reason: 'Sebab yang sah' }),
    ).toBe('BATCH_NOT_FOUND');
    expect(h.refused('mgr', 'batch.rejections', { batchId: UNKNOWN_ID })).toBe('BATCH_NOT_FOUND');
  });

  it('cannot change once the declaration has been sent to MyVAS, and writes nothing then', async () => {
    h = await createStation();
    const batch = sealedDay(1);
    const store = createUploadStore(h.db);
    store.plan(store.get(batch.batchId)!, h.clock.now() - LATE_AFTER_MS, 500);
    store.declarationSent(batch.batchId, h.clock.now());
    const before = h.counts();
    expect(
      h.refused('mgr', 'batch.giveLateReason', { batchId: batch.batchId, reason: 'Terlalu lewat' }),
    ).toBe('UPLOAD_ALREADY_DECLARED');
    expect(h.counts()).toEqual(before);
    expect(() =>
      h.db.sqlite.prepare("UPDATE batch_uploads SET late_reason = 'diubah di belakang'").run(),
    ).toThrow(/UPLOAD_PLAN_FIXED/);
  });

  it('is audited with the manager who gave it', async () => {
    h = await createStation();
    const batch = sealedDay(1);
    await advance(h, 4 * DAY);
    await h.okAsync('admin', 'auth.unlock', { secret: TEST_PIN });
    const view = h.ok('mgr', 'batch.giveLateReason', {
      batchId: batch.batchId,
      reason: 'Bekalan elektrik terputus',
    });
    expect(view.upload.lateReason).toBe('Bekalan elektrik terputus');
    expect(view.upload.lateRecords).toBe(1);
    const entry = h.ok('admin', 'audit.list', { limit: 1 }).items[0];
    expect(entry).toMatchObject({ action: 'batch.giveLateReason', entityId: batch.batchId });
  });
});

describe('upload status', () => {
  it('says the station is not connected to MyVAS until an address and token are set', async () => {
    h = await createStation();
    sealedDay(2);
    expect(h.ok('vax', 'upload.status', {})).toMatchObject({
      state: 'not-configured',
      batchesToUpload: 1,
      recordsPending: 2,
      rejectedToCorrect: 0,
    });
  });

  it('tells the screens at once when the admin sets MyVAS up', async () => {
    h = await createStation();
    sealedDay(1);
    const current = h.ok('admin', 'ppv.settings', {});
    await h.okAsync('admin', 'ppv.updateSettings', {
      name: current.name,
      state: current.state,
      district: current.district,
      myvasEndpoint: 'http://127.0.0.1:9/myvas',
      myvasToken: 'a-development-token',
      idleLockMinutes: current.idleLockMinutes,
      exportRowLimit: current.exportRowLimit,
      retentionDays: current.retentionDays,
      approval: { staffId: 'MGR01', secret: TEST_PIN },
    });
    const pushed = h.events.filter((e) => e.event === 'upload.changed').at(-1)?.payload;
    expect(pushed).toMatchObject({ state: 'waiting', batchesToUpload: 1 });
  });

  it('a sealed day waits to upload from the moment it is sealed', async () => {
    h = await createStation();
    const batch = sealedDay(2);
    expect(batch.uploadState).toBe('waiting');
    expect(batch.upload).toMatchObject({
      pending: 2,
      accepted: 0,
      waitingFor: null,
      declaredAt: null,
      lateRecords: 0,
    });
  });
});

describe('the upload scheduler', () => {
  /** Lets the run's promise chain settle: an event-loop turn, not a wait on the clock. */
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('runs at once, then when the worker says, then a minute after an idle run', async () => {
    h = await createStation();
    const { timers, pending } = handTimers();
    const outcomes: RunOutcome[] = [
      { kind: 'waiting', for: 'clock', batchId: UNKNOWN_ID, until: 1_000_000 + 90_000 },
      { kind: 'idle' },
    ];
    let runs = 0;
    const scheduler = createUploadScheduler({
      run: () => Promise.resolve(outcomes[runs++] ?? { kind: 'idle' }),
      now: () => 1_000_000,
      timers,
      log: silentLogger,
    });
    scheduler.start();
    expect(pending.map((p) => p.ms)).toEqual([0]);
    pending.shift()!.callback();
    await nextTurn();
    expect(runs).toBe(1);
    expect(pending.map((p) => p.ms)).toEqual([90_000]);

    pending.shift()!.callback();
    await nextTurn();
    expect(runs).toBe(2);
    expect(pending.map((p) => p.ms)).toEqual([IDLE_RECHECK_MS]);

    scheduler.wake();
    expect(pending.map((p) => p.ms)).toEqual([0]);
    await scheduler.stop();
    expect(pending).toEqual([]);
  });

  it('waits until the instant the worker names', async () => {
    h = await createStation();
    const { timers, pending } = handTimers();
    const scheduler = createUploadScheduler({
      run: () =>
        Promise.resolve({ kind: 'waiting', for: 'network', batchId: UNKNOWN_ID, until: 5_000 }),
      now: () => 2_000,
      timers,
      log: silentLogger,
    });
    scheduler.start();
    pending.shift()!.callback();
    await nextTurn();
    expect(pending.map((p) => p.ms)).toEqual([3_000]);
    await scheduler.stop();
  });
});
