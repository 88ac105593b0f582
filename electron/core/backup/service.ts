import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { AppDatabase } from '../../../db/open';
import {
  cancelRestore,
  confirmRestore,
  stageRestore,
  type RestoreAtStart,
} from '../../../db/restore';
import type { AuditAction, EventName } from '../../contract';
import type { z } from 'zod';
import type { backupStatus, restoreReport, restoreState } from '../../contract/backup';
import { createAuditLog, type AuditLog } from '../audit';
import type { TrustedClock } from '../clock';
import type { OpenDayLookup } from '../days/open-day';
import type { Logger } from '../shared/log';
import { createPeriodic, type Timers } from '../shared/periodic';
import {
  backupFileName,
  folderIsThere,
  keptBackups,
  listBackups,
  pruneBackups,
  type BackupFile,
} from './files';
import { createBackupSettings } from './settings';

export type BackupStatus = z.output<typeof backupStatus>;
export type RestoreState = z.output<typeof restoreState>;
export type RestoreReport = z.output<typeof restoreReport>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** While a day is open, a backup at least this often… */
const backupEvery = HOUR;
/** …and a warning when the last is older than this. */
const staleAfter = 2 * HOUR;
/** How often the schedule looks whether a backup is due. */
const checkEvery = 5 * MINUTE;

export interface BackupOptions {
  db: AppDatabase;
  clock: TrustedClock;
  days: OpenDayLookup;
  audit: AuditLog;
  stationId: string;
  log: Logger;
  publish: (event: EventName, payload: unknown) => void;
  timers: Timers;
  /** The installation's log files, which an admin may save for support. */
  logFiles?: () => string[];
  /** Restarts the console onto a confirmed restore; absent where the host cannot restart itself. */
  restart?: () => void;
}

export type BackupReason = 'hourly' | 'sealed' | 'manual';

/**
 * This station's backups: an encrypted copy after every seal and every hour while a day is open,
 * into the folder the admin set, the newest 14 kept; and the restore of one, prepared and verified
 * beside the live database before anything is replaced (db/restore.ts).
 */
