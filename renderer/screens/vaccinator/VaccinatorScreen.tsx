import {
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { ChannelInput, ChannelOutput } from '../../../electron/contract';
import type { ScanResult } from '../../../electron/contract/scan';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call, PpvError } from '../../ppv';
import { useWedgeScans } from '../../scan/useWedgeScans';
import { malaysiaTime, useWaitingQueue, type QueueEntry } from '../desk/queue';
import { ErrorNote } from '../Field';
import { useSubmit } from '../useSubmit';
import { ObservationPanel, useObservations } from './ObservationPanel';
import { QueueWindow } from './QueueWindow';

type Vial = ChannelOutput<'vial.list'>['items'][number];
type Site = ChannelOutput<'dose.record'>['site'];
type Preview = ChannelOutput<'dose.preview'>;
type Note = { kind: 'notice' | 'error'; text: string } | null;
type VialScan = Extract<ScanResult, { kind: 'vial' }>;

const SITES: readonly Site[] = ['L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH'];
const VIAL_PAGE = 100;
const SITE_KEY = 'ppv.vaccinator.site';

const usable = (vial: Vial) => !vial.reconciled && vial.dosesDrawn < vial.dosesPerVial;

function lastSite(): Site {
  try {
    const stored = localStorage.getItem(SITE_KEY);
    return SITES.find((site) => site === stored) ?? 'L_DELTOID';
  } catch {
    return 'L_DELTOID';
  }
}

function rememberSite(site: Site): void {
  try {
    localStorage.setItem(SITE_KEY, site);
  } catch {
    // Nowhere to keep it: the next dose starts from the left deltoid again.
  }
}

/**
 * The vaccinator's station in one motion: scanning a recipient's slip (or reading their MyKad)
 * picks them and confirms they are here, scanning a vial opens it, and Enter records the dose shown.
 * Focus always lands where the next action is: the scan field, or the button that records.
 */
