import type { CalendarDate } from '@internationalized/date';
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { DOC_TYPES, LIMITS, type DocType } from '../../../electron/contract/vocabulary';
import { formatDate, malaysiaDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call, PpvError } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useLive } from '../useLive';
import { useSubmit } from '../useSubmit';
import { documentFromCard, type CardIdentity } from './cardFill';
import { NewRecipientForm } from './NewRecipientForm';
import { QueueTable, useWaitingQueue } from './queue';
import { RecipientSlip, type SlipDetails } from './RecipientSlip';
import { ReturningRecipient } from './ReturningRecipient';

type Recipient = ChannelOutput<'recipient.get'>;
type IdentityCheck = ChannelOutput<'identity.check'>;
type Registration = ChannelOutput<'registration.create'>;
type Product = ChannelOutput<'catalogue.products'>[number];
type LocalisedText = { ms: string; en: string };

type Stage =
  | { kind: 'find' }
  | { kind: 'existing'; recipient: Recipient; refusal: LocalisedText | null }
  | { kind: 'new'; check: IdentityCheck; card: CardIdentity | null };

interface FindDocument {
  docType: DocType;
  docNumber: string;
  docCountry: string;
}

const EMPTY_DOCUMENT: FindDocument = { docType: 'MYKAD', docNumber: '', docCountry: '' };

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

type DayProblem = {
  key: 'desk.day.none' | 'desk.day.sealed' | 'desk.day.notToday';
  date: string;
};

/**
 * Today by the trusted clock (the PC's until it answers), and why nobody can be registered now, from
 * the day: none open, closed, or open on another date. `problem` is null when registering can go on.
 */
function useDeskDay(): { today: CalendarDate; problem: DayProblem | null; outreach: boolean } {
  const day = useLive('day.current', 'day.changed', (next) => next);
  const clock = useLive('clock.status', 'clock.changed', (next) => next);
  const today = malaysiaDate(clock?.correctedNow ?? Date.now());
  const outreach = day?.channel === 'outreach';
  if (day === undefined) return { today, problem: null, outreach };
  if (day === null) return { today, problem: { key: 'desk.day.none', date: '' }, outreach };
  const date = formatDate(day.sessionDate);
  if (day.state !== 'open') return { today, problem: { key: 'desk.day.sealed', date }, outreach };
  if (clock && today.toString() !== day.sessionDate) {
    return { today, problem: { key: 'desk.day.notToday', date }, outreach };
  }
  return { today, problem: null, outreach };
}

/**
 * The clerk's desk, scan first: a MyKad read, a scanned or typed document number opens the person
 * (their doses and next dose, or a new registration's form), one key queues them, and the desk is
 * clean for the next person. Says at once when no day is open.
 */