export function createBackups(options: BackupOptions) {
  const { db, clock, days, audit, stationId, log, timers } = options;
  const settings = createBackupSettings(db, stationId);
  const lastSealAt = db.sqlite.prepare<[], { at: number | null }>(
    "SELECT max(closed_at) AS at FROM days WHERE state = 'sealed'",
  );

  let running: Promise<void> | null = null;
  let lastFailed = false;
  let restore: RestoreState = { state: 'none' };

  function status(): BackupStatus {
    const folder = settings.folder();
    const present = folder !== null && folderIsThere(folder);
    const last = present ? (listBackups(folder)[0]?.takenAt ?? null) : null;
    return {
      warning:
        folder === null
          ? 'not-set'
          : !present
            ? 'missing'
            : lastFailed
              ? 'failed'
              : isStale(last)
                ? 'stale'
                : 'none',
      lastBackupAt: last,
      running: running !== null,
      restore,
    };
  }

  /** Records changed since the last backup (a day open, or a seal after it) for over two hours. */
  function isStale(last: number | null): boolean {
    const now = clock.now().at;
    const openDay = days.find();
    const sealedAt = lastSealAt.get()?.at ?? null;
    const unsavedSince =
      last !== null
        ? openDay !== null || (sealedAt !== null && sealedAt > last)
          ? last
          : null
        : (openDay?.opened_at ?? sealedAt);
    return unsavedSince !== null && now - unsavedSince > staleAfter;
  }

  const changed = (): void => options.publish('backup.changed', status());

  function appendAudit(action: AuditAction, detail: Record<string, unknown>): void {
    const now = clock.now();
    try {
      db.sqlite.transaction(() =>
        audit.append({
          at: now.at,
          deviceAt: now.deviceAt,
          userId: null,
          station: stationId,
          action,
          entityType: 'backup',
          entityId: typeof detail['fileName'] === 'string' ? detail['fileName'] : null,
          detail,
        }),
      )();
    } catch (error) {
      log.error('backup.notAudited', { action, error: String(error) });
    }
  }

  async function takeBackup(reason: BackupReason): Promise<void> {
    const folder = settings.folder();
    if (folder === null || !folderIsThere(folder)) return;
    const fileName = backupFileName(clock.now().at);
    try {
      for (const name of readdirSync(folder)) {
        if (name.startsWith('ppv-backup-') && name.endsWith('.partial')) {
          rmSync(path.join(folder, name), { force: true });
        }
      }
      const { sizeBytes } = await db.snapshot(path.join(folder, fileName));
      pruneBackups(folder);
      lastFailed = false;
      log.info('backup.taken', { reason, sizeBytes });
      appendAudit('backup.taken', { fileName, reason, sizeBytes });
    } catch (error) {
      lastFailed = true;
      log.error('backup.failed', { reason, error: String(error) });
    }
  }

  /** One backup at a time; a call while one runs waits for it and takes its own. */
  function run(reason: BackupReason): Promise<void> {
    if (settings.folder() === null) return Promise.resolve(); // nowhere to back up to
    const previous = running ?? Promise.resolve();
    const current: Promise<void> = previous.then(() => takeBackup(reason));
    running = current;
    changed();
    return current.finally(() => {
      if (running === current) running = null;
      changed();
    });
  }

  function due(): boolean {
    if (days.find() === null || running !== null) return false;
    const folder = settings.folder();
    if (folder === null) return false;
    const last = listBackups(folder)[0]?.takenAt ?? null;
    return last === null || clock.now().at - last >= backupEvery;
  }

  /** Looks whether a backup is due, and starts it without waiting for it. */
  const dueChecks = createPeriodic({
    run: () => {
      if (due()) void run('hourly');
    },
    delayAfter: () => checkEvery,
    runAtStart: true,
    timers,
    log,
    failedEvent: 'backup.check_failed',
  });

  async function prepareRestore(fileName: string): Promise<void> {
    const folder = settings.folder();
    restore = { state: 'preparing', fileName };
    changed();
    let report: RestoreReport | null = null;
    try {
      if (folder === null) throw new Error('no backup location');
      const staged = await stageRestore(db.file, path.join(folder, fileName));
      report = verifyCopy(staged);
      const problem =
        report.integrity !== 'ok'
          ? `integrity check: ${report.integrity}`
          : !report.auditIntact
            ? 'the audit chain is broken'
            : null;
      restore =
        problem === null
          ? { state: 'ready', fileName, report }
          : { state: 'failed', fileName, reason: problem, report };
    } catch (error) {
      restore = { state: 'failed', fileName, reason: String(error), report };
    }
    if (restore.state === 'failed') cancelRestore(db.file);
    log.info('backup.restorePrepared', { fileName, state: restore.state });
    changed();
  }

  /** Opens the staged copy as the console would, and reads what it holds. */
  function verifyCopy(staged: string): RestoreReport {
    const copy = db.openCopy(staged);
    try {
      const integrity = String(copy.sqlite.pragma('integrity_check', { simple: true }));
      const chain = createAuditLog(copy).verify();
      const count = (table: string) =>
        (copy.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        integrity,
        auditIntact: chain.intact,
        auditEntries: chain.entries,
        counts: {
          recipients: count('recipients'),
          doses: count('doses'),
          days: count('days'),
          batches: count('batches'),
        },
      };
    } finally {
      void copy.close();
    }
  }

  return {
    settings,
    status,
    changed,
    /** Takes a backup now (after a seal, or asked for by the admin). */
    run,
    /** Settles once no backup is running. */
    idle: async (): Promise<void> => {
      while (running !== null) await running;
    },
    list: (): BackupFile[] => {
      const folder = settings.folder();
      return folder === null ? [] : listBackups(folder).slice(0, keptBackups);
    },
    restoreState: (): RestoreState => restore,
    canRestart: options.restart !== undefined,
    prepareRestore,
    /** Marks the verified copy to replace the database at the next start, and restarts if it can. */
    confirmRestore(): void {
      if (restore.state !== 'ready') return;
      const { fileName } = restore;
      try {
        confirmRestore(db.file, fileName);
        restore = { state: 'confirmed', fileName };
      } catch (error) {
        restore = { state: 'failed', fileName, reason: String(error), report: null };
      }
      changed();
      if (restore.state === 'confirmed') options.restart?.();
    },
    cancelRestore(): void {
      cancelRestore(db.file);
      restore = { state: 'none' };
      changed();
    },
    /** Audits what the start did with a restore confirmed before it. */
    recordRestoreAtStart(outcome: RestoreAtStart): void {
      if (outcome.kind === 'none') return;
      appendAudit(outcome.kind === 'restored' ? 'backup.restored' : 'backup.restoreDiscarded', {
        fileName: outcome.fileName,
      });
    },
    /** Copies the log files into the backup folder; how many. */
    saveLogs(folder: string, at: number): { folder: string; files: number } {
      const target = path.join(
        folder,
        `ppv-logs-${new Date(at).toISOString().replace(/[:.]/g, '-')}`,
      );
      mkdirSync(target, { recursive: true });
      const files = options.logFiles?.() ?? [];
      for (const file of files) copyFileSync(file, path.join(target, path.basename(file)));
      return { folder: target, files: files.length };
    },
    start(): void {
      dueChecks.start();
    },
    async stop(): Promise<void> {
      await dueChecks.stop();
      await running;
    },
  };
}

export type Backups = ReturnType<typeof createBackups>;