export function VaccinatorScreen() {
  const { t, pick } = useI18n();
  const queue = useWaitingQueue({ whole: true });
  const observations = useObservations();
  const [picked, setPicked] = useState<QueueEntry | null>(null);
  const [vials, setVials] = useState<Vial[]>([]);
  const [vialId, setVialId] = useState<string | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [focusTick, setFocusTick] = useState(0);
  // A vial whose lot the PPV did not receive, waiting for the vaccinator to check its label.
  const [unconfirmedLot, setUnconfirmedLot] = useState<{ scan: VialScan; text: string } | null>(
    null,
  );
  // A MyKad number scanned or typed is no card read: presence by it needs a reason.
  const [typedNumber, setTypedNumber] = useState<string | null>(null);
  const scanField = useRef<HTMLInputElement>(null);
  const recordButton = useRef<HTMLButtonElement>(null);
  const selectedId = picked?.registrationId ?? null;
  const live = queue.entries.find((entry) => entry.registrationId === selectedId);
  // The recipient stays on screen if they leave the queue elsewhere (the day closed, say), so a
  // dose attempted then is refused with its reason instead of the form vanishing under the hand.
  const selected = live ?? picked;
  useEffect(() => {
    if (live) setPicked(live);
  }, [live]);

  // After each step, focus goes where the next one is: Enter to record once a dose can be, else
  // the scan field (the slip, the card or the vial still to scan).
  useEffect(() => {
    if (focusTick === 0) return;
    const ready = recordButton.current !== null && !recordButton.current.disabled;
    (ready ? recordButton.current : scanField.current)?.focus();
  }, [focusTick]);
  const moveFocus = () => setFocusTick((tick) => tick + 1);

  async function loadVials(): Promise<Vial[]> {
    const open = (await call('vial.list', { limit: VIAL_PAGE, cursor: null })).items.filter(usable);
    setVials(open);
    setVialId((current) =>
      open.some((vial) => vial.vialId === current) ? current : (open[0]?.vialId ?? null),
    );
    return open;
  }
  useEffect(() => {
    void loadVials();
    return window.ppv.on('queue.changed', () => void observations.reload());
  }, []);

  async function confirmPresence(input: ChannelInput<'presence.scan'>): Promise<void> {
    const entry = await call('presence.scan', input);
    setPicked(entry);
    setNote({
      kind: 'notice',
      text: t('vaccinator.presence.confirmedFor', { name: entry.fullName }),
    });
    await queue.reload();
  }

  async function openVial(result: VialScan, lotConfirmed: boolean): Promise<void> {
    const opened = await window.ppv.invoke('vial.open', {
      gtin: result.gtin,
      lot: result.lot,
      expiry: result.expiry,
      serial: result.serial,
      lotConfirmed,
    });
    if (!opened.ok && opened.error.code === 'LOT_NOT_DELIVERED') {
      setUnconfirmedLot({ scan: result, text: pick(opened.error.message) });
      return;
    }
    if (!opened.ok) {
      throw new PpvError(opened.error.code, opened.error.message, opened.error.details);
    }
    const vial = opened.value;
    await loadVials();
    setVialId(vial.vialId);
    setNote({
      kind: 'notice',
      text: t('vaccinator.vial.opened', {
        product: vial.productName,
        lot: vial.lot,
        expiry: formatDate(vial.expiry),
      }),
    });
  }

  /** Whatever was scanned or typed into the scan field: a slip, a MyKad number or a vial. */
  async function take(text: string): Promise<void> {
    if (text.trim() === '') return;
    try {
      const result = await call('scan.classify', { text });
      if (result.kind === 'slip') await confirmPresence({ method: 'SLIP_QR', scanned: text });
      else if (result.kind === 'document' && result.shape === 'mykad') {
        setNote(null);
        setTypedNumber(result.number);
        return;
      } else if (result.kind === 'vial') await openVial(result, false);
      else setNote({ kind: 'error', text: refusalText(result) });
    } catch (caught) {
      setNote({
        kind: 'error',
        text: caught instanceof PpvError ? pick(caught.text) : t('error.disconnected'),
      });
    }
    moveFocus();
  }

  const refusalText = useRefusalText();
  useWedgeScans((text) => {
    if (scanField.current) scanField.current.value = '';
    void take(text);
  });

  /** Presence by the MyKad number scanned or typed, with the reason the card was not read. */
  async function confirmTyped(scanned: string, reason: string): Promise<void> {
    try {
      await confirmPresence({ method: 'MYKAD_TYPED', scanned, reason });
      setTypedNumber(null);
    } catch (caught) {
      setNote({
        kind: 'error',
        text: caught instanceof PpvError ? pick(caught.text) : t('error.disconnected'),
      });
    }
    moveFocus();
  }

  // A MyKad read at this station's reader confirms its holder by that read (its id).
  const confirmByCard = useRef<(readId: string) => void>(() => undefined);
  confirmByCard.current = (readId) => {
    setTypedNumber(null);
    void confirmPresence({ method: 'MYKAD', readId })
      .catch((caught: unknown) =>
        setNote({
          kind: 'error',
          text: caught instanceof PpvError ? pick(caught.text) : t('error.disconnected'),
        }),
      )
      .finally(moveFocus);
  };
  useEffect(
    () =>
      window.ppv.on('card.changed', (event) => {
        if (event.state === 'reading') return;
        if (event.state === 'failed' || event.readId === null) {
          if (event.error) setNote({ kind: 'error', text: pick(event.error.message) });
          return;
        }
        confirmByCard.current(event.readId);
      }),
    [],
  );

  return (
    <section aria-labelledby="vaccinator-title" className="vaccinator">
      <h2 id="vaccinator-title" className="visually-hidden">
        {t('vaccinator.title')}
      </h2>
      <div className="station">
        <QueueWindow
          entries={queue.entries}
          selectedId={selectedId}
          onSelect={(id, focusWork) => {
            setNote(null);
            setPicked(queue.entries.find((entry) => entry.registrationId === id) ?? null);
            if (focusWork) moveFocus();
          }}
        />
        <div className="station-work">
          <ScanField fieldRef={scanField} onTyped={(text) => void take(text)} />
          {typedNumber !== null ? (
            <TypedNumberReason
              number={typedNumber}
              onConfirm={(reason) => confirmTyped(typedNumber, reason)}
              onCancel={() => {
                setTypedNumber(null);
                moveFocus();
              }}
            />
          ) : null}
          <p
            role="status"
            className={note?.kind === 'error' ? 'error' : 'notice'}
            data-testid="vaccinator-note"
          >
            {note?.text ?? ''}
          </p>
          {selected ? (
            <RecipientWork
              key={selected.registrationId}
              entry={selected}
              vialId={vialId}
              recordButton={recordButton}
              onPreviewed={moveFocus}
              onDone={async (text) => {
                setNote({ kind: 'notice', text });
                setPicked(null);
                moveFocus();
                await Promise.all([queue.reload(), loadVials(), observations.reload()]);
              }}
            />
          ) : (
            <p>{t('vaccinator.recipient.none')}</p>
          )}
        </div>
        {unconfirmedLot ? (
          <ConfirmLot
            lot={unconfirmedLot.scan.lot}
            text={unconfirmedLot.text}
            onAnswer={(confirmed) => {
              const { scan } = unconfirmedLot;
              setUnconfirmedLot(null);
              if (!confirmed) {
                setNote({ kind: 'error', text: t('vaccinator.lot.notOpened', { lot: scan.lot }) });
                moveFocus();
                return;
              }
              void openVial(scan, true)
                .catch((caught: unknown) =>
                  setNote({
                    kind: 'error',
                    text: caught instanceof PpvError ? pick(caught.text) : t('error.disconnected'),
                  }),
                )
                .finally(moveFocus);
            }}
          />
        ) : null}
        <div className="station-side">
          <VialList vials={vials} vialId={vialId} onChoose={setVialId} />
          <ObservationPanel
            items={observations.items}
            onReleased={async (text) => {
              setNote({ kind: 'notice', text });
              await observations.reload();
            }}
          />
        </div>
      </div>
    </section>
  );
}

