import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { LIMITS } from '../../../electron/contract/vocabulary';
import type { CalendarDate } from '@internationalized/date';
import { ageOn, formatDate, formatInstantDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';
import { toCalendarDate } from '../DateField';

type Recipient = ChannelOutput<'recipient.get'>;
type Registration = ChannelOutput<'registration.create'>;
type Product = ChannelOutput<'catalogue.products'>[number];

/** A recipient's next dose: which, of what, and whether today. */
export function NextDoseNote({
  nextDose,
  products,
}: {
  nextDose: Recipient['nextDose'];
  products: readonly Product[];
}) {
  const { t } = useI18n();
  const product = products.find((p) => p.code === nextDose.productCode);
  return (
    <div className="next-dose" data-testid="next-dose">
      <h4>{t('desk.next.title')}</h4>
      <p>
        {t('desk.next.dose', {
          number: nextDose.doseNumber,
          series: t(`desk.series.${nextDose.series}`),
        })}
        {' · '}
        {product ? t('desk.next.productOf', { product: product.name }) : t('desk.next.anyProduct')}
      </p>
      {nextDose.eligibleToday ? (
        <p className="eligible">{t('desk.next.eligible')}</p>
      ) : (
        <p className="warning" role="alert">
          {t('desk.next.notYet', {
            number: nextDose.doseNumber,
            date: formatDate(nextDose.earliestDate ?? ''),
          })}
        </p>
      )}
    </div>
  );
}

/**
 * A recipient on file: who, their doses, the next one and whether it is due today, and the phone they
 * gave last time. Asking for consent and pressing Enter queues them.
 */
export function ReturningRecipient({
  recipient,
  refusal,
  phoneOptional,
  registrationOpen,
  products,
  today,
  onRegistered,
  onCancel,
}: {
  recipient: Recipient;
  refusal: { ms: string; en: string } | null;
  phoneOptional: boolean;
  /** False while no day of today is open: the desk says why, above. */
  registrationOpen: boolean;
  products: readonly Product[];
  today: CalendarDate;
  onRegistered(registration: Registration): void;
  onCancel(): void;
}) {
  const { t, pick } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [phone, setPhone] = useState(recipient.lastPhone ?? '');
  const birth = toCalendarDate(recipient.birthDate);
  const productName = (code: string) => products.find((p) => p.code === code)?.name ?? code;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const registration = await call('registration.create', {
        recipientId: recipient.recipientId,
        phone: phone.trim() === '' ? null : phone,
        consent: true,
      });
      onRegistered(registration);
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="desk-existing-title" className="panel person">
      <h3 id="desk-existing-title">{t('desk.existing.title')}</h3>
      {refusal ? (
        <p className="error" role="alert">
          {pick(refusal)}
        </p>
      ) : null}
      <div className="person-columns">
        <dl className="recipient" data-testid="existing-recipient">
          <dt>{t('desk.queue.name')}</dt>
          <dd>{recipient.fullName}</dd>
          <dt>{t('desk.recipient.document')}</dt>
          <dd>
            {t(`desk.docType.${recipient.docType}`)} {recipient.docNumberDisplay}
          </dd>
          <dt>{t('desk.recipient.birthDate')}</dt>
          <dd>
            {formatDate(recipient.birthDate)}
            {birth ? ` · ${t('desk.age', { years: ageOn(birth, today) })}` : ''}
          </dd>
          <dt>{t('desk.recipient.sex')}</dt>
          <dd>{t(`desk.sex.${recipient.sex}`)}</dd>
        </dl>
        <div>
          <ul className="dose-history" data-testid="dose-history">
            {recipient.doses.length === 0 ? <li>{t('desk.existing.noDoses')}</li> : null}
            {recipient.doses.map((dose) => (
              <li key={dose.doseId}>
                {t('desk.existing.dose', {
                  number: dose.doseNumber,
                  product: productName(dose.productCode),
                  date: formatInstantDate(dose.administeredAt),
                })}
                {dose.voided ? ` ${t('desk.existing.voided')}` : ''}
              </li>
            ))}
          </ul>
          <NextDoseNote nextDose={recipient.nextDose} products={products} />
        </div>
      </div>
      <div className="visit-row">
        <Field
          id="desk-phone"
          label={t(phoneOptional ? 'desk.visit.phoneOptional' : 'desk.visit.phone')}
          type="tel"
          autoComplete="off"
          maxLength={LIMITS.phoneMax}
          value={phone}
          aria-describedby={recipient.lastPhone ? 'desk-last-phone' : undefined}
          onChange={(event) => setPhone(event.target.value)}
        />
        {recipient.lastPhone ? (
          <p id="desk-last-phone" className="hint">
            {t('desk.lastPhone', { phone: recipient.lastPhone })}
          </p>
        ) : null}
      </div>
      <ErrorNote text={error} />
      <div className="actions-row">
        <button
          type="submit"
          disabled={busy || !registrationOpen}
          autoFocus={registrationOpen && recipient.nextDose.eligibleToday}
        >
          {t('desk.existing.register')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('desk.visit.cancel')}
        </button>
        <p className="hint">{t('desk.consent.note')}</p>
      </div>
    </form>
  );
}
