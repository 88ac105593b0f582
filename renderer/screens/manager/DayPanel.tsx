import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call, PpvError } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useLive } from '../useLive';
import { useSubmit } from '../useSubmit';
import { ConfirmShownTime, useConsoleClock } from './ClockPanel';
import { DailyReports } from './DailyReport';
import { DayCharts } from './DayCharts';
import { DosesPanel, type DoseItem } from './DosesPanel';

type Day = NonNullable<ChannelOutput<'day.current'>>;
type CloseOut = ChannelOutput<'day.closeOutSummary'>;
type Blocker = CloseOut['blockers'][number];
type Hours = ChannelOutput<'day.dosesByHour'>['hours'];
type Batch = ChannelOutput<'day.close'>;

/** Today's day: open it, then follow it in charts and in its list of doses (voiding one). */
export function DayPanel() {
  const { t } = useI18n();
  const day = useLive('day.current', 'day.changed', (payload) => payload);
  const [justOpened, setJustOpened] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);

  // The day's event may come before `day.open` answers: focus once the opening is known.
  useEffect(() => {
    if (justOpened && day) title.current?.focus();
  }, [justOpened, day]);

  if (day === undefined) return null;
  if (day === null) return <OpenDayForm onOpened={() => setJustOpened(true)} />;
  const location = day.outreachLocation;
  return (
    <section aria-labelledby="manager-day-title">
      <h3 id="manager-day-title" ref={title} tabIndex={-1}>
        {t('manager.day.title')}
      </h3>
      <p>
        {t('manager.day.isOpen', {
          date: formatDate(day.sessionDate),
          time: formatDateTime(day.openedAt),
        })}{' '}
        {location && t('manager.day.at', location)}
      </p>
      <OpenedClock clock={day.openedClock} />
      <DayActivity dayId={day.dayId} />
    </section>
  );
}

/** The open day by hour and by product, and its doses, refreshed as the queue moves. */
function DayActivity({ dayId }: { dayId: string }) {
  const [hours, setHours] = useState<Hours>([]);
  const [byProduct, setByProduct] = useState<CloseOut['dosesByProduct']>([]);
  const [doses, setDoses] = useState<readonly DoseItem[]>([]);

  async function refresh(): Promise<void> {
    const [summary, byHour, list] = await Promise.all([
      window.ppv.invoke('day.closeOutSummary', {}),
      window.ppv.invoke('day.dosesByHour', {}),
      window.ppv.invoke('dose.list', { cursor: null, limit: 100 }),
    ]);
    setByProduct(summary.ok ? summary.value.dosesByProduct : []);
    setHours(byHour.ok ? byHour.value.hours : []);
    setDoses(list.ok ? list.value.items : []);
  }

  useEffect(() => {
    void refresh();
    return window.ppv.on('queue.changed', () => void refresh());
  }, [dayId]);

  return (
    <div className="columns">
      <DayCharts hours={hours} byProduct={byProduct} />
      <div className="scroll-column">
        <DosesPanel doses={doses} onVoided={() => void refresh()} />
      </div>
    </div>
  );
}

/**
 * The close-out of the open day: its counts, what blocks closing it, and closing and sealing it; and
 * the daily report of a sealed day.
 */
export function CloseOutPanel() {
  const { t } = useI18n();
  const day = useLive('day.current', 'day.changed', (payload) => payload);
  const [sealed, setSealed] = useState<Batch | null>(null);
  const sealedNote = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (sealed) sealedNote.current?.focus();
  }, [sealed]);

  return (
    <section aria-labelledby="manager-close-title">
      <h3 id="manager-close-title">{t('manager.closeOut.title')}</h3>
      {sealed && (
        <p ref={sealedNote} tabIndex={-1} className="notice" data-testid="manager-sealed">
          {t('manager.day.sealed', {
            date: formatDate(sealed.sessionDate),
            time: formatDateTime(sealed.closedAt),
            count: sealed.recordCount,
          })}
        </p>
      )}
      {day === null ? <p>{t('manager.day.none')}</p> : null}
      {day ? <CloseOut day={day} onSealed={setSealed} /> : null}
      <DailyReports sealedDayId={sealed?.dayId ?? null} />
    </section>
  );
}