export function DeskScreen() {
  const { t } = useI18n();
  const queue = useWaitingQueue();
  const { today, problem: dayProblem, outreach: phoneOptional } = useDeskDay();
  const [stage, setStage] = useState<Stage>({ kind: 'find' });
  const [notice, setNotice] = useState('');
  const [slip, setSlip] = useState<SlipDetails | null>(null);
  const [identityDocument, setIdentityDocument] = useState<FindDocument>(EMPTY_DOCUMENT);
  const [cardNote, setCardNote] = useState<CardNote>({ kind: 'none' });
  const [ppvName, setPpvName] = useState('');
  const [products, setProducts] = useState<Product[]>([]);
  const docNumberRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void call('ppv.status', {}).then((status) => setPpvName(status.name ?? ''));
    void call('catalogue.products', {}).then(setProducts);
  }, []);

  /** The next person starts: nothing of the last one stays on the desk. */
  function startNext(): void {
    setNotice('');
    setSlip(null);
  }

  async function open(document: FindDocument, card: CardIdentity | null): Promise<void> {
    const next = await findRecipient(document, card);
    startNext();
    setCardNote({ kind: 'none' });
    setStage(next);
  }

  useEffect(() => {
    const stopCards = window.ppv.on('card.changed', (event) => {
      if (event.state === 'reading') {
        setCardNote({ kind: 'reading' });
        return;
      }
      if (event.state === 'failed' || event.readId === null) {
        setCardNote({ kind: 'failed', message: event.error?.message ?? null });
        return;
      }
      void fromCard(event.readId);
    });
    const stopScans = window.ppv.on('scan.received', (event) => {
      if (event.result.kind === 'document') void fromScan(event.scanId);
    });
    return () => {
      stopCards();
      stopScans();
    };
  }, []);

  async function fromCard(readId: string): Promise<void> {
    try {
      const card = await call('card.take', { readId });
      const cardDocument = documentFromCard(card);
      setIdentityDocument(cardDocument);
      await open(cardDocument, card);
    } catch (caught) {
      if (!(caught instanceof PpvError)) throw caught;
      setCardNote({ kind: 'failed', message: caught.text });
    }
  }

  async function fromScan(scanId: string): Promise<void> {
    const scanned = await call('scan.take', { scanId });
    if (scanned.kind !== 'document') return;
    const scannedDocument: FindDocument = {
      docType: scanned.shape === 'mykad' ? 'MYKAD' : 'PASSPORT',
      docNumber: scanned.number,
      docCountry: '',
    };
    setIdentityDocument(scannedDocument);
    if (scannedDocument.docType === 'MYKAD') await open(scannedDocument, null);
  }

  function registered(recipient: Recipient, registration: Registration) {
    const product = products.find((p) => p.code === recipient.nextDose.productCode);
    setNotice(t('desk.registered', { name: recipient.fullName }));
    setSlip({
      ppvName,
      fullName: recipient.fullName,
      docNumber: recipient.docNumber,
      registeredAt: registration.registeredAt,
      queueNumber: registration.queueNumber,
      slipToken: registration.slipToken,
      nextDose: recipient.nextDose,
      productName: product?.name ?? null,
    });
    setStage({ kind: 'find' });
    setIdentityDocument(EMPTY_DOCUMENT);
    docNumberRef.current?.focus();
  }

  function backToFind() {
    setStage({ kind: 'find' });
    docNumberRef.current?.focus();
  }

  return (
    <section aria-labelledby="desk-title" className="desk">
      <h2 id="desk-title" className="visually-hidden">
        {t('desk.title')}
      </h2>
      {dayProblem ? (
        <p className="day-problem" role="alert" data-testid="desk-day-problem">
          {t(dayProblem.key, { date: dayProblem.date })}
        </p>
      ) : null}
      <div className="desk-grid">
        <div className="desk-work">
          <FindForm
            docNumberRef={docNumberRef}
            identityDocument={identityDocument}
            onIdentityDocumentChange={(next) => {
              if (next.docNumber !== '' && identityDocument.docNumber === '') startNext();
              setIdentityDocument(next);
            }}
            cardNote={cardNote}
            onFind={(document) => open(document, null)}
          />
          <p role="status" className="notice">
            {notice}
          </p>
          {stage.kind === 'existing' ? (
            <ReturningRecipient
              key={stage.recipient.recipientId}
              recipient={stage.recipient}
              refusal={stage.refusal}
              phoneOptional={phoneOptional}
              registrationOpen={dayProblem === null}
              products={products}
              today={today}
              onRegistered={(registration) => registered(stage.recipient, registration)}
              onCancel={backToFind}
            />
          ) : stage.kind === 'new' ? (
            <NewRecipientForm
              key={`${stage.check.docType}:${stage.check.docNumber}:${stage.card ? 'card' : 'typed'}`}
              check={stage.check}
              card={stage.card}
              phoneOptional={phoneOptional}
              registrationOpen={dayProblem === null}
              today={today}
              onRegistered={registered}
              onExisting={(recipient, refusal) =>
                setStage({ kind: 'existing', recipient, refusal })
              }
              onCancel={backToFind}
            />
          ) : null}
        </div>
        <div className="desk-side">
          {slip ? <RecipientSlip slip={slip} /> : null}
          <QueueTable entries={queue.entries} />
        </div>
      </div>
    </section>
  );
}

function FindForm({
  docNumberRef,
  identityDocument,
  onIdentityDocumentChange,
  cardNote,
  onFind,
}: {
  docNumberRef: RefObject<HTMLInputElement | null>;
  identityDocument: FindDocument;
  onIdentityDocumentChange(identityDocument: FindDocument): void;
  cardNote: CardNote;
  onFind(document: FindDocument): Promise<void>;
}) {
  const { t, pick } = useI18n();
  const { busy, error, submit } = useSubmit();
  const { docType, docNumber, docCountry } = identityDocument;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(() => onFind(identityDocument));
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="desk-find-title" className="find">
      <h3 id="desk-find-title" className="visually-hidden">
        {t('desk.find.title')}
      </h3>
      <div className="find-row">
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
        <div className="field find-number">
          <label htmlFor="desk-doc-number">{t('desk.find.docNumber')}</label>
          <input
            id="desk-doc-number"
            ref={docNumberRef}
            maxLength={LIMITS.docNumberMax}
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
        <button type="submit" disabled={busy}>
          {t('desk.find.submit')}
        </button>
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
      <ErrorNote text={error} />
    </form>
  );
}
