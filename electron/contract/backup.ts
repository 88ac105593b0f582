import { z } from 'zod';
import { defineChannel } from './define';
import * as s from './schemas';

/**
 * Backups, restore and support logs: where this station keeps its encrypted backups, their state
 * for the status bar, the restore of one (verified before it replaces anything), and the log files
 * an admin saves for support.
 */

/**
 * `not-set`: no location; `missing`: the location is not there (USB disk unplugged); `failed`:
 * the last backup failed; `stale`: a day is open, or a sealed day is not backed up, and the last
 * backup is more than two hours old.
 */
export const backupWarning = z.enum(['none', 'not-set', 'missing', 'failed', 'stale']);

/** What a verification found in a backup's copy. */
export const restoreReport = z.object({
  integrity: z.string(),
  auditIntact: z.boolean(),
  auditEntries: z.number().int(),
  counts: z.object({
    recipients: z.number().int(),
    doses: z.number().int(),
    days: z.number().int(),
    batches: z.number().int(),
  }),
});

export const restoreState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('preparing'), fileName: z.string() }),
  z.object({ state: z.literal('ready'), fileName: z.string(), report: restoreReport }),
  z.object({
    state: z.literal('failed'),
    fileName: z.string(),
    reason: z.string(),
    report: restoreReport.nullable(),
  }),
  z.object({ state: z.literal('confirmed'), fileName: z.string() }),
]);

export const backupStatus = z.object({
  warning: backupWarning,
  lastBackupAt: s.instant.nullable(),
  running: z.boolean(),
  restore: restoreState,
});

const backupFileName = z.string().regex(/^ppv-backup-[0-9TZ-]+\.db$/, 'a backup file name');

export const backupChannels = {
  'backup.status': defineChannel({
    summary:
      'This station’s backups for the status bar: the last one, whether to warn, and any restore in progress.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: backupStatus,
  }),
  'backup.settings': defineChannel({
    summary: 'Where this station keeps its backups.',
    access: ['admin'],
    writes: false,
    input: s.empty,
    output: z.object({ folder: z.string().nullable() }),
  }),
  'backup.updateSettings': defineChannel({
    summary:
      'Sets where this station keeps its backups: an existing folder on another disk than the database.',
    access: ['admin'],
    writes: true,
    input: z.object({ folder: z.string().trim().min(1).max(500) }),
    output: z.object({ folder: z.string().nullable() }),
  }),
  'backup.list': defineChannel({
    summary: 'The backups in this station’s backup location, newest first (the last 14 are kept).',
    access: ['admin'],
    writes: false,
    input: s.empty,
    output: z.array(
      z.object({ fileName: z.string(), takenAt: s.instant, sizeBytes: z.number().int() }),
    ),
  }),
  'backup.run': defineChannel({
    summary:
      'Takes a backup now (it runs in the background; backup.changed tells when it is done).',
    access: ['admin'],
    writes: true,
    input: s.empty,
    output: backupStatus,
  }),
  'backup.restore': defineChannel({
    summary:
      'Copies a backup beside the database and verifies the copy (integrity, audit chain, counts) in the background; nothing is replaced yet.',
    access: ['admin'],
    writes: true,
    input: z.object({ fileName: backupFileName }),
    output: backupStatus,
  }),
  'backup.confirmRestore': defineChannel({
    summary:
      'With a manager’s approval, switches to the verified copy at the next start (the console restarts when it can).',
    access: ['admin'],
    writes: true,
    input: z.object({
      managerStaffId: s.staffId,
      managerSecret: s.secret,
      reason: s.reason,
    }),
    output: z.object({ restarting: z.boolean() }),
  }),
  'backup.cancelRestore': defineChannel({
    summary: 'Drops a prepared restore; the database stays as it is.',
    access: ['admin'],
    writes: true,
    input: s.empty,
    output: backupStatus,
  }),
  'support.saveLogs': defineChannel({
    summary:
      'Copies this installation’s log files (no personal data) into the backup location, for support.',
    access: ['admin'],
    writes: true,
    input: s.empty,
    output: z.object({ folder: z.string(), files: z.number().int() }),
  }),
} as const;
