/**
 * Backups through the dispatcher, on real encrypted files: the backup location lives under
 * /dev/shm, another file system than the temporary folder the database is in, as a USB disk would.
 */
import Sqlite from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { applyPendingRestore } from '../../../db/restore';
import { createAuditLog } from '../audit';
import type { Timers } from '../shared/periodic';
import { createHarness, HOUR, MINUTE, TEST_KEY, TEST_PIN, type Harness } from '../testing/harness';
import {
  arrive,
  closeDay,
  openVial,
  openWalkIn,
  setUpStation,
  vaccinate,
} from '../testing/scenario';
import { keptBackups, listBackups } from './files';

let h: Harness;
let folder: string;
/** Timers the test runs by hand: the backup schedule's check fires when the test says. */
class HandTimers implements Timers {
  readonly pending = new Set<{ callback: () => void }>();
  setTimeout(callback: () => void): unknown {
    const timer = { callback };
    this.pending.add(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as { callback: () => void });
  }
  fire(): void {
    const [timer] = this.pending;
    if (!timer) throw new Error('no timer to fire');
    this.pending.delete(timer);
    timer.callback();
  }
}

let timers: HandTimers;
let logFolder: string;

beforeEach(async () => {
  folder = mkdtempSync(path.join('/dev/shm', 'ppv-backups-'));
  logFolder = mkdtempSync(path.join(tmpdir(), 'ppv-logs-'));
  writeFileSync(path.join(logFolder, 'ppv-console.1.log'), '{"event":"app.started"}\n');
  timers = new HandTimers();
  h = createHarness({
    backup: { timers, logFiles: () => [path.join(logFolder, 'ppv-console.1.log')] },
  });
  await setUpStation(h);
});

afterEach(async () => {
  await h.app.backups.stop();
  h.close();
  rmSync(folder, { recursive: true, force: true });
  rmSync(logFolder, { recursive: true, force: true });
});

/** Moves the clock on; every desk's PIN unlocks its idle-locked session. */
async function later(ms: number): Promise<void> {
  h.clock.advance(ms);
  for (const desk of ['admin', 'mgr', 'desk', 'vax'])
    await h.okAsync(desk, 'auth.unlock', { secret: TEST_PIN });
}

const setFolder = () => h.ok('admin', 'backup.updateSettings', { folder });
const status = () => h.ok('admin', 'backup.status', {});

async function backUpNow(): Promise<string> {
  h.ok('admin', 'backup.run', {});
  await h.app.backups.idle();
  const newest = listBackups(folder)[0];
  if (!newest) throw new Error('no backup was written');
  return newest.fileName;
}

/** A stretch of the day's work: arrivals and doses. */
function work(from: number, count: number): void {
  const vial = openVial(h);
  for (let index = from; index < from + count; index += 1) {
    vaccinate(h, arrive(h, index));
  }
  void vial;
}

describe('the backup location', () => {
  it('is set by the admin, audited, and must be an existing folder on another disk', () => {
    expect(status().warning).toBe('not-set');
    expect(h.refused('admin', 'backup.updateSettings', { folder: 'relative/backups' })).toBe(
      'BACKUP_FOLDER_INVALID',
    );
    expect(
      h.refused('admin', 'backup.updateSettings', { folder: path.join(folder, 'not-there') }),
    ).toBe('BACKUP_FOLDER_INVALID');
    // The temporary folder is on the database's own disk: no second location.
    expect(h.refused('admin', 'backup.updateSettings', { folder: h.dir })).toBe(
      'BACKUP_FOLDER_SAME_DISK',
    );
    expect(h.refused('mgr', 'backup.updateSettings', { folder })).toBe('FORBIDDEN');
    expect(h.counts()['backup_settings']).toBe(0);

    setFolder();
    expect(h.ok('admin', 'backup.settings', {})).toEqual({ folder });
    const audited = h.db.sqlite
      .prepare("SELECT detail FROM audit_log WHERE action = 'backup.updateSettings'")
      .get() as { detail: string };
    expect(JSON.parse(audited.detail)).toEqual({ folder });
  });

  it('warns every desk when it is missing (a USB disk unplugged), and refuses to back up there', () => {
    setFolder();
    expect(h.ok('desk', 'backup.status', {}).warning).toBe('none');
    rmSync(folder, { recursive: true });
    expect(h.ok('desk', 'backup.status', {}).warning).toBe('missing');
    expect(h.refused('admin', 'backup.run', {})).toBe('BACKUP_FOLDER_MISSING');
    mkdirSync(folder);
  });

  it('is needed before a backup or a restore', () => {
    expect(h.refused('admin', 'backup.run', {})).toBe('BACKUP_NOT_SET');
    expect(
      h.refused('admin', 'backup.restore', { fileName: 'ppv-backup-2026-03-02T00-00-00-000Z.db' }),
    ).toBe('BACKUP_NOT_SET');
  });
});