/**
 * A vial of a lot the PPV did not receive: the lot as read, to check against the vial's label before
 * it opens. Focus starts on "scan again", so a stray Enter never opens a merged lot.
 */
function ConfirmLot({
  lot,
  text,
  onAnswer,
}: {
  lot: string;
  text: string;
  onAnswer(confirmed: boolean): void;
}) {
  const { t } = useI18n();
  return (
    <ModalOverlay isOpen isDismissable={false} className="modal-overlay">
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog">
          <Heading slot="title">{t('vaccinator.lot.title')}</Heading>
          <p>{text}</p>
          <p className="lot-shown" data-testid="lot-shown">
            {lot}
          </p>
          <button type="button" className="secondary" autoFocus onClick={() => onAnswer(false)}>
            {t('vaccinator.lot.rescan')}
          </button>
          <button type="button" onClick={() => onAnswer(true)}>
            {t('vaccinator.lot.confirm', { lot })}
          </button>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/**
 * A MyKad number that came as text, not as a card read: presence by it is its own method, with the
 * reason the card could not be read (shown on the record).
 */
function TypedNumberReason({
  number,
  onConfirm,
  onCancel,
}: {
  number: string;
  onConfirm(reason: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    void onConfirm(reason).finally(() => setBusy(false));
  }
  return (
    <form onSubmit={onSubmit} aria-labelledby="typed-number-title">
      <p id="typed-number-title">{t('vaccinator.presence.typedNumber', { number })}</p>
      <div className="field">
        <label htmlFor="presence-reason">{t('vaccinator.presence.reason')}</label>
        <input
          id="presence-reason"
          required
          autoFocus
          autoComplete="off"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <button type="submit" disabled={busy}>
        {t('vaccinator.presence.submit')}
      </button>{' '}
      <button type="button" className="secondary" onClick={onCancel}>
        {t('vaccinator.presence.cancel')}
      </button>
    </form>
  );
}

/** The one field a slip, a MyKad number or a vial code is scanned (or typed, then Enter) into. */
function ScanField({
  fieldRef,
  onTyped,
}: {
  fieldRef: RefObject<HTMLInputElement | null>;
  onTyped(text: string): void;
}) {
  const { t } = useI18n();
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = event.currentTarget.value;
    event.currentTarget.value = '';
    onTyped(text);
  }
  return (
    <div className="field">
      <label htmlFor="vaccinator-scan">{t('vaccinator.scan.label')}</label>
      <input
        id="vaccinator-scan"
        ref={fieldRef}
        data-scan-field=""
        autoFocus
        autoComplete="off"
        onKeyDown={onKeyDown}
      />
    </div>
  );
}

/** What the screen says about a scanned code it cannot use here. */
function useRefusalText() {
  const { t, language } = useI18n();
  return (result: ScanResult): string => {
    if (result.kind !== 'refused' || result.looksLike !== 'vial') {
      return t('vaccinator.scan.unknown');
    }
    const params = result.params;
    const inLanguage = (name: string) =>
      (language === 'en' ? params[`${name}En`] : undefined) ?? params[name] ?? '';
    switch (result.code) {
      case 'GS1_MALFORMED':
        return t('vaccinator.refused.GS1_MALFORMED', { detail: inLanguage('detail') });
      case 'GS1_MISSING_FIELD':
        return t('vaccinator.refused.GS1_MISSING_FIELD', { field: inLanguage('field') });
      case 'GS1_EXPIRY_INVALID':
        return t('vaccinator.refused.GS1_EXPIRY_INVALID', { expiry: inLanguage('expiry') });
      case 'GTIN_CHECK_DIGIT':
        return t('vaccinator.refused.GTIN_CHECK_DIGIT', { gtin: inLanguage('gtin') });
      default:
        return t('vaccinator.refused.other');
    }
  };
}

/**
 * The picked recipient: until their presence is confirmed, what to scan; then the dose as it would
 * be recorded (dose number, product, age, eligibility), the screening question, the site, and the
 * button Enter presses to record. "No" to the question defers them with a reason instead.
 */
function RecipientWork({
  entry,
  vialId,
  recordButton,
  onPreviewed,
  onDone,
}: {
  entry: QueueEntry;
  vialId: string | null;
  recordButton: RefObject<HTMLButtonElement | null>;
  onPreviewed(): void;
  onDone(text: string): Promise<void>;
}) {
  const { t, pick } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [site, setSite] = useState<Site>(lastSite);
  const [deferring, setDeferring] = useState(false);
  const [reason, setReason] = useState('');

  useEffect(() => {
    setPreview(null);
    if (!entry.presenceConfirmed || vialId === null) return;
    let current = true;
    void window.ppv
      .invoke('dose.preview', { registrationId: entry.registrationId, vialId })
      .then((result) => {
        if (!current) return;
        setPreview(result.ok ? result.value : null);
        onPreviewed();
      });
    return () => {
      current = false;
    };
  }, [entry.registrationId, entry.presenceConfirmed, vialId]);

  function onRecord(event: FormEvent) {
    event.preventDefault();
    if (vialId === null) return;
    void submit(async () => {
      const dose = await call('dose.record', {
        registrationId: entry.registrationId,
        vialId,
        site,
      });
      rememberSite(site);
      await onDone(
        t('vaccinator.dose.recorded', {
          number: dose.doseNumber,
          product: dose.productCode,
          name: entry.fullName,
          time: malaysiaTime(dose.administeredAt),
          until: malaysiaTime(dose.observationEndsAt),
        }),
      );
    });
  }

  function onDefer(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('registration.setOutcome', {
        registrationId: entry.registrationId,
        outcome: 'deferred',
        reason,
      });
      await onDone(t('vaccinator.screening.deferred', { name: entry.fullName }));
    });
  }

  return (
    <section aria-labelledby="vaccinator-recipient-title" className="panel recipient-work">
      <h3 id="vaccinator-recipient-title">
        {t('vaccinator.recipient.title', { name: entry.fullName })}
      </h3>
      <p>
        {entry.docNumberMasked} ·{' '}
        {entry.presenceConfirmed
          ? t('vaccinator.presence.confirmed')
          : t('vaccinator.presence.scanToConfirm')}
      </p>
      {entry.presenceConfirmed && vialId === null ? <p>{t('vaccinator.vial.none')}</p> : null}
      {entry.presenceConfirmed && preview ? (
        <dl className="recipient" data-testid="vaccinator-dose-preview">
          <dt>{t('vaccinator.dose.number')}</dt>
          <dd>{preview.doseNumber}</dd>
          <dt>{t('vaccinator.dose.product')}</dt>
          <dd>{preview.productName}</dd>
          <dt>{t('vaccinator.dose.age')}</dt>
          <dd>{t('vaccinator.dose.years', { years: preview.ageYears })}</dd>
          <dt>{t('vaccinator.dose.eligibility')}</dt>
          <dd className={preview.eligible ? undefined : 'error'}>
            {preview.refusal === null
              ? t('vaccinator.dose.eligible')
              : pick(preview.refusal.message)}
          </dd>
        </dl>
      ) : null}
      {entry.presenceConfirmed && deferring ? (
        <form onSubmit={onDefer}>
          <div className="field">
            <label htmlFor="screening-reason">{t('vaccinator.screening.reason')}</label>
            <input
              id="screening-reason"
              required
              autoFocus
              autoComplete="off"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <ErrorNote text={error} />
          <button type="submit" disabled={busy}>
            {t('vaccinator.screening.defer')}
          </button>
          <button type="button" className="secondary" onClick={() => setDeferring(false)}>
            {t('vaccinator.screening.back')}
          </button>
        </form>
      ) : null}
      {entry.presenceConfirmed && !deferring ? (
        <form onSubmit={onRecord} aria-labelledby="vaccinator-dose-title">
          <h4 id="vaccinator-dose-title">{t('vaccinator.dose.title')}</h4>
          <p id="vaccinator-screening-question">{t('vaccinator.screening.question')}</p>
          <div className="field inline-field">
            <label htmlFor="dose-site">{t('vaccinator.dose.site')}</label>
            <select
              id="dose-site"
              value={site}
              onChange={(event) => setSite(event.target.value as Site)}
            >
              {SITES.map((option) => (
                <option key={option} value={option}>
                  {t(`vaccinator.site.${option}`)}
                </option>
              ))}
            </select>
          </div>
          <ErrorNote text={error} />
          <button
            type="submit"
            ref={recordButton}
            aria-describedby="vaccinator-screening-question"
            disabled={busy || vialId === null || preview === null || !preview.eligible}
          >
            {t('vaccinator.dose.submit')}
          </button>
          <button type="button" className="secondary" onClick={() => setDeferring(true)}>
            {t('vaccinator.screening.no')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The vials open today with doses left; the chosen one gives the next dose. */
function VialList({
  vials,
  vialId,
  onChoose,
}: {
  vials: Vial[];
  vialId: string | null;
  onChoose(vialId: string): void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="vials">
      <legend>{t('vaccinator.vial.inUse')}</legend>
      {vials.length === 0 ? (
        <p>{t('vaccinator.vial.none')}</p>
      ) : (
        vials.map((vial) => (
          <label key={vial.vialId} className="choice">
            <input
              type="radio"
              name="vial-in-use"
              checked={vial.vialId === vialId}
              onChange={() => onChoose(vial.vialId)}
            />
            {t('vaccinator.vial.option', {
              product: vial.productName,
              lot: vial.lot,
              expiry: formatDate(vial.expiry),
              drawn: vial.dosesDrawn,
              perVial: vial.dosesPerVial,
            })}
          </label>
        ))
      )}
    </fieldset>
  );
}
