import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';
import { AmendForm } from './AmendForm';

type Recipient = NonNullable<ChannelOutput<'recipient.findByDocument'>>;
type Dose = Recipient['doses'][number];
type DocType = Recipient['docType'];

const DOC_TYPES: readonly DocType[] = [
  'MYKAD',
  'MYPR',
  'MYKAS',
  'MYTENTERA',
  'PASSPORT',
  'BIRTH_CERT',
];

/**
 * Any dose of any recipient, found by their document: voided with a reason (a dose recorded in
 * error), or amended once its day is sealed (the wrong vial or site). The console refuses what the
 * rules refuse, in words, next to the action.
 */
export function CorrectionsPanel() {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [docType, setDocType] = useState<DocType>('MYKAD');
  const [docNumber, setDocNumber] = useState('');
  const [docCountry, setDocCountry] = useState('');
  const [recipient, setRecipient] = useState<Recipient | null | undefined>(undefined);
  const [amending, setAmending] = useState<Dose | null>(null);
  const [notice, setNotice] = useState('');

  async function find(): Promise<void> {
    setRecipient(
      await call('recipient.findByDocument', {
        docType,
        docNumber,
        docCountry: docType === 'PASSPORT' ? docCountry : null,
      }),
    );
  }

  function onFind(event: FormEvent) {
    event.preventDefault();
    setAmending(null);
    setNotice('');
    void submit(find);
  }

  return (
    <section aria-labelledby="manager-correct-title">
      <h3 id="manager-correct-title">{t('manager.correct.title')}</h3>
      <form onSubmit={onFind}>
        <div className="field">
          <label htmlFor="manager-correct-type">{t('manager.correct.docType')}</label>
          <select
            id="manager-correct-type"
            value={docType}
            onChange={(event) => setDocType(event.target.value as DocType)}
          >
            {DOC_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`desk.docType.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="manager-correct-number"
          label={t('manager.correct.docNumber')}
          required
          value={docNumber}
          onChange={(event) => setDocNumber(event.target.value)}
        />
        {docType === 'PASSPORT' ? (
          <Field
            id="manager-correct-country"
            label={t('manager.correct.docCountry')}
            required
            value={docCountry}
            onChange={(event) => setDocCountry(event.target.value)}
          />
        ) : null}
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('manager.correct.find')}
        </button>
      </form>
      <p role="status">{notice}</p>
      {recipient === null ? <p>{t('manager.correct.notFound')}</p> : null}
      {recipient ? (
        <RecipientDoses
          recipient={recipient}
          onAmend={setAmending}
          onVoided={(dose) => {
            setNotice(t('manager.correct.voidDone', { number: dose.doseNumber }));
            void find();
          }}
        />
      ) : null}
      {recipient && amending ? (
        <AmendForm
          key={amending.doseId}
          dose={{
            doseId: amending.doseId,
            label: recipient.docNumberDisplay,
            doseNumber: amending.doseNumber,
            productCode: amending.productCode,
            administeredAt: amending.administeredAt,
          }}
          onAmended={() => {
            setNotice(t('manager.amend.done', { label: recipient.docNumberDisplay }));
            setAmending(null);
            void find();
          }}
        />
      ) : null}
    </section>
  );
}

function RecipientDoses({
  recipient,
  onAmend,
  onVoided,
}: {
  recipient: Recipient;
  onAmend(dose: Dose): void;
  onVoided(dose: Dose): void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="manager-correct-doses">
      <h4 id="manager-correct-doses">{t('manager.correct.doses', { name: recipient.fullName })}</h4>
      {recipient.doses.length === 0 ? (
        <p>{t('manager.correct.noDoses')}</p>
      ) : (
        <ul className="blockers">
          {recipient.doses.map((dose) => (
            <li key={dose.doseId} data-testid="manager-correct-dose">
              {`${dose.doseNumber} · ${dose.productCode} · ${formatDateTime(dose.administeredAt)}`}
              {dose.voided ? ` · ${t('manager.correct.voided')}` : null}
              {dose.voided ? null : (
                <>
                  <button type="button" className="secondary" onClick={() => onAmend(dose)}>
                    {t('manager.correct.amendDose', { number: dose.doseNumber })}
                  </button>
                  <VoidForm dose={dose} onVoided={() => onVoided(dose)} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function VoidForm({ dose, onVoided }: { dose: Dose; onVoided(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [reason, setReason] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('dose.void', { doseId: dose.doseId, reason });
      onVoided();
    });
  }

  return (
    <form onSubmit={onSubmit} className="inline">
      <Field
        id={`manager-void-${dose.doseId}`}
        label={t('manager.correct.voidReason', { number: dose.doseNumber })}
        required
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('manager.correct.voidDose', { number: dose.doseNumber })}
      </button>
    </form>
  );
}
