import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useLive } from '../useLive';
import { useSubmit } from '../useSubmit';
import { useFirstPage } from './useFirstPage';

type Batch = ChannelOutput<'batch.list'>['items'][number];

/** Sealed batches, newest first, with where their upload stands and what it waits for. */
export function BatchesPanel() {
  const { t } = useI18n();
  const upload = useLive('upload.status', 'upload.changed', (payload) => payload);
  const batches = useFirstPage(
    async () => (await call('batch.list', { cursor: null, limit: 25 })).items,
  );
  const notConfigured = upload?.state === 'not-configured';

  /** Whether the day's clock was measured with MyVAS or confirmed by a manager at opening. */
  function openedClock(batch: Batch): string {
    const { basis, confirmedBy } = batch.openedClock;
    if (basis === 'measured') return t('manager.batches.clockMeasured');
    if (basis === 'confirmed') {
      return t('manager.batches.clockConfirmed', { staffId: confirmedBy ?? '—' });
    }
    return t('manager.waitingFor.nothing');
  }

  function waitingFor(batch: Batch): string {
    if (batch.upload.waitingFor !== null) return t(`manager.waitingFor.${batch.upload.waitingFor}`);
    if (batch.uploadState === 'waiting' && notConfigured) {
      return t('manager.waitingFor.notConfigured');
    }
    return t('manager.waitingFor.nothing');
  }

  return (
    <section aria-labelledby="manager-batches-title">
      <h3 id="manager-batches-title">{t('manager.batches.title')}</h3>
      {notConfigured && (
        <p className="notice" data-testid="manager-myvas-not-configured">
          {t('manager.batches.notConfigured')}
        </p>
      )}
      {batches.length === 0 ? (
        <p>{t('manager.batches.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('manager.batches.sessionDate')}</th>
              <th scope="col">{t('manager.batches.closedAt')}</th>
              <th scope="col">{t('manager.batches.records')}</th>
              <th scope="col">{t('manager.batches.state')}</th>
              <th scope="col">{t('manager.batches.accepted')}</th>
              <th scope="col">{t('manager.batches.rejected')}</th>
              <th scope="col">{t('manager.batches.pending')}</th>
              <th scope="col">{t('manager.batches.waitingFor')}</th>
              <th scope="col">{t('manager.batches.lateReason')}</th>
              <th scope="col">{t('manager.batches.clock')}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr key={batch.batchId} data-testid="manager-batch">
                <td>{formatDate(batch.sessionDate)}</td>
                <td>{formatDateTime(batch.closedAt)}</td>
                <td>{batch.recordCount}</td>
                <td>{t(`manager.upload.${batch.uploadState}`)}</td>
                <td>{batch.upload.accepted + batch.upload.duplicate}</td>
                <td>{batch.upload.rejected}</td>
                <td>{batch.upload.pending}</td>
                <td>{waitingFor(batch)}</td>
                <td>
                  {batch.upload.waitingFor === 'late-reason' ? (
                    <LateReasonForm batch={batch} />
                  ) : (
                    (batch.upload.lateReason ?? t('manager.waitingFor.nothing'))
                  )}
                </td>
                <td>{openedClock(batch)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function LateReasonForm({ batch }: { batch: Batch }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('batch.giveLateReason', { batchId: batch.batchId, reason });
      setSaved(t('manager.late.saved', { date: formatDate(batch.sessionDate) }));
    });
  }

  return (
    <form onSubmit={onSubmit} className="inline">
      <Field
        id={`late-reason-${batch.batchId}`}
        label={t('manager.late.field', {
          date: formatDate(batch.sessionDate),
          count: batch.upload.lateRecords,
        })}
        required
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <ErrorNote text={error} />
      <p role="status">{saved}</p>
      <button type="submit" disabled={busy}>
        {t('manager.late.submit')}
      </button>
    </form>
  );
}
