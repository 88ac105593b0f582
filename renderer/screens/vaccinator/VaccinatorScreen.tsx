import { useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import type { ScanResult } from '../../../electron/contract/scan';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { createWedgeDetector } from '../../scan/wedge';
import { malaysiaTime, useWaitingQueue, type QueueEntry } from '../desk/queue';
import { ErrorNote } from '../Field';
import { useSubmit } from '../useSubmit';
import { ObservationPanel, useObservations } from './ObservationPanel';
import { QueueWindow } from './QueueWindow';

type Vial = ChannelOutput<'vial.list'>['items'][number];
type PresenceMethod = 'MYKAD' | 'SLIP_QR';
type Site = ChannelOutput<'dose.record'>['site'];

const PRESENCE_METHODS: readonly PresenceMethod[] = ['MYKAD', 'SLIP_QR'];
const SITES: readonly Site[] = ['L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH'];
const VIAL_PAGE = 100;

const usable = (vial: Vial) => !vial.reconciled && vial.dosesDrawn < vial.dosesPerVial;

/**
 * The vaccinator's station: pick who is next, confirm they are here, screen them, open a vial,
 * record the dose, and watch everyone in observation until they may go.
 */
export function VaccinatorScreen() {
  const { t } = useI18n();
  const queue = useWaitingQueue({ whole: true });
  const observations = useObservations();
  const [picked, setPicked] = useState<QueueEntry | null>(null);
  const [vials, setVials] = useState<Vial[]>([]);
  const [vialId, setVialId] = useState<string | null>(null);
  const [recorded, setRecorded] = useState('');
  const [focusWork, setFocusWork] = useState(false);
  // Screening answers are not stored: a 'yes' only opens the dose form for this registration.
  const [screenedId, setScreenedId] = useState<string | null>(null);
  const selectedId = picked?.registrationId ?? null;
  const live = queue.entries.find((entry) => entry.registrationId === selectedId);
  // The recipient stays on screen if they leave the queue elsewhere (the day closed, say), so a
  // dose attempted then is refused with its reason instead of the form vanishing under the hand.
  const selected = live ?? picked;
  useEffect(() => {
    if (live) setPicked(live);
  }, [live]);

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
  }, []);

  return (
    <section aria-labelledby="vaccinator-title" className="vaccinator">
      <h2 id="vaccinator-title">{t('vaccinator.title')}</h2>
      <div className="station">
        <QueueWindow
          entries={queue.entries}
          selectedId={selectedId}
          onSelect={(id, moveFocus) => {
            setRecorded('');
            setFocusWork(moveFocus);
            setPicked(queue.entries.find((entry) => entry.registrationId === id) ?? null);
          }}
        />
        <div className="station-work">
          <p role="status" className="notice">
            {recorded}
          </p>
          {selected ? (
            <section aria-labelledby="vaccinator-recipient-title">
              <h3 id="vaccinator-recipient-title">
                {t('vaccinator.recipient.title', { name: selected.fullName })}
              </h3>
              <Presence
                key={selected.registrationId}
                entry={selected}
                autoFocus={focusWork}
                onConfirmed={async () => {
                  setFocusWork(true);
                  await queue.reload();
                }}
              />
              {selected.presenceConfirmed && screenedId !== selected.registrationId ? (
                <Screening
                  key={`screening-${selected.registrationId}`}
                  entry={selected}
                  autoFocus={focusWork}
                  onCleared={() => setScreenedId(selected.registrationId)}
                  onDeferred={async (text) => {
                    setRecorded(text);
                    setPicked(null);
                    await queue.reload();
                  }}
                />
              ) : null}
            </section>
          ) : (
            <p>{t('vaccinator.recipient.none')}</p>
          )}
          <VialPanel
            vials={vials}
            vialId={vialId}
            onChoose={setVialId}
            onOpened={async (opened) => {
              await loadVials();
              setVialId(opened.vialId);
            }}
          />
          {selected?.presenceConfirmed && screenedId === selected.registrationId ? (
            <DoseForm
              key={selected.registrationId}
              entry={selected}
              vialId={vialId}
              onRecorded={async (text) => {
                setRecorded(text);
                setPicked(null);
                await Promise.all([queue.reload(), loadVials(), observations.reload()]);
              }}
            />
          ) : null}
          <ObservationPanel
            items={observations.items}
            onReleased={async (text) => {
              setRecorded(text);
              await observations.reload();
            }}
          />
        </div>
      </div>
    </section>
  );
}

