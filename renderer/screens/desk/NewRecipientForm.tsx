import type { CalendarDate } from '@internationalized/date';
import { useRef, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { Dialog, Label, Modal, Radio, RadioGroup } from 'react-aria-components';
import type { ChannelInput, ChannelOutput } from '../../../electron/contract';
import { DOC_TYPES, LIMITS, SEXES, type DocType } from '../../../electron/contract/vocabulary';
import { ageOn, formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call, PpvError } from '../../ppv';
import { DateField, toCalendarDate } from '../DateField';
import { ErrorNote } from '../Field';
import { useSubmit } from '../useSubmit';
import { personFromCard, type CardIdentity, type PersonDraft } from './cardFill';
import { fieldOfRefusal, fieldProblems, type PersonField } from './fields';

type Recipient = ChannelOutput<'recipient.get'>;
type IdentityCheck = ChannelOutput<'identity.check'>;
type Registration = ChannelOutput<'registration.create'>;
interface DuplicateCandidate {
  recipientId: string;
  docType: DocType;
  docNumberMasked: string;
  fullName: string;
  birthDate: string;
}
type DuplicateApproval = NonNullable<ChannelInput<'recipient.register'>['duplicateApproval']>;
type LocalisedText = { ms: string; en: string };

function duplicateCandidates(details: Record<string, unknown>): DuplicateCandidate[] {
  const candidates = details['candidates'];
  if (!Array.isArray(candidates)) return [];
  return candidates.filter(
    (candidate): candidate is DuplicateCandidate =>
      typeof candidate === 'object' &&
      candidate !== null &&
      typeof (candidate as Record<string, unknown>)['recipientId'] === 'string' &&
      DOC_TYPES.includes((candidate as Record<string, unknown>)['docType'] as DocType) &&
      typeof (candidate as Record<string, unknown>)['fullName'] === 'string',
  );
}

/** The first draft of the form: the card's own record, or what the document number tells. */
function firstDraft(check: IdentityCheck, card: CardIdentity | null): PersonDraft {
  if (card) return personFromCard(card);
  return {
    fullName: '',
    // Two possible centuries: nothing is chosen for the clerk; the recipient confirms one.
    birthDate: check.alternativeBirthDate === null ? (check.suggestedBirthDate ?? '') : '',
    sex: check.sex,
    nationality: check.docType === 'MYKAD' ? 'MYS' : '',
    addressLine: '',
    postcode: '',
    state: '',
  };
}

/** A text field with its problem under it, read out with it. */
function CheckedField({
  id,
  label,
  value,
  onChange,
  onBlur,
  problem,
  ...input
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  onBlur(): void;
  problem: string | null;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'onBlur' | 'value'>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        {...input}
      />
      {problem ? (
        <span id={`${id}-error`} className="error field-error">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

/**
 * A new recipient's registration. A MyKad read fills the person (the chip's birth date is the card's
 * own); a typed MyKad number suggests the birth date, and when it allows two centuries the clerk asks
 * the recipient which. Each field says what is wrong with it as the clerk leaves it, and a refusal of
 * the console is shown at the field it is about, in the screen's language.
 */
export function NewRecipientForm({
  check,
  card,
  phoneOptional,
  registrationOpen,
  today,
  onRegistered,
  onExisting,
  onCancel,
}: {
  check: IdentityCheck;
  /** The MyKad read that named this recipient, if it was read rather than typed. */
  card: CardIdentity | null;
  phoneOptional: boolean;
  /** False while no day of today is open: the desk says why, above. */
  registrationOpen: boolean;
  today: CalendarDate;
  onRegistered(recipient: Recipient, registration: Registration): void;
  onExisting(recipient: Recipient, refusal: LocalisedText): void;
  onCancel(): void;
}) {
  const { t, pick } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [person, setPerson] = useState<PersonDraft>(() => firstDraft(check, card));
  const [phone, setPhone] = useState('');
  const [touched, setTouched] = useState<ReadonlySet<PersonField>>(new Set());
  const [refused, setRefused] = useState<{ field: PersonField; text: LocalisedText } | null>(null);
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[]>([]);
  /** The clerk tried to register with a field still wrong: said once, above the button. */
  const [incomplete, setIncomplete] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const centuries =
    card === null && check.suggestedBirthDate !== null && check.alternativeBirthDate !== null
      ? [check.suggestedBirthDate, check.alternativeBirthDate].sort()
      : null;
  const birth = toCalendarDate(person.birthDate);
  const problems = fieldProblems(
    { ...person, phone },
    { phoneRequired: !phoneOptional, today, birthDate: birth },
  );

  /** What is wrong with a field now: the console's refusal, or a check once the clerk has left it. */
  function problemOf(field: PersonField): string | null {
    if (refused?.field === field) return pick(refused.text);
    const problem = problems[field];
    return problem && touched.has(field) ? t(problem) : null;
  }

  function touch(field: PersonField) {
    setTouched((before) => new Set(before).add(field));
  }

  function edit(field: PersonField, next: Partial<PersonDraft>) {
    if (refused?.field === field) setRefused(null);
    setPerson((before) => ({ ...before, ...next }));
  }

  /** Saves the recipient; a possible duplicate's candidates are kept for the manager's approval. */
  async function save(duplicateApproval: DuplicateApproval | null): Promise<void> {
    try {
      const { recipient, registration } = await call('recipient.register', {
        document: {
          docType: check.docType,
          docNumber: check.docNumber,
          docCountry: check.docType === 'PASSPORT' ? check.docCountry : null,
        },
        fullName: person.fullName,
        birthDate: person.birthDate,
        sex: person.sex ?? 'M',
        nationality: person.nationality,
        addressLine: person.addressLine.trim() === '' ? null : person.addressLine,
        postcode: person.postcode,
        state: person.state,
        phone: phone.trim() === '' ? null : phone,
        consent: true,
        duplicateApproval,
      });
      onRegistered(recipient, registration);
    } catch (caught) {
      if (caught instanceof PpvError) {
        const existingId = caught.details['recipientId'];
        if (caught.code === 'RECIPIENT_EXISTS' && typeof existingId === 'string') {
          onExisting(await call('recipient.get', { recipientId: existingId }), caught.text);
          return;
        }
        if (caught.code === 'POSSIBLE_DUPLICATE') {
          setDuplicates(duplicateCandidates(caught.details));
        }
        const field = fieldOfRefusal(caught.code);
        if (field) {
          setRefused({ field, text: caught.text });
          formRef.current?.querySelector<HTMLElement>(`[data-field='${field}'] input`)?.focus();
          return;
        }
      }
      throw caught;
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDuplicates([]);
    const wrong = Object.keys(problems) as PersonField[];
    setIncomplete(wrong.length > 0);
    if (wrong.length > 0) {
      setTouched(new Set(wrong));
      formRef.current
        ?.querySelector<HTMLElement>(
          `[data-field='${wrong[0]}'] input, [data-field='${wrong[0]}'] [role='spinbutton'], [data-field='${wrong[0]}'] [role='radio']`,
        )
        ?.focus();
      return;
    }
    void submit(() => save(null));
  }

  const ageNote = birth ? t('desk.age', { years: ageOn(birth, today) }) : null;

  return (
    <>
      <form
        ref={formRef}
        onSubmit={onSubmit}
        noValidate
        aria-labelledby="desk-new-title"
        className="panel person new-recipient"
      >
        <div className="panel-title">
          <h3 id="desk-new-title">
            {t('desk.new.title', {
              document: `${t(`desk.docType.${check.docType}`)} ${check.docNumberDisplay}`,
            })}
          </h3>
          {card ? <p className="hint">{t('desk.new.fromCard')}</p> : null}
        </div>
        {check.warnings.includes('CHECK_DIGIT') ? (
          <p className="warning">{t('desk.new.checkDigit')}</p>
        ) : null}
        <div className="form-grid">
          <div className="span-2" data-field="fullName">
            <CheckedField
              id="desk-full-name"
              label={t('desk.new.fullName')}
              maxLength={LIMITS.fullNameMax}
              autoFocus={card === null}
              autoComplete="off"
              value={person.fullName}
              onChange={(fullName) => edit('fullName', { fullName })}
              onBlur={() => touch('fullName')}
              problem={problemOf('fullName')}
            />
          </div>
          <div className="span-2" data-field="birthDate">
            {centuries && person.birthDate === '' ? (
              <RadioGroup
                className="field century"
                isRequired
                aria-describedby="desk-century-note"
                onChange={(birthDate) => edit('birthDate', { birthDate })}
              >
                <Label>{t('desk.new.birthDate')}</Label>
                <span id="desk-century-note" className="hint">
                  {t('desk.new.century')}
                </span>
                {centuries.map((date) => {
                  const option = toCalendarDate(date);
                  return (
                    <Radio key={date} value={date} className="choice">
                      {t('desk.new.centuryOption', {
                        date: formatDate(date),
                        years: option ? ageOn(option, today) : '',
                      })}
                    </Radio>
                  );
                })}
                {touched.has('birthDate') ? (
                  <span className="error field-error">{t('desk.new.centuryRequired')}</span>
                ) : null}
              </RadioGroup>
            ) : (
              <DateField
                id="desk-birth-date"
                label={t('desk.new.birthDate')}
                isRequired
                value={person.birthDate}
                onChange={(birthDate) => edit('birthDate', { birthDate })}
                onBlur={() => touch('birthDate')}
                note={ageNote}
                error={problemOf('birthDate')}
              />
            )}
          </div>
          <fieldset data-field="sex" aria-invalid={problemOf('sex') ? true : undefined}>
            <legend>{t('desk.new.sex')}</legend>
            {SEXES.map((sex) => (
              <label key={sex} className="choice">
                <input
                  type="radio"
                  name="desk-sex"
                  checked={person.sex === sex}
                  onChange={() => edit('sex', { sex })}
                />
                {t(`desk.sex.${sex}`)}
              </label>
            ))}
            {problemOf('sex') ? (
              <span className="error field-error">{problemOf('sex')}</span>
            ) : null}
          </fieldset>
          <div data-field="nationality">
            <CheckedField
              id="desk-nationality"
              label={t('desk.new.nationality')}
              maxLength={3}
              value={person.nationality}
              onChange={(nationality) => edit('nationality', { nationality })}
              onBlur={() => touch('nationality')}
              problem={problemOf('nationality')}
            />
          </div>
          <div data-field="postcode">
            <CheckedField
              id="desk-postcode"
              label={t('desk.new.postcode')}
              inputMode="numeric"
              maxLength={LIMITS.postcodeLength}
              value={person.postcode}
              onChange={(postcode) => edit('postcode', { postcode })}
              onBlur={() => touch('postcode')}
              problem={problemOf('postcode')}
            />
          </div>
          <div data-field="state">
            <CheckedField
              id="desk-state"
              label={t('desk.new.state')}
              maxLength={LIMITS.stateMax}
              value={person.state}
              onChange={(state) => edit('state', { state })}
              onBlur={() => touch('state')}
              problem={problemOf('state')}
            />
          </div>
          <div className="span-2">
            <CheckedField
              id="desk-address"
              label={t('desk.new.addressLine')}
              maxLength={LIMITS.addressLineMax}
              autoComplete="off"
              value={person.addressLine}
              onChange={(addressLine) => setPerson({ ...person, addressLine })}
              onBlur={() => undefined}
              problem={null}
            />
          </div>
          <div className="span-2" data-field="phone">
            <CheckedField
              id="desk-phone"
              label={t(phoneOptional ? 'desk.visit.phoneOptional' : 'desk.visit.phone')}
              maxLength={LIMITS.phoneMax}
              type="tel"
              autoComplete="off"
              autoFocus={card !== null}
              value={phone}
              onChange={(next) => {
                if (refused?.field === 'phone') setRefused(null);
                setPhone(next);
              }}
              onBlur={() => touch('phone')}
              problem={problemOf('phone')}
            />
          </div>
        </div>
        <ErrorNote
          text={incomplete && Object.keys(problems).length > 0 ? t('desk.field.fix') : error}
        />
        <div className="actions-row">
          <button type="submit" disabled={busy || !registrationOpen}>
            {t('desk.new.submit')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('desk.visit.cancel')}
          </button>
          <p className="hint">{t('desk.consent.note')}</p>
        </div>
      </form>
      {duplicates.length > 0 ? (
        <PossibleDuplicates
          candidates={duplicates}
          onApprove={save}
          onClose={() => setDuplicates([])}
        />
      ) : null}
    </>
  );
}

/**
 * The recipients a new registration may duplicate, and the manager's approval that saves it anyway.
 * The manager's secret is cleared after every try.
 */
function PossibleDuplicates({
  candidates,
  onApprove,
  onClose,
}: {
  candidates: DuplicateCandidate[];
  onApprove(approval: DuplicateApproval): Promise<void>;
  /** Back to the form, unsaved (Escape or the cancel button). */
  onClose(): void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [approval, setApproval] = useState<DuplicateApproval>({
    managerStaffId: '',
    managerSecret: '',
    reason: '',
  });
  const staffIdRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setApproval({ ...approval, managerSecret: '' });
    void submit(async () => {
      try {
        await onApprove(approval);
      } catch (caught) {
        const wrongPerson = caught instanceof PpvError && caught.code === 'OVERRIDE_NOT_MANAGER';
        (wrongPerson ? staffIdRef : secretRef).current?.focus();
        throw caught;
      }
    });
  }

  return (
    <Modal isOpen onOpenChange={(open) => (open ? undefined : onClose())} className="modal">
      <Dialog aria-labelledby="desk-duplicates-title" className="panel duplicates">
        <h3 id="desk-duplicates-title">{t('desk.new.duplicates')}</h3>
        <ul>
          {candidates.map((candidate) => (
            <li key={candidate.recipientId}>
              {candidate.fullName} · {t(`desk.docType.${candidate.docType}`)}{' '}
              {candidate.docNumberMasked} · {formatDate(candidate.birthDate)}
            </li>
          ))}
        </ul>
        <p>{t('desk.new.duplicatesManager')}</p>
        <form onSubmit={onSubmit} aria-labelledby="desk-approval-title" className="row-form">
          <h4 id="desk-approval-title">{t('desk.approval.title')}</h4>
          <div className="field">
            <label htmlFor="desk-approval-staff-id">{t('desk.approval.managerStaffId')}</label>
            <input
              id="desk-approval-staff-id"
              ref={staffIdRef}
              required
              autoComplete="off"
              autoFocus
              value={approval.managerStaffId}
              onChange={(event) => setApproval({ ...approval, managerStaffId: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="desk-approval-secret">{t('desk.approval.managerSecret')}</label>
            <input
              id="desk-approval-secret"
              ref={secretRef}
              type="password"
              required
              autoComplete="off"
              value={approval.managerSecret}
              onChange={(event) => setApproval({ ...approval, managerSecret: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="desk-approval-reason">{t('desk.approval.reason')}</label>
            <input
              id="desk-approval-reason"
              required
              minLength={5}
              maxLength={500}
              autoComplete="off"
              value={approval.reason}
              onChange={(event) => setApproval({ ...approval, reason: event.target.value })}
            />
          </div>
          <ErrorNote text={error} />
          <div className="actions-row">
            <button type="submit" disabled={busy}>
              {t('desk.approval.submit')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('desk.visit.cancel')}
            </button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}
