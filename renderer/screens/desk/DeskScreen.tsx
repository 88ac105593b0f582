import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { ChannelInput, ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call, PpvError } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useLive } from '../useLive';
import { useSubmit } from '../useSubmit';
import { documentFromCard, personFromCard, type CardIdentity, type PersonDraft } from './cardFill';
import { QueueTable, useWaitingQueue } from './queue';
import { RecipientSlip, type SlipDetails } from './RecipientSlip';

type Recipient = ChannelOutput<'recipient.get'>;
type IdentityCheck = ChannelOutput<'identity.check'>;
type Registration = ChannelOutput<'registration.create'>;
type LocalisedText = { ms: string; en: string };
type DocType = IdentityCheck['docType'];
type Sex = Recipient['sex'];

const DOC_TYPES: readonly DocType[] = [
  'MYKAD',
  'MYPR',
  'MYKAS',
  'MYTENTERA',
  'PASSPORT',
  'BIRTH_CERT',
];
const SEXES: readonly Sex[] = ['M', 'F'];

type Stage =
  | { kind: 'find' }
  | { kind: 'existing'; recipient: Recipient; refusal: LocalisedText | null }
  | { kind: 'new'; check: IdentityCheck; card: CardIdentity | null };

interface FindDocument {
  docType: DocType;
  docNumber: string;
  docCountry: string;
}

/** A card at the station's reader, as the find step shows it. */
type CardNote =
  { kind: 'none' } | { kind: 'reading' } | { kind: 'failed'; message: LocalisedText | null };

/** The recipient a document names: the one on file, or a new registration's identity check. */
async function findRecipient(document: FindDocument, card: CardIdentity | null): Promise<Stage> {
  const input = {
    docType: document.docType,
    docNumber: document.docNumber,
    docCountry: document.docType === 'PASSPORT' ? document.docCountry : null,
  };
  const recipient = await call('recipient.findByDocument', input);
  if (recipient) return { kind: 'existing', recipient, refusal: null };
  return { kind: 'new', check: await call('identity.check', input), card };
}

/**
 * The clerk's desk: find a recipient by document (typed, scanned or read from a MyKad), register
 * them for today, print their slip, see who is waiting.
 */
export function DeskScreen() {
  const { t } = useI18n();
  const queue = useWaitingQueue();
  const day = useLive('day.current', 'day.changed', (next) => next);
  const [stage, setStage] = useState<Stage>({ kind: 'find' });
  const [notice, setNotice] = useState('');
  const [slip, setSlip] = useState<SlipDetails | null>(null);
  const [identityDocument, setIdentityDocument] = useState<FindDocument>({
    docType: 'MYKAD',
    docNumber: '',
    docCountry: '',
  });
  const [cardNote, setCardNote] = useState<CardNote>({ kind: 'none' });
  const docNumberRef = useRef<HTMLInputElement>(null);
  const phoneOptional = day?.channel === 'outreach';

  useEffect(
    () =>
      window.ppv.on('card.changed', (event) => {
        if (event.state === 'reading') {
          setCardNote({ kind: 'reading' });
          return;
        }
        if (event.state === 'failed' || event.readId === null) {
          setCardNote({
            kind: 'failed',
            message: event.error?.message ?? null,
          });
          return;
        }
        void fillFromCard(event.readId);
      }),
    [],
  );

  async function fillFromCard(readId: string): Promise<void> {
    try {
      const card = await call('card.take', { readId });
      const cardDocument = documentFromCard(card);
      setIdentityDocument(cardDocument);
      const next = await findRecipient(cardDocument, card);
      setCardNote({ kind: 'none' });
      setNotice('');
      setSlip(null);
      setStage(next);
    } catch (caught) {
      if (!(caught instanceof PpvError)) throw caught;
      setCardNote({ kind: 'failed', message: caught.text });
    }
  }

  function registered(name: string, docNumber: string, registration: Registration) {
    setNotice(t('desk.registered', { name }));
    setSlip({
      fullName: name,
      docNumber,
      registeredAt: registration.registeredAt,
      slipToken: registration.slipToken,
    });
    setStage({ kind: 'find' });
    docNumberRef.current?.focus();
  }

  function backToFind() {
    setStage({ kind: 'find' });
    docNumberRef.current?.focus();
  }

  return (
    <section aria-labelledby="desk-title" className="desk">
      <h2 id="desk-title">{t('desk.title')}</h2>
      <FindForm
        docNumberRef={docNumberRef}
        identityDocument={identityDocument}
        onIdentityDocumentChange={setIdentityDocument}
        cardNote={cardNote}
        onFound={(next) => {
          setNotice('');
          setSlip(null);
          setCardNote({ kind: 'none' });
          setStage(next);
        }}
      />
      <p role="status" className="notice">
        {notice}
      </p>
      {slip ? <RecipientSlip slip={slip} /> : null}
      {stage.kind === 'existing' ? (
        <ExistingRecipient
          recipient={stage.recipient}
          refusal={stage.refusal}
          phoneOptional={phoneOptional}
          onRegistered={(registration) =>
            registered(stage.recipient.fullName, stage.recipient.docNumber, registration)
          }
          onCancel={backToFind}
        />
      ) : stage.kind === 'new' ? (
        <NewRecipientForm
          key={`${stage.check.docType}:${stage.check.docNumber}:${stage.card ? 'card' : 'typed'}`}
          check={stage.check}
          card={stage.card}
          phoneOptional={phoneOptional}
          onRegistered={registered}
          onExisting={(recipient, refusal) => setStage({ kind: 'existing', recipient, refusal })}
          onCancel={backToFind}
        />
      ) : null}
      <QueueTable entries={queue.entries} />
    </section>
  );
}

