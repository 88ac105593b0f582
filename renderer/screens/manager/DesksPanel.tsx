import { toDataURL } from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

type DeskView = ChannelOutput<'hub.desks'>[number];
type PairingCode = ChannelOutput<'hub.issuePairingCode'>;

/**
 * At the hub only: a pairing code (with its QR) for the next desk, the desks paired so far with when
 * each was last seen, and revoking one. A desk's own screens do not show it.
 */
export function DesksPanel() {
  const { t } = useI18n();
  const [atHub, setAtHub] = useState(false);
  const [desks, setDesks] = useState<DeskView[]>([]);

  useEffect(() => {
    let live = true;
    const load = () =>
      call('hub.desks', {}).then(
        (list) => live && setDesks(list),
        () => undefined,
      );
    void call('station.identity', {}).then((station) => {
      if (!live || station.role !== 'hub') return;
      setAtHub(true);
      void load();
    });
    const stop = window.ppv.on('hub.desksChanged', () => void load());
    return () => {
      live = false;
      stop();
    };
  }, []);

  if (!atHub) return null;
  return (
    <section aria-labelledby="manager-desks-title">
      <h3 id="manager-desks-title">{t('manager.desks.title')}</h3>
      <PairingCodeForm />
      {desks.length === 0 ? (
        <p>{t('manager.desks.none')}</p>
      ) : (
        <ul className="desks">
          {desks.map((desk) => (
            <DeskItem key={desk.deskId} desk={desk} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PairingCodeForm() {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [issued, setIssued] = useState<PairingCode | null>(null);
  const [qrImage, setQrImage] = useState<string | null>(null);

  useEffect(() => {
    if (issued === null) return;
    let current = true;
    void toDataURL(issued.pairingLink, { errorCorrectionLevel: 'M', margin: 2, width: 192 }).then(
      (url) => current && setQrImage(url),
    );
    return () => {
      current = false;
    };
  }, [issued]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => setIssued(await call('hub.issuePairingCode', {})));
  }

  return (
    <form onSubmit={onSubmit}>
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('manager.desks.issue')}
      </button>
      {issued && (
        <div data-testid="manager-pairing">
          <p>
            {t('manager.desks.code')}{' '}
            <strong data-testid="manager-pairing-code">{issued.code}</strong>{' '}
            {t('manager.desks.expires', { time: formatDateTime(issued.expiresAt) })}
          </p>
          <p>
            {t('manager.desks.address')} <strong>{issued.hubUrls.join(', ')}</strong>
          </p>
          <p>
            {t('manager.desks.fingerprint')}{' '}
            <strong className="fingerprint" data-testid="manager-pairing-fingerprint">
              {issued.caFingerprint}
            </strong>
          </p>
          {qrImage && <img src={qrImage} alt={t('manager.desks.qr', { code: issued.code })} />}
        </div>
      )}
    </form>
  );
}

function DeskItem({ desk }: { desk: DeskView }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [reason, setReason] = useState('');
  const state =
    desk.revokedAt !== null
      ? t(desk.revokedAsCopied ? 'manager.desks.revokedAsCopied' : 'manager.desks.revoked', {
          time: formatDateTime(desk.revokedAt),
        })
      : desk.connected
        ? t('manager.desks.connected')
        : desk.lastSeenAt === null
          ? t('manager.desks.neverSeen')
          : t('manager.desks.lastSeen', { time: formatDateTime(desk.lastSeenAt) });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('hub.revokeDesk', { deskId: desk.deskId, reason });
    });
  }

  return (
    <li data-testid="manager-desk">
      <strong>{desk.name}</strong>: {state}
      {desk.revokedAt === null && (
        <form onSubmit={onSubmit}>
          <Field
            id={`desk-revoke-${desk.deskId}`}
            label={t('manager.desks.reason', { name: desk.name })}
            value={reason}
            required
            onChange={(event) => setReason(event.target.value)}
          />
          <ErrorNote text={error} />
          <button type="submit" disabled={busy}>
            {t('manager.desks.revoke', { name: desk.name })}
          </button>
        </form>
      )}
    </li>
  );
}