function OpenDayForm({ onOpened }: { onOpened(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [channel, setChannel] = useState<'walk-in' | 'outreach'>('walk-in');
  const [location, setLocation] = useState({ place: '', district: '', state: '' });
  const clock = useConsoleClock();
  const [timeConfirmed, setTimeConfirmed] = useState(false);
  // Without MyVAS time measured lately, the manager confirms the date and time shown.
  const mustConfirmTime = clock.status !== undefined && !clock.status.fresh;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const confirmedTime = mustConfirmTime ? clock.now() : null;
      await call(
        'day.open',
        channel === 'walk-in'
          ? { channel, confirmedTime }
          : { channel, outreachLocation: location, confirmedTime },
      );
      onOpened();
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="manager-open-title">
      <p>{t('manager.day.none')}</p>
      <h4 id="manager-open-title">{t('manager.day.openTitle')}</h4>
      <fieldset>
        <legend>{t('manager.day.channel')}</legend>
        {(['walk-in', 'outreach'] as const).map((kind) => (
          <label key={kind} className="choice">
            <input
              type="radio"
              name="day-channel"
              value={kind}
              checked={channel === kind}
              onChange={() => setChannel(kind)}
            />
            {t(kind === 'walk-in' ? 'manager.day.walkIn' : 'manager.day.outreach')}
          </label>
        ))}
      </fieldset>
      {channel === 'outreach' && (
        <>
          <Field
            id="day-place"
            label={t('manager.day.place')}
            required
            value={location.place}
            onChange={(event) => setLocation({ ...location, place: event.target.value })}
          />
          <Field
            id="day-district"
            label={t('manager.day.district')}
            required
            value={location.district}
            onChange={(event) => setLocation({ ...location, district: event.target.value })}
          />
          <Field
            id="day-state"
            label={t('manager.day.state')}
            required
            value={location.state}
            onChange={(event) => setLocation({ ...location, state: event.target.value })}
          />
        </>
      )}
      {mustConfirmTime && (
        <fieldset>
          <legend>{t('manager.clock.openTitle')}</legend>
          <p>{t('manager.clock.notMeasured')}</p>
          <ConfirmShownTime
            id="manager-open-clock"
            at={clock.now()}
            confirmed={timeConfirmed}
            onChange={setTimeConfirmed}
          />
        </fieldset>
      )}
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('manager.day.open')}
      </button>
    </form>
  );
}