function FindForm({
  docNumberRef,
  identityDocument,
  onIdentityDocumentChange,
  cardNote,
  onFound,
}: {
  docNumberRef: RefObject<HTMLInputElement | null>;
  identityDocument: FindDocument;
  onIdentityDocumentChange(identityDocument: FindDocument): void;
  cardNote: CardNote;
  onFound(stage: Stage): void;
}) {
  const { t, pick } = useI18n();
  const { busy, error, submit } = useSubmit();
  const { docType, docNumber, docCountry } = identityDocument;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => onFound(await findRecipient(identityDocument, null)));
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="desk-find-title" className="find">
      <h3 id="desk-find-title">{t('desk.find.title')}</h3>
      <div className="field">
        <label htmlFor="desk-doc-type">{t('desk.find.docType')}</label>
        <select
          id="desk-doc-type"
          value={docType}
          onChange={(event) =>
            onIdentityDocumentChange({
              ...identityDocument,
              docType: event.target.value as DocType,
            })
          }
        >
          {DOC_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`desk.docType.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="desk-doc-number">{t('desk.find.docNumber')}</label>
        <input
          id="desk-doc-number"
          ref={docNumberRef}
          required
          autoComplete="off"
          autoFocus
          value={docNumber}
          aria-describedby="desk-card-note"
          onChange={(event) =>
            onIdentityDocumentChange({ ...identityDocument, docNumber: event.target.value })
          }
        />
      </div>
      <p
        id="desk-card-note"
        role="status"
        className={cardNote.kind === 'failed' ? 'error card-note' : 'card-note'}
      >
        {cardNote.kind === 'reading'
          ? t('desk.card.reading')
          : cardNote.kind === 'failed'
            ? cardNote.message
              ? pick(cardNote.message)
              : t('desk.card.unreadable')
            : ''}
      </p>
      {docType === 'PASSPORT' ? (
        <Field
          id="desk-doc-country"
          label={t('desk.find.docCountry')}
          required
          maxLength={3}
          value={docCountry}
          onChange={(event) =>
            onIdentityDocumentChange({ ...identityDocument, docCountry: event.target.value })
          }
        />
      ) : null}
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('desk.find.submit')}
      </button>
    </form>
  );
}

/** Today's visit: what both a new and a returning recipient give at the desk. */
function VisitFields({
  visit,
  onChange,
  autoFocusPhone,
  phoneOptional,
}: {
  visit: { phone: string; consent: boolean };
  onChange(visit: { phone: string; consent: boolean }): void;
  autoFocusPhone: boolean;
  /** Outreach days take a recipient without a phone. */
  phoneOptional: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field
        id="desk-phone"
        label={t(phoneOptional ? 'desk.visit.phoneOptional' : 'desk.visit.phone')}
        type="tel"
        autoComplete="off"
        autoFocus={autoFocusPhone}
        value={visit.phone}
        onChange={(event) => onChange({ ...visit, phone: event.target.value })}
      />
      <label className="choice">
        <input
          type="checkbox"
          checked={visit.consent}
          onChange={(event) => onChange({ ...visit, consent: event.target.checked })}
        />
        {t('desk.visit.consent')}
      </label>
    </>
  );
}

function ExistingRecipient({
  recipient,
  refusal,
  phoneOptional,
  onRegistered,
  onCancel,
}: {
  recipient: Recipient;
  refusal: LocalisedText | null;
  phoneOptional: boolean;
  onRegistered(registration: Registration): void;
  onCancel(): void;
}) {
  const { t, pick } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [visit, setVisit] = useState({ phone: '', consent: false });
  const doses = recipient.doses.filter((dose) => !dose.voided).length;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const registration = await call('registration.create', {
        recipientId: recipient.recipientId,
        phone: visit.phone.trim() === '' ? null : visit.phone,
        consent: visit.consent,
      });
      onRegistered(registration);
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="desk-existing-title" className="panel">
      <h3 id="desk-existing-title">{t('desk.existing.title')}</h3>
      {refusal ? (
        <p className="error" role="alert">
          {pick(refusal)}
        </p>
      ) : null}
      <dl className="recipient" data-testid="existing-recipient">
        <dt>{t('desk.queue.name')}</dt>
        <dd>{recipient.fullName}</dd>
        <dt>{t('desk.recipient.document')}</dt>
        <dd>
          {t(`desk.docType.${recipient.docType}`)} {recipient.docNumberDisplay}
        </dd>
        <dt>{t('desk.recipient.birthDate')}</dt>
        <dd>{recipient.birthDate}</dd>
        <dt>{t('desk.recipient.sex')}</dt>
        <dd>{t(`desk.sex.${recipient.sex}`)}</dd>
        <dt>{t('desk.recipient.address')}</dt>
        <dd>
          {[recipient.addressLine, recipient.postcode, recipient.state]
            .filter((part) => part !== null && part !== '')
            .join(', ')}
        </dd>
      </dl>
      <p>{t('desk.existing.doses', { count: doses })}</p>
      <VisitFields visit={visit} onChange={setVisit} autoFocusPhone phoneOptional={phoneOptional} />
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('desk.existing.register')}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        {t('desk.visit.cancel')}
      </button>
    </form>
  );
}

interface DuplicateCandidate {
  recipientId: string;
  docType: DocType;
  docNumberMasked: string;
  fullName: string;
  birthDate: string;
}

type DuplicateApproval = NonNullable<ChannelInput<'recipient.register'>['duplicateApproval']>;

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

function NewRecipientForm({
  check,
  card,
  phoneOptional,
  onRegistered,
  onExisting,
  onCancel,
}: {
  check: IdentityCheck;
  /** The MyKad read that named this recipient, if it was read rather than typed. */
  card: CardIdentity | null;
  phoneOptional: boolean;
  onRegistered(name: string, docNumber: string, registration: Registration): void;
  onExisting(recipient: Recipient, refusal: LocalisedText): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const citizen = check.docType === 'MYKAD';
  const [person, setPerson] = useState<PersonDraft>(
    card
      ? personFromCard(card)
      : {
          fullName: '',
          birthDate: check.suggestedBirthDate ?? '',
          sex: check.sex,
          nationality: citizen ? 'MYS' : '',
          addressLine: '',
          postcode: '',
          state: '',
        },
  );
  const [visit, setVisit] = useState({ phone: '', consent: false });
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[]>([]);

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
        phone: visit.phone.trim() === '' ? null : visit.phone,
        consent: visit.consent,
        duplicateApproval,
      });
      onRegistered(recipient.fullName, recipient.docNumber, registration);
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
      }
      throw caught;
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDuplicates([]);
    void submit(() => save(null));
  }

  const birthDateHint =
    check.suggestedBirthDate && card === null
      ? t('desk.new.birthHint', { date: check.suggestedBirthDate })
      : null;

  return (
    <>
      <form onSubmit={onSubmit} aria-labelledby="desk-new-title" className="panel">
        <h3 id="desk-new-title">
          {t('desk.new.title', {
            document: `${t(`desk.docType.${check.docType}`)} ${check.docNumberDisplay}`,
          })}
        </h3>
        {check.warnings.includes('CHECK_DIGIT') ? (
          <p className="warning">{t('desk.new.checkDigit')}</p>
        ) : null}
        <Field
          id="desk-full-name"
          label={t('desk.new.fullName')}
          required
          autoFocus
          autoComplete="off"
          value={person.fullName}
          onChange={(event) => setPerson({ ...person, fullName: event.target.value })}
        />
        <Field
          id="desk-birth-date"
          label={t('desk.new.birthDate')}
          type="date"
          required
          aria-describedby={birthDateHint ? 'desk-birth-hint' : undefined}
          value={person.birthDate}
          onChange={(event) => setPerson({ ...person, birthDate: event.target.value })}
        />
        {birthDateHint ? (
          <p id="desk-birth-hint" className="hint">
            {birthDateHint}
            {check.alternativeBirthDate ? (
              <>
                {' '}
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    setPerson({
                      ...person,
                      birthDate: check.alternativeBirthDate ?? person.birthDate,
                    })
                  }
                >
                  {t('desk.new.useAlternative', { date: check.alternativeBirthDate })}
                </button>
              </>
            ) : null}
          </p>
        ) : null}
        <fieldset>
          <legend>{t('desk.new.sex')}</legend>
          {SEXES.map((sex) => (
            <label key={sex} className="choice">
              <input
                type="radio"
                name="desk-sex"
                required
                checked={person.sex === sex}
                onChange={() => setPerson({ ...person, sex })}
              />
              {t(`desk.sex.${sex}`)}
            </label>
          ))}
        </fieldset>
        <Field
          id="desk-nationality"
          label={t('desk.new.nationality')}
          required
          maxLength={3}
          value={person.nationality}
          onChange={(event) => setPerson({ ...person, nationality: event.target.value })}
        />
        <Field
          id="desk-address"
          label={t('desk.new.addressLine')}
          autoComplete="off"
          value={person.addressLine}
          onChange={(event) => setPerson({ ...person, addressLine: event.target.value })}
        />
        <Field
          id="desk-postcode"
          label={t('desk.new.postcode')}
          required
          inputMode="numeric"
          maxLength={5}
          value={person.postcode}
          onChange={(event) => setPerson({ ...person, postcode: event.target.value })}
        />
        <Field
          id="desk-state"
          label={t('desk.new.state')}
          required
          value={person.state}
          onChange={(event) => setPerson({ ...person, state: event.target.value })}
        />
        <VisitFields
          visit={visit}
          onChange={setVisit}
          autoFocusPhone={false}
          phoneOptional={phoneOptional}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('desk.new.submit')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('desk.visit.cancel')}
        </button>
      </form>
      {duplicates.length > 0 ? (
        <PossibleDuplicates candidates={duplicates} onApprove={save} />
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
}: {
  candidates: DuplicateCandidate[];
  onApprove(approval: DuplicateApproval): Promise<void>;
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
    <section aria-labelledby="desk-duplicates-title" className="panel duplicates">
      <h3 id="desk-duplicates-title">{t('desk.new.duplicates')}</h3>
      <ul>
        {candidates.map((candidate) => (
          <li key={candidate.recipientId}>
            {candidate.fullName} · {t(`desk.docType.${candidate.docType}`)}{' '}
            {candidate.docNumberMasked} · {candidate.birthDate}
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
        <Field
          id="desk-approval-reason"
          label={t('desk.approval.reason')}
          required
          minLength={5}
          maxLength={500}
          autoComplete="off"
          value={approval.reason}
          onChange={(event) => setApproval({ ...approval, reason: event.target.value })}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('desk.approval.submit')}
        </button>
      </form>
    </section>
  );
}
