import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useLive } from '../useLive';
import { useSubmit } from '../useSubmit';

type Backup = ChannelOutput<'backup.list'>[number];

/**
 * This station's backups: where they go (a folder on another disk), the last one and any warning,
 * a backup now, the support logs, and the restore of one: verified first, then switched at the
 * next start with a manager's approval.
 */
export function BackupPanel() {
  const { t } = useI18n();
  const status = useLive('backup.status', 'backup.changed', (payload) => payload);
  const [folder, setFolder] = useState('');
  const [backups, setBackups] = useState<Backup[]>([]);
  const [notice, setNotice] = useState('');
  const [approval, setApproval] = useState({ staffId: '', secret: '', reason: '' });
  const settings = useSubmit();
  const action = useSubmit();

  useEffect(() => {
    void call('backup.settings', {}).then((read) => setFolder(read.folder ?? ''));
  }, []);
  // The list follows every change of state: a backup taken, a location set.
  useEffect(() => {
    void call('backup.list', {}).then(setBackups, () => setBackups([]));
  }, [status?.lastBackupAt, status?.warning]);

  if (status === undefined) return null;
  const restore = status.restore;

  function onSaveFolder(event: FormEvent) {
    event.preventDefault();
    void settings.submit(async () => {
      const saved = await call('backup.updateSettings', { folder });
      setFolder(saved.folder ?? '');
      setNotice(t('admin.backup.saved'));
    });
  }

  function onConfirm(event: FormEvent) {
    event.preventDefault();
    void action.submit(async () => {
      const { restarting } = await call('backup.confirmRestore', {
        managerStaffId: approval.staffId,
        managerSecret: approval.secret,
        reason: approval.reason,
      });
      setApproval({ staffId: '', secret: '', reason: '' });
      setNotice(t(restarting ? 'admin.backup.restarting' : 'admin.backup.restartYourself'));
    });
  }

  const run = (work: () => Promise<string>) =>
    void action.submit(async () => setNotice(await work()));

  return (
    <section aria-labelledby="backup-title">
      <h2 id="backup-title">{t('admin.backup.title')}</h2>
      <form onSubmit={onSaveFolder}>
        <Field
          id="backup-folder"
          label={t('admin.backup.folder')}
          required
          value={folder}
          onChange={(event) => {
            setNotice('');
            setFolder(event.target.value);
          }}
        />
        <ErrorNote text={settings.error} />
        <button type="submit" disabled={settings.busy}>
          {t('admin.backup.saveFolder')}
        </button>
      </form>

      <p data-testid="backup-last">
        {status.lastBackupAt === null
          ? t('admin.backup.none')
          : t('admin.backup.last', { at: formatDateTime(status.lastBackupAt) })}
        {status.warning === 'none' ? '' : ` — ${t(`status.backup.${status.warning}`)}`}
      </p>
      <p>
        <button
          type="button"
          disabled={action.busy || status.running}
          onClick={() =>
            run(async () => {
              await call('backup.run', {});
              return t('admin.backup.started');
            })
          }
        >
          {t(status.running ? 'admin.backup.running' : 'admin.backup.runNow')}
        </button>{' '}
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            run(async () => {
              const saved = await call('support.saveLogs', {});
              return t('admin.backup.logsSaved', { files: saved.files, folder: saved.folder });
            })
          }
        >
          {t('admin.backup.saveLogs')}
        </button>
      </p>
      <ErrorNote text={action.error} />
      <p role="status">{notice}</p>

      {backups.length > 0 ? (
        <table>
          <caption>{t('admin.backup.listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.backup.takenAt')}</th>
              <th scope="col">{t('admin.backup.size')}</th>
              <th scope="col">{t('admin.backup.restoreColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {backups.map((backup) => (
              <tr key={backup.fileName}>
                <td>{formatDateTime(backup.takenAt)}</td>
                <td>{(backup.sizeBytes / 1_048_576).toFixed(1)} MB</td>
                <td>
                  <button
                    type="button"
                    disabled={
                      action.busy || restore.state === 'preparing' || restore.state === 'confirmed'
                    }
                    onClick={() =>
                      run(async () => {
                        await call('backup.restore', { fileName: backup.fileName });
                        return t('admin.backup.verifying');
                      })
                    }
                  >
                    {t('admin.backup.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {restore.state === 'preparing' ? <p role="status">{t('admin.backup.verifying')}</p> : null}
      {restore.state === 'failed' ? (
        <p className="error">{t('admin.backup.failed', { reason: restore.reason })}</p>
      ) : null}
      {restore.state === 'ready' ? (
        <form onSubmit={onConfirm} aria-labelledby="restore-title">
          <h3 id="restore-title">{t('admin.backup.readyTitle')}</h3>
          <p data-testid="restore-report">
            {t('admin.backup.report', {
              integrity: restore.report.integrity,
              entries: restore.report.auditEntries,
              recipients: restore.report.counts.recipients,
              doses: restore.report.counts.doses,
              days: restore.report.counts.days,
              batches: restore.report.counts.batches,
            })}
          </p>
          <p>{t('admin.backup.warning')}</p>
          <Field
            id="restore-manager"
            label={t('admin.backup.managerStaffId')}
            required
            value={approval.staffId}
            onChange={(event) => setApproval({ ...approval, staffId: event.target.value })}
          />
          <Field
            id="restore-secret"
            label={t('admin.backup.managerSecret')}
            type="password"
            autoComplete="off"
            required
            value={approval.secret}
            onChange={(event) => setApproval({ ...approval, secret: event.target.value })}
          />
          <Field
            id="restore-reason"
            label={t('admin.backup.reason')}
            required
            minLength={5}
            value={approval.reason}
            onChange={(event) => setApproval({ ...approval, reason: event.target.value })}
          />
          <button type="submit" disabled={action.busy}>
            {t('admin.backup.confirm')}
          </button>{' '}
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              run(async () => {
                await call('backup.cancelRestore', {});
                return t('admin.backup.cancelled');
              })
            }
          >
            {t('admin.backup.cancel')}
          </button>
        </form>
      ) : null}
      {restore.state === 'confirmed' ? (
        <p role="status">{t('admin.backup.confirmed', { file: restore.fileName })}</p>
      ) : null}
    </section>
  );
}