function CloseOut({ day, onSealed }: { day: Day; onSealed(batch: Batch): void }) {
  const { t, pick } = useI18n();
  const [summary, setSummary] = useState<CloseOut | null>(null);
  const [busy, setBusy] = useState(false);
  // A refusal to close, kept only while what it said still holds: as many blockers, or more.
  const [refusal, setRefusal] = useState<{ text: string; blockers: number } | null>(null);

  async function refresh(): Promise<CloseOut | null> {
    const result = await window.ppv.invoke('day.closeOutSummary', {});
    const latest = result.ok ? result.value : null;
    setSummary(latest);
    return latest;
  }

  useEffect(() => {
    if (refusal && (summary === null || summary.blockers.length < refusal.blockers)) {
      setRefusal(null);
    }
  }, [summary]);

  useEffect(() => {
    void refresh();
    return window.ppv.on('queue.changed', () => void refresh());
  }, [day.dayId]);

  function onClose(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    call('day.close', {})
      .then(onSealed, async (refused: unknown) => {
        const latest = await refresh();
        setRefusal({
          text: refused instanceof PpvError ? pick(refused.text) : t('error.disconnected'),
          blockers: latest?.blockers.length ?? 0,
        });
      })
      .finally(() => setBusy(false));
  }

  return (
    <div className="columns">
      {summary && (
        <div>
          <dl className="counts">
            {(
              [
                ['manager.closeOut.registrations', summary.registrations],
                ['manager.closeOut.vialsOpened', summary.vialsOpened],
                ['manager.closeOut.dosesDrawn', summary.dosesDrawn],
                ['manager.closeOut.wastage', summary.wastage],
                ['manager.closeOut.voids', summary.voids],
              ] as const
            ).map(([key, value]) => (
              <div key={key}>
                <dt>{t(key)}</dt>
                <dd data-testid={key}>{value}</dd>
              </div>
            ))}
          </dl>
          <h4>{t('manager.closeOut.dosesTitle')}</h4>
          {summary.dosesByProduct.length === 0 ? (
            <p>{t('manager.closeOut.noDoses')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('manager.closeOut.product')}</th>
                  <th scope="col">{t('manager.closeOut.doseNumber')}</th>
                  <th scope="col">{t('manager.closeOut.count')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.dosesByProduct.map((row) => (
                  <tr key={`${row.productCode}:${row.doseNumber}`}>
                    <td>{row.productCode}</td>
                    <td>{row.doseNumber}</td>
                    <td>{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <div className="scroll-column">
        {summary && <Blockers blockers={summary.blockers} onSettled={() => void refresh()} />}
        <form onSubmit={onClose}>
          <ErrorNote text={refusal?.text ?? null} />
          <button type="submit" disabled={busy}>
            {t('manager.closeOut.close')}
          </button>
        </form>
      </div>
    </div>
  );
}

/** How the clock was trusted when the day opened: MyVAS, or the manager's confirmation. */
function OpenedClock({ clock }: { clock: Day['openedClock'] }) {
  const { t } = useI18n();
  if (clock.basis === null) return null;
  return (
    <p data-testid="manager-opened-clock">
      {clock.basis === 'measured'
        ? t('manager.day.clockMeasured')
        : t('manager.day.clockConfirmed', {
            staffId: clock.confirmedBy ?? '—',
            time: clock.confirmedTime === null ? '—' : formatDateTime(clock.confirmedTime),
          })}
    </p>
  );
}

/**
 * What stops the close, each naming the person or vial, with what settles it: everyone still waiting
 * marked as left at once with one reason, an observation ended, a vial reconciled.
 */
function Blockers({ blockers, onSettled }: { blockers: readonly Blocker[]; onSettled(): void }) {
  const { t } = useI18n();
  const waiting = blockers.filter((blocker) => blocker.kind === 'incomplete-registration');
  return (
    <>
      <h4 id="manager-blockers-title">{t('manager.closeOut.blockersTitle')}</h4>
      {blockers.length === 0 ? (
        <p data-testid="manager-no-blockers">{t('manager.closeOut.noBlockers')}</p>
      ) : (
        <ul aria-labelledby="manager-blockers-title" className="blockers">
          {blockers.map((blocker) => (
            <BlockerItem
              key={`${blocker.kind}:${blocker.id}`}
              blocker={blocker}
              onSettled={onSettled}
            />
          ))}
        </ul>
      )}
      {waiting.length > 0 ? <MarkAllLeft waiting={waiting} onSettled={onSettled} /> : null}
    </>
  );
}

/** Everyone still waiting, marked as left with one reason. */
function MarkAllLeft({ waiting, onSettled }: { waiting: readonly Blocker[]; onSettled(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [reason, setReason] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      try {
        for (const blocker of waiting) {
          await call('registration.setOutcome', {
            registrationId: blocker.id,
            outcome: 'left',
            reason,
          });
        }
      } finally {
        onSettled();
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="inline">
      <Field
        id="blocker-all-left-reason"
        label={t('manager.blocker.allLeftReason', { count: waiting.length })}
        required
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('manager.blocker.markAllLeft', { count: waiting.length })}
      </button>
    </form>
  );
}

/**
 * One blocker in words, with what settles it: an observation is ended, a vial is reconciled with
 * the doses wasted from it (proposed: the doses it still holds). Those waiting are settled together.
 */
function BlockerItem({ blocker, onSettled }: { blocker: Blocker; onSettled(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [wasted, setWasted] = useState(String(blocker.dosesLeft ?? 0));
  const named = blocker.person === null ? blocker.label : `${blocker.person} (${blocker.label})`;
  const fieldId = `blocker-field-${blocker.id}`;

  function settle(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      if (blocker.kind === 'in-observation') {
        await call('observation.release', { doseId: blocker.id, adverseEventNote: null });
      } else if (blocker.kind === 'unreconciled-vial') {
        await call('vial.reconcile', { vialId: blocker.id, dosesWasted: Number(wasted) });
      }
      onSettled();
    });
  }

  return (
    <li>
      {t(`manager.blocker.${blocker.kind}`, { label: named })}
      {blocker.kind === 'in-observation' && (
        <form onSubmit={settle} className="inline">
          <ErrorNote text={error} />
          <button type="submit" disabled={busy}>
            {t('manager.blocker.release', { label: named })}
          </button>
        </form>
      )}
      {blocker.kind === 'unreconciled-vial' && (
        <form onSubmit={settle} className="inline">
          <Field
            id={fieldId}
            label={t('manager.blocker.wasted', { label: blocker.label })}
            type="number"
            min={0}
            max={50}
            required
            value={wasted}
            onChange={(event) => setWasted(event.target.value)}
          />
          <ErrorNote text={error} />
          <button type="submit" disabled={busy}>
            {t('manager.blocker.reconcile', { label: blocker.label })}
          </button>
        </form>
      )}
    </li>
  );
}