describe('a backup', () => {
  it('is encrypted with the database’s own cipher and key: unreadable without it', async () => {
    setFolder();
    openWalkIn(h);
    work(1, 2);
    const file = path.join(folder, await backUpNow());
    expect(readFileSync(file).includes('SQLite format 3')).toBe(false);
    expect(readFileSync(file).includes('Ujian')).toBe(false); // no name in clear
    const bare = new Sqlite(file);
    expect(() => bare.prepare('SELECT count(*) FROM doses').get()).toThrow(/not a database/);
    bare.close();
    const wrongKey = new Sqlite(file);
    wrongKey.pragma(`cipher = 'chacha20'`);
    wrongKey.pragma(`hexkey = '${Buffer.alloc(32, 9).toString('hex')}'`);
    expect(() => wrongKey.prepare('SELECT count(*) FROM doses').get()).toThrow(/not a database/);
    wrongKey.close();
    const withKey = openDatabase({ file, key: TEST_KEY });
    expect(withKey.sqlite.prepare('SELECT count(*) AS n FROM doses').get()).toEqual({ n: 2 });
    await withKey.close();
  });

  it('cannot be taken with better-sqlite3’s backup(): it would open the copy without a key', async () => {
    await expect(h.db.sqlite.backup(path.join(folder, 'plain.db'))).rejects.toThrow(
      /backup is not supported with incompatible source and target databases/,
    );
  });

  it('is a consistent copy though the desks write while it is taken', async () => {
    setFolder();
    openWalkIn(h);
    work(1, 3);
    h.ok('admin', 'backup.run', {});
    work(4, 3); // while the worker copies
    await h.app.backups.idle();
    const copy = openDatabase({
      file: path.join(folder, listBackups(folder)[0]!.fileName),
      key: TEST_KEY,
    });
    const doses = (copy.sqlite.prepare('SELECT count(*) AS n FROM doses').get() as { n: number }).n;
    const recorded = (
      copy.sqlite
        .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'dose.record'")
        .get() as { n: number }
    ).n;
    expect(doses).toBe(recorded); // every dose with its audit entry, none without
    expect(createAuditLog(copy).verify().intact).toBe(true);
    await copy.close();
  });

  it('holds no write a power cut could still take: it is kept, and audited, once they are on disk', async () => {
    setFolder();
    openWalkIn(h);
    work(1, 2);
    let syncDone = (): void => undefined;
    const asked = new Promise<'asked'>((resolve) => {
      h.db.commits.durable = () => {
        resolve('asked');
        return new Promise<void>((done) => (syncDone = done));
      };
    });
    const taken = () =>
      h.db.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'backup.taken'").pluck();
    void h.app.backups.run('manual');
    expect(await Promise.race([asked, h.app.backups.idle()])).toBe('asked');
    expect(listBackups(folder)).toEqual([]);
    expect(taken().get()).toBe(0);
    syncDone();
    await h.app.backups.idle();
    expect(listBackups(folder)).toHaveLength(1);
    expect(taken().get()).toBe(1);
  });

  it('is not kept when the database’s own commits cannot be synced', async () => {
    setFolder();
    openWalkIn(h);
    h.db.commits.durable = () => Promise.reject(new Error('EIO: i/o error, fdatasync'));
    await h.app.backups.run('manual');
    expect(readdirSync(folder)).toEqual([]);
    expect(status().warning).toBe('failed');
  });

  it('is taken after every seal, audited, and the newest 14 are kept', async () => {
    setFolder();
    openWalkIn(h);
    work(1, 1);
    closeDay(h);
    await h.app.backups.idle();
    const taken = h.db.sqlite
      .prepare("SELECT detail FROM audit_log WHERE action = 'backup.taken'")
      .all() as Array<{ detail: string }>;
    expect(taken.map((row) => JSON.parse(row.detail).reason)).toEqual(['sealed']);

    for (let run = 0; run < keptBackups + 2; run += 1) {
      await later(MINUTE);
      await h.app.backups.run('manual');
    }
    writeFileSync(path.join(folder, 'notes.txt'), 'the admin’s own file');
    await h.app.backups.run('manual');
    const left = listBackups(folder);
    expect(left).toHaveLength(keptBackups);
    expect(h.ok('admin', 'backup.list', {}).map((b) => b.fileName)).toEqual(
      left.map((b) => b.fileName),
    );
    expect(readFileSync(path.join(folder, 'notes.txt'), 'utf8')).toBe('the admin’s own file');
  });

  it('runs every hour while a day is open, and warns when the last is over two hours old', async () => {
    setFolder();
    h.app.backups.start();
    expect(timers.pending.size).toBe(1);
    timers.fire(); // no day open: nothing to back up
    await h.app.backups.idle();
    expect(listBackups(folder)).toHaveLength(0);

    openWalkIn(h);
    timers.fire();
    await h.app.backups.idle();
    expect(listBackups(folder)).toHaveLength(1);
    expect(status().warning).toBe('none');

    await later(30 * MINUTE);
    timers.fire(); // not due yet
    await h.app.backups.idle();
    expect(listBackups(folder)).toHaveLength(1);

    await later(31 * MINUTE);
    timers.fire();
    await h.app.backups.idle();
    expect(listBackups(folder)).toHaveLength(2);

    await h.app.backups.stop(); // the schedule stops: say, the USB disk is busy elsewhere
    await later(2 * HOUR + MINUTE);
    expect(h.ok('vax', 'backup.status', {}).warning).toBe('stale');
  });
});