function Presence({
  entry,
  autoFocus,
  onConfirmed,
}: {
  entry: QueueEntry;
  autoFocus: boolean;
  onConfirmed(): Promise<void>;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [method, setMethod] = useState<PresenceMethod>('MYKAD');
  const [scanned, setScanned] = useState('');

  if (entry.presenceConfirmed) return <p>{t('vaccinator.presence.confirmed')}</p>;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('presence.confirm', { registrationId: entry.registrationId, method, scanned });
      await onConfirmed();
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="vaccinator-presence-title">
      <h4 id="vaccinator-presence-title">{t('vaccinator.presence.title')}</h4>
      <fieldset>
        <legend>{t('vaccinator.presence.method')}</legend>
        {PRESENCE_METHODS.map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name="presence-method"
              checked={method === option}
              onChange={() => setMethod(option)}
            />
            {t(`vaccinator.presence.${option}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="presence-scanned">{t('vaccinator.presence.scanned')}</label>
        <input
          id="presence-scanned"
          required
          autoFocus={autoFocus}
          autoComplete="off"
          value={scanned}
          onChange={(event) => setScanned(event.target.value)}
        />
      </div>
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('vaccinator.presence.submit')}
      </button>
    </form>
  );
}

/**
 * The question asked before every dose. "No" defers the recipient with a reason; "yes" lets the dose
 * form open. The answer itself is not recorded.
 */
function Screening({
  entry,
  autoFocus,
  onCleared,
  onDeferred,
}: {
  entry: QueueEntry;
  autoFocus: boolean;
  onCleared(): void;
  onDeferred(text: string): Promise<void>;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [deferring, setDeferring] = useState(false);
  const [reason, setReason] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('registration.setOutcome', {
        registrationId: entry.registrationId,
        outcome: 'deferred',
        reason,
      });
      await onDeferred(t('vaccinator.screening.deferred', { name: entry.fullName }));
    });
  }

  return (
    <section aria-labelledby="vaccinator-screening-title">
      <h4 id="vaccinator-screening-title">{t('vaccinator.screening.title')}</h4>
      <p id="vaccinator-screening-question">{t('vaccinator.screening.question')}</p>
      {deferring ? (
        <form onSubmit={onSubmit}>
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
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setDeferring(false)}>
            {t('vaccinator.screening.back')}
          </button>
        </form>
      ) : (
        <div role="group" aria-labelledby="vaccinator-screening-question">
          <button type="button" autoFocus={autoFocus} onClick={onCleared}>
            {t('vaccinator.screening.yes')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setDeferring(true)}>
            {t('vaccinator.screening.no')}
          </button>
        </div>
      )}
    </section>
  );
}

/** What the screen says about a scanned code that is not an openable vial. */
function useRefusalText() {
  const { t, language } = useI18n();
  return (result: Exclude<ScanResult, { kind: 'vial' }>): string => {
    if (result.kind !== 'refused' || result.looksLike !== 'vial')
      return t('vaccinator.vial.notVial');
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

function VialPanel({
  vials,
  vialId,
  onChoose,
  onOpened,
}: {
  vials: Vial[];
  vialId: string | null;
  onChoose(vialId: string): void;
  onOpened(vial: Vial): Promise<void>;
}) {
  const { t } = useI18n();
  const detector = useMemo(() => createWedgeDetector(), []);
  const { error, submit } = useSubmit();
  const refusalText = useRefusalText();
  const [value, setValue] = useState('');
  const [read, setRead] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [opened, setOpened] = useState('');

  function take(text: string) {
    setValue('');
    setRead('');
    setOpened('');
    setRefusal(null);
    if (text.trim() === '') return;
    void submit(async () => {
      const result = await call('scan.classify', { text });
      if (result.kind !== 'vial') {
        setRefusal(refusalText(result));
        return;
      }
      setRead(
        t('vaccinator.vial.read', { gtin: result.gtin, lot: result.lot, expiry: result.expiry }),
      );
      const vial = await call('vial.open', {
        gtin: result.gtin,
        lot: result.lot,
        expiry: result.expiry,
        serial: result.serial,
      });
      setOpened(
        t('vaccinator.vial.opened', {
          product: vial.productName,
          lot: vial.lot,
          expiry: vial.expiry,
        }),
      );
      await onOpened(vial);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const verdict = detector.key(event.key, event.timeStamp);
    if (verdict.kind === 'scan') {
      event.preventDefault();
      take(verdict.text);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      take(value);
    }
  }

  return (
    <section aria-labelledby="vaccinator-vial-title">
      <h3 id="vaccinator-vial-title">{t('vaccinator.vial.title')}</h3>
      <div className="field">
        <label htmlFor="vial-scan">{t('vaccinator.vial.scan')}</label>
        <input
          id="vial-scan"
          autoComplete="off"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <p data-testid="vial-read">{read}</p>
      <ErrorNote text={refusal ?? error} />
      <p role="status">{opened}</p>
      <fieldset>
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
                expiry: vial.expiry,
                drawn: vial.dosesDrawn,
                perVial: vial.dosesPerVial,
              })}
            </label>
          ))
        )}
      </fieldset>
    </section>
  );
}

function DoseForm({
  entry,
  vialId,
  onRecorded,
}: {
  entry: QueueEntry;
  vialId: string | null;
  onRecorded(text: string): Promise<void>;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [site, setSite] = useState<Site>('L_DELTOID');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (vialId === null) return;
    void submit(async () => {
      const dose = await call('dose.record', {
        registrationId: entry.registrationId,
        vialId,
        administeredAt: Date.now(),
        site,
      });
      await onRecorded(
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

  return (
    <form onSubmit={onSubmit} aria-labelledby="vaccinator-dose-title">
      <h3 id="vaccinator-dose-title">{t('vaccinator.dose.title')}</h3>
      <div className="field">
        <label htmlFor="dose-site">{t('vaccinator.dose.site')}</label>
        <select
          id="dose-site"
          autoFocus
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
      <ErrorNote text={vialId === null ? t('vaccinator.vial.none') : error} />
      <button type="submit" disabled={busy || vialId === null}>
        {t('vaccinator.dose.submit')}
      </button>
    </form>
  );
}
