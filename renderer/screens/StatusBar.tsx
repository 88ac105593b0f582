import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../electron/contract';
import { formatDate, formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { useLive } from './useLive';

type SessionUser = ChannelOutput<'auth.session'>;

/**
 * Always at the bottom: the desk's name (at a desk paired with the hub), who is signed in, the day, the
 * devices, the upload, whether MyVAS's anchors confirm the audit log, the clock, a MyVAS change and a
 * backup warning.
 */
export function StatusBar({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const day = useLive('day.current', 'day.changed', (payload) => payload);
  const devices = useLive('device.status', 'device.changed', (payload) => payload);
  const upload = useLive('upload.status', 'upload.changed', (payload) => payload);
  const clock = useLive('clock.status', 'clock.changed', (payload) => payload);
  const backup = useLive('backup.status', 'backup.changed', (payload) => payload);
  const anchors = useLive('audit.anchorStatus', 'audit.anchorChanged', (payload) => payload);
  const [deskName, setDeskName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void window.ppv.invoke('station.identity', {}).then((result) => {
      if (live && result.ok) setDeskName(result.value.deskName);
    });
    return () => {
      live = false;
    };
  }, []);

  const ready = devices?.filter((device) => device.state === 'ready').length ?? 0;
  // How far off the clock is: its offset to MyVAS, how far it jumped, or how far behind the records.
  const offMs =
    clock?.stopReason === 'jumped'
      ? clock.jumpedByMs
      : clock?.stopReason === 'behind-records'
        ? (clock.latestRecordedAt ?? clock.correctedNow) - clock.correctedNow
        : clock?.offsetMs;
  const minutes = Math.round(Math.abs(offMs ?? 0) / 60_000);

  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      {deskName !== null && (
        <span data-testid="status-desk">{t('status.desk', { name: deskName })}</span>
      )}
      <span>{t('status.user', { name: user.fullName })}</span>
      <span data-testid="status-day">
        {day === undefined
          ? ''
          : day === null
            ? t('status.day.none')
            : t(day.state === 'open' ? 'status.day.open' : 'status.day.sealed', {
                date: formatDate(day.sessionDate),
              })}
      </span>
      <span data-testid="status-devices">
        {devices === undefined
          ? ''
          : devices.length === 0
            ? t('status.devices.none')
            : t('status.devices', { ready, total: devices.length })}
      </span>
      <span data-testid="status-upload">
        {upload === undefined
          ? ''
          : upload.state === 'waiting'
            ? t('status.upload.waiting', { batches: upload.batchesToUpload })
            : t(`status.upload.${upload.state}`)}
      </span>
      <span
        data-testid="status-audit"
        className={anchors?.state === 'conflict' ? 'alarm' : undefined}
      >
        {anchors === undefined ? '' : t(`status.audit.${anchors.state}`)}
      </span>
      <span data-testid="status-clock" className={clock?.state === 'stop' ? 'alarm' : undefined}>
        {clock === undefined ? '' : t(`status.clock.${clock.state}`, { minutes })}
      </span>
      <MyvasChange />
      {backup !== undefined && backup.warning !== 'none' ? (
        <span data-testid="status-backup" className="alarm">
          {t(`status.backup.${backup.warning}`)}
        </span>
      ) : null}
    </footer>
  );
}

/** A change of the MyVAS address or token, on every desk for the 24 hours after it. */
function MyvasChange() {
  const { t } = useI18n();
  const change = useLive('ppv.myvasChange', 'ppv.myvasChanged', (payload) => payload);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setExpired(false);
    if (!change) return;
    const timer = setTimeout(() => setExpired(true), change.showForMs);
    return () => clearTimeout(timer);
  }, [change]);
  if (!change || expired) return null;
  return (
    <span data-testid="status-myvas" className="alarm">
      {t('status.myvasChanged', {
        at: formatDateTime(change.changedAt),
        by: change.changedBy,
        approver: change.approvedBy,
      })}
    </span>
  );
}
