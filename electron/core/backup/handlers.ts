import type { AppDatabase } from '../../../db/open';
import type { SecretChecks } from '../auth/checks';
import { afterApproval } from '../dispatch/staged';
import type { Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import { folderIsThere, folderProblem } from './files';
import type { Backups } from './service';

type Channels =
  | 'backup.status'
  | 'backup.settings'
  | 'backup.updateSettings'
  | 'backup.list'
  | 'backup.run'
  | 'backup.restore'
  | 'backup.confirmRestore'
  | 'backup.cancelRestore'
  | 'support.saveLogs';

/**
 * The backup channels. What runs in the background (a backup, a restore's copy and verification,
 * the switch) starts after the call has committed: app.ts calls `afterBackupCall`.
 */
export function backupHandlers(
  db: AppDatabase,
  backups: Backups,
  checks: SecretChecks,
  stationId: string,
): Pick<Handlers, Channels> {
  /** The backup folder, there and ready, or a refusal that says what to do. */
  const presentFolder = (): string => {
    const folder = backups.settings.folder();
    if (folder === null) refuse('BACKUP_NOT_SET');
    if (!folderIsThere(folder)) refuse('BACKUP_FOLDER_MISSING');
    return folder;
  };

  return {
    'backup.status': () => backups.status(),
    'backup.settings': () => ({ folder: backups.settings.folder() }),
    'backup.updateSettings': (input, context) => {
      const problem = folderProblem(input.folder, db.file);
      if (problem !== null) refuse(problem);
      backups.settings.save(input.folder, context.actor.userId, context.now.at);
      context.describe({
        entityType: 'backup_settings',
        entityId: stationId,
        detail: { folder: input.folder },
      });
      context.emit('backup.changed', backups.status());
      return { folder: input.folder };
    },
    'backup.list': () => backups.list(),
    'backup.run': (_input, context) => {
      presentFolder();
      context.describe({ entityType: 'backup', entityId: null, detail: { reason: 'manual' } });
      return backups.status();
    },
    'backup.restore': (input, context) => {
      presentFolder();
      if (!backups.list().some((backup) => backup.fileName === input.fileName)) {
        refuse('BACKUP_NOT_FOUND');
      }
      const state = backups.restoreState().state;
      if (state === 'preparing' || state === 'confirmed') refuse('RESTORE_BUSY');
      context.describe({ entityType: 'backup', entityId: input.fileName });
      return { ...backups.status(), restore: { state: 'preparing', fileName: input.fileName } };
    },
    // Going back to an older copy drops what was recorded since: a manager approves, their PIN
    // checked before the transaction like every other approval.
    'backup.confirmRestore': afterApproval(
      (input, prepared) =>
        checks.approval(
          { staffId: input.managerStaffId, secret: input.managerSecret },
          prepared.call,
          prepared.now.at,
        ),
      (input, context, checked) => {
        const restore = backups.restoreState();
        if (restore.state !== 'ready') refuse('RESTORE_NOT_READY');
        if (!checked) refuse('RESTORE_APPROVAL_NOT_MANAGER');
        const approver = checks.approver(
          checked,
          context.call,
          context.now.at,
          'backup.restoreApprovalFailed',
          {
            roles: ['manager'],
            excluded: [context.actor.userId],
            refusal: 'RESTORE_APPROVAL_NOT_MANAGER',
          },
        );
        context.describe({
          entityType: 'backup',
          entityId: restore.fileName,
          detail: { approvedBy: approver.id, reason: input.reason, ...restore.report.counts },
        });
        return { restarting: backups.canRestart };
      },
    ),
    'backup.cancelRestore': (_input, context) => {
      const restore = backups.restoreState();
      if (restore.state === 'preparing' || restore.state === 'confirmed') refuse('RESTORE_BUSY');
      context.describe({
        entityType: 'backup',
        entityId: restore.state === 'none' ? null : restore.fileName,
      });
      return { ...backups.status(), restore: { state: 'none' } };
    },
    'support.saveLogs': (_input, context) => {
      const saved = backups.saveLogs(presentFolder(), context.now.at);
      context.describe({ entityType: 'support_logs', entityId: null, detail: saved });
      return saved;
    },
  };
}

/** The background half of a backup call, once it has committed. */
export function afterBackupCall(backups: Backups, channel: string, input: unknown): void {
  if (channel === 'day.close') void backups.run('sealed');
  else if (channel === 'backup.run') void backups.run('manual');
  else if (channel === 'backup.restore') {
    void backups.prepareRestore((input as { fileName: string }).fileName);
  } else if (channel === 'backup.confirmRestore') backups.confirmRestore();
  else if (channel === 'backup.cancelRestore') backups.cancelRestore();
}
