import { toDataURL } from 'qrcode';
import { maskDocNumber } from '../../../electron/contract/vocabulary';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { malaysiaTime } from './queue';
import { slipQrText } from './slip';

/** What a printed slip shows: who, which document, and today's place in the queue. */
export interface SlipDetails {
  fullName: string;
  docNumber: string;
  registeredAt: number;
  slipToken: string;
}

const malaysiaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Kuala_Lumpur',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The recipient slip after a registration, with its QR code; only the slip prints. */
export function RecipientSlip({ slip }: { slip: SlipDetails }) {
  const { t } = useI18n();
  const qrText = slipQrText(slip.slipToken);
  const [qrImage, setQrImage] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setQrImage(null);
    void toDataURL(qrText, { errorCorrectionLevel: 'M', margin: 2, width: 192 }).then((url) => {
      if (current) setQrImage(url);
    });
    return () => {
      current = false;
    };
  }, [qrText]);

  return (
    <section aria-labelledby="desk-slip-title" className="panel slip">
      <h3 id="desk-slip-title">{t('desk.slip.title')}</h3>
      <dl className="recipient">
        <dt>{t('desk.queue.name')}</dt>
        <dd>{slip.fullName}</dd>
        <dt>{t('desk.recipient.document')}</dt>
        <dd>{maskDocNumber(slip.docNumber)}</dd>
        <dt>{t('desk.slip.date')}</dt>
        <dd>{malaysiaDay.format(slip.registeredAt)}</dd>
        <dt>{t('desk.slip.queuedAt')}</dt>
        <dd>{malaysiaTime(slip.registeredAt)}</dd>
      </dl>
      {qrImage ? (
        <img
          className="slip-qr"
          src={qrImage}
          alt={t('desk.slip.qr')}
          data-slip-text={qrText}
          width={192}
          height={192}
        />
      ) : null}
      <button type="button" className="slip-print" onClick={() => window.print()}>
        {t('desk.slip.print')}
      </button>
    </section>
  );
}