describe('restoring a backup', () => {
  async function preparedRestore(): Promise<{ fileName: string; counts: Record<string, number> }> {
    setFolder();
    openWalkIn(h);
    work(1, 3);
    const fileName = await backUpNow();
    const counts = h.counts();
    counts['audit_log']! -= 1; // the backup's own entry, appended once its copy was taken
    work(4, 2); // recorded after the backup: the restore goes back before them
    h.ok('admin', 'backup.restore', { fileName });
    await h.app.backups.idle();
    await until(() => h.app.backups.restoreState().state !== 'preparing');
    return { fileName, counts };
  }

  it('verifies the copy, needs a manager, and switches at the next start to the same counts and an intact chain', async () => {
    const { fileName, counts } = await preparedRestore();
    const state = h.ok('admin', 'backup.status', {}).restore;
    expect(state).toEqual({
      state: 'ready',
      fileName,
      report: {
        integrity: 'ok',
        auditIntact: true,
        auditEntries: counts['audit_log'],
        counts: {
          recipients: counts['recipients'],
          doses: counts['doses'],
          days: counts['days'],
          batches: counts['batches'],
        },
      },
    });

    const approval = { managerStaffId: 'MGR01', managerSecret: TEST_PIN, reason: 'Cakera rosak' };
    expect(
      await h.refusedAsync('admin', 'backup.confirmRestore', {
        ...approval,
        managerStaffId: 'CLERK01',
      }),
    ).toBe('RESTORE_APPROVAL_NOT_MANAGER');
    expect(
      await h.refusedAsync('admin', 'backup.confirmRestore', {
        ...approval,
        managerSecret: '000000',
      }),
    ).toBe('APPROVAL_FAILED');
    expect(await h.okAsync('admin', 'backup.confirmRestore', approval)).toEqual({
      restarting: false,
    });
    expect(h.app.backups.restoreState()).toEqual({ state: 'confirmed', fileName });

    // The console stops; at its next start the copy takes the database's place.
    const file = h.file;
    await h.app.backups.stop();
    await h.db.close();
    const outcome = applyPendingRestore(file, new Date());
    expect(outcome).toMatchObject({ kind: 'restored', fileName });
    const reopened = createHarness({ file });
    try {
      reopened.app.backups.recordRestoreAtStart(outcome);
      const after = reopened.counts();
      for (const table of ['recipients', 'registrations', 'doses', 'days', 'vials', 'users']) {
        expect(after[table]).toBe(counts[table]);
      }
      const chain = reopened.app.audit.verify();
      expect(chain.intact).toBe(true);
      expect(chain.entries).toBe(counts['audit_log']! + 1);
      const last = reopened.db.sqlite
        .prepare('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1')
        .get();
      expect(last).toEqual({ action: 'backup.restored' });
    } finally {
      await reopened.app.backups.stop();
      reopened.close();
    }
  });

  it('refuses a damaged backup and keeps the database as it is', async () => {
    setFolder();
    openWalkIn(h);
    work(1, 2);
    const fileName = await backUpNow();
    const file = path.join(folder, fileName);
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096, 8192); // a page of the copy overwritten
    writeFileSync(file, bytes);
    const before = h.counts();
    h.ok('admin', 'backup.restore', { fileName });
    await until(() => h.app.backups.restoreState().state !== 'preparing');
    expect(h.app.backups.restoreState()).toMatchObject({ state: 'failed', fileName });
    expect(
      await h.refusedAsync('admin', 'backup.confirmRestore', {
        managerStaffId: 'MGR01',
        managerSecret: TEST_PIN,
        reason: 'Cakera rosak',
      }),
    ).toBe('RESTORE_NOT_READY');
    expect(h.counts()).toEqual({ ...before, audit_log: before['audit_log']! + 1 }); // the attempt
  });

  it('restores only a backup in the location, one at a time, and can be cancelled', async () => {
    const { fileName } = await preparedRestore();
    expect(
      h.refused('admin', 'backup.restore', { fileName: 'ppv-backup-2020-01-01T00-00-00-000Z.db' }),
    ).toBe('BACKUP_NOT_FOUND');
    expect(h.refused('admin', 'backup.restore', { fileName: '../ppv.db' })).toBe('INVALID_INPUT');
    h.ok('admin', 'backup.restore', { fileName });
    expect(h.refused('admin', 'backup.restore', { fileName })).toBe('RESTORE_BUSY');
    expect(h.refused('admin', 'backup.cancelRestore', {})).toBe('RESTORE_BUSY');
    await until(() => h.app.backups.restoreState().state !== 'preparing');
    h.ok('admin', 'backup.cancelRestore', {});
    expect(h.app.backups.restoreState()).toEqual({ state: 'none' });
    expect(applyPendingRestore(h.file, new Date())).toEqual({ kind: 'none' });
    expect(h.refused('mgr', 'backup.restore', { fileName })).toBe('FORBIDDEN');
  });
});

describe('support logs', () => {
  it('are copied into the backup location by an admin only, audited', () => {
    expect(h.refused('admin', 'support.saveLogs', {})).toBe('BACKUP_NOT_SET');
    setFolder();
    expect(h.refused('mgr', 'support.saveLogs', {})).toBe('FORBIDDEN');
    const saved = h.ok('admin', 'support.saveLogs', {});
    expect(saved.files).toBe(1);
    expect(readFileSync(path.join(saved.folder, 'ppv-console.1.log'), 'utf8')).toContain(
      'app.started',
    );
    const audited = h.db.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'support.saveLogs'")
      .get();
    expect(audited).toEqual({ n: 1 });
  });
});

/** Waits (bounded) for background work that reports by state, not by a promise. */
async function until(done: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !done(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!done()) throw new Error('the background work did not finish');
}
