import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote } from '../Field';
import { useSubmit } from '../useSubmit';

type ClockStatus = ChannelOutput<'clock.status'>;

/**
 * The console's trusted time as it runs on: its last reading, plus the time since in this page, so
 * the date and time a manager confirms are the ones shown now.
 */
export function useConsoleClock(): { status: ClockStatus | undefined; now(): number } {
  const [reading, setReading] = useState<{ status: ClockStatus; at: number }>();
  const [, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void window.ppv.invoke('clock.status', {}).then((result) => {
      if (live && result.ok) setReading({ status: result.value, at: performance.now() });
    });
    const stop = window.ppv.on('clock.changed', (status) =>
      setReading({ status, at: performance.now() }),
    );
    const ticking = setInterval(() => setTick((tick) => tick + 1), 10_000);
    return () => {
      live = false;
      stop();
      clearInterval(ticking);
    };
  }, []);
  return {
    status: reading?.status,
    now: () =>
      reading ? reading.status.correctedNow + Math.round(performance.now() - reading.at) : 0,
  };
}

/** The date and time shown, with the box the manager ticks to confirm them. */
export function ConfirmShownTime({
  id,
  at,
  confirmed,
  onChange,
}: {
  id: string;
  at: number;
  confirmed: boolean;
  onChange(confirmed: boolean): void;
}) {
  const { t } = useI18n();
  return (
    <div>
      <p>
        {t('manager.clock.shown')} <strong data-testid={`${id}-shown`}>{formatDateTime(at)}</strong>
      </p>
      <label className="choice">
        <input
          id={id}
          type="checkbox"
          required
          checked={confirmed}
          onChange={(event) => onChange(event.target.checked)}
        />
        {t('manager.clock.confirmShown')}
      </label>
    </div>
  );
}

/**
 * Shown only when the PC clock jumped while the console ran: dose recording stands still until MyVAS
 * time is measured again or the manager confirms the date and time shown.
 */
export function ClockPanel() {
  const { t } = useI18n();
  const clock = useConsoleClock();
  if (clock.status?.stopReason !== 'jumped') return null;
  const minutes = Math.round(Math.abs(clock.status.jumpedByMs ?? 0) / 60_000);
  return (
    <section aria-labelledby="manager-clock-title" className="notice">
      <h3 id="manager-clock-title">{t('manager.clock.jumpedTitle')}</h3>
      <p>{t('manager.clock.jumped', { minutes })}</p>
      <ConfirmJump now={clock.now} />
    </section>
  );
}

function ConfirmJump({ now }: { now(): number }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [confirmed, setConfirmed] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('clock.confirm', { confirmedTime: now() });
    });
  }

  return (
    <form onSubmit={onSubmit}>
      <ConfirmShownTime
        id="manager-clock-jump"
        at={now()}
        confirmed={confirmed}
        onChange={setConfirmed}
      />
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('manager.clock.confirm')}
      </button>
    </form>
  );
}
