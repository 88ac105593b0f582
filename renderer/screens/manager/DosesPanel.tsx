import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

export type DoseItem = ChannelOutput<'dose.list'>['items'][number];

/**
 * The open day's doses, each one not yet void with a form to void it with a reason. A dose of a
 * sealed day is corrected by amendment, which this panel does not offer.
 */
export function DosesPanel({ doses, onVoided }: { doses: readonly DoseItem[]; onVoided(): void }) {
  const { t } = useI18n();
  // With no dose yet, the close-out already says so.
  if (doses.length === 0) return null;
  return (
    <>
      <h5 id="manager-doses-title" tabIndex={-1}>
        {t('manager.doses.title')}
      </h5>
      <p>{t('manager.doses.sealedNote')}</p>
      <ul aria-labelledby="manager-doses-title" className="doses" data-testid="manager-doses">
        {doses.map((dose) => (
          <DoseItemRow key={dose.doseId} dose={dose} onVoided={onVoided} />
        ))}
      </ul>
    </>
  );
}

function DoseItemRow({ dose, onVoided }: { dose: DoseItem; onVoided(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [reason, setReason] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('dose.void', { doseId: dose.doseId, reason });
      setReason('');
      onVoided();
      document.getElementById('manager-doses-title')?.focus();
    });
  }

  return (
    <li data-testid="manager-dose">
      {t('manager.doses.item', {
        name: dose.fullName,
        document: dose.docNumberMasked,
        product: dose.productCode,
        number: dose.doseNumber,
        time: formatDateTime(dose.administeredAt),
      })}{' '}
      {dose.voided ? (
        <strong>{t('manager.doses.voided')}</strong>
      ) : (
        <form onSubmit={onSubmit} className="inline">
          <Field
            id={`void-reason-${dose.doseId}`}
            label={t('manager.doses.reason', { document: dose.docNumberMasked })}
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <ErrorNote text={error} />
          <button type="submit" disabled={busy}>
            {t('manager.doses.void')}
            <span className="visually-hidden"> {dose.docNumberMasked}</span>
          </button>
        </form>
      )}
    </li>
  );
}
