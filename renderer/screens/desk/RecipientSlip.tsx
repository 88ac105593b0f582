import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ChannelOutput } from '../../../electron/contract';
import { maskDocNumber } from '../../../electron/contract/vocabulary';
import { formatDate, formatInstantDate, formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { slipQrText } from './slip';

type NextDose = ChannelOutput<'recipient.get'>['nextDose'];

/** What a printed slip shows: where, who, their place in the queue, and the dose they came for. */
export interface SlipDetails {
  ppvName: string;
  fullName: string;
  docNumber: string;
  registeredAt: number;
  queueNumber: number;
  slipToken: string;
  nextDose: NextDose;
  /** The product's name when the series fixes it; `null` when the station chooses. */
  productName: string | null;
}

export type Paper = 'thermal' | 'a4';

/** Each paper's page: an 80 mm thermal roll, cut at 200 mm, or A4. */
const PAGE_RULES: Record<Paper, string> = {
  thermal: '@page { size: 80mm 200mm; margin: 4mm; }',
  a4: '@page { size: A4; margin: 20mm; }',
};

/** The slip's lines, the same on screen and on paper. */
function SlipBody({ slip, qrImage }: { slip: SlipDetails; qrImage: string | null }) {
  const { t } = useI18n();
  const { nextDose } = slip;
  return (
    <>
      <p className="slip-ppv">{slip.ppvName}</p>
      <p className="slip-queue">
        {t('desk.slip.queueNumber')} <strong>{slip.queueNumber}</strong>
      </p>
      <dl className="recipient">
        <dt>{t('desk.queue.name')}</dt>
        <dd>{slip.fullName}</dd>
        <dt>{t('desk.recipient.document')}</dt>
        <dd>{maskDocNumber(slip.docNumber)}</dd>
        <dt>{t('desk.slip.date')}</dt>
        <dd>
          {formatInstantDate(slip.registeredAt)} {formatTime(slip.registeredAt)}
        </dd>
        <dt>{t('desk.slip.dose')}</dt>
        <dd>
          {t('desk.next.dose', {
            number: nextDose.doseNumber,
            series: t(`desk.series.${nextDose.series}`),
          })}
        </dd>
        <dt>{t('desk.slip.product')}</dt>
        <dd>{slip.productName ?? t('desk.slip.anyProduct')}</dd>
        <dt>{t('desk.slip.nextDue')}</dt>
        <dd>
          {nextDose.thenDueFrom ? formatDate(nextDose.thenDueFrom) : t('desk.slip.nextDueLater')}
        </dd>
      </dl>
      {qrImage ? (
        <img
          className="slip-qr"
          src={qrImage}
          alt={t('desk.slip.qr')}
          data-slip-text={slipQrText(slip.slipToken)}
          width={160}
          height={160}
        />
      ) : null}
    </>
  );
}

/**
 * The recipient slip after a registration, with its QR code, and a copy for paper (80 mm thermal or
 * A4) that alone prints: everything else on the page is left off paper, so it is one page.
 */
export function RecipientSlip({ slip }: { slip: SlipDetails }) {
  const { t } = useI18n();
  const qrText = slipQrText(slip.slipToken);
  const [qrImage, setQrImage] = useState<string | null>(null);
  const [paper, setPaper] = useState<Paper>('thermal');
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    let current = true;
    setQrImage(null);
    void toDataURL(qrText, { errorCorrectionLevel: 'M', margin: 2, width: 320 }).then((url) => {
      if (current) setQrImage(url);
    });
    return () => {
      current = false;
    };
  }, [qrText]);

  useEffect(() => {
    if (!printing) return;
    window.print();
    setPrinting(false);
  }, [printing]);

  function print(on: Paper) {
    setPaper(on);
    setPrinting(true);
  }

  return (
    <section aria-labelledby="desk-slip-title" className="panel slip">
      <h3 id="desk-slip-title">{t('desk.slip.title')}</h3>
      <div className="slip-screen">
        <SlipBody slip={slip} qrImage={qrImage} />
      </div>
      <div className="slip-actions">
        <button type="button" className="slip-print" onClick={() => print('thermal')}>
          {t('desk.slip.print')} ({t('desk.slip.paper80')})
        </button>
        <button type="button" className="secondary" onClick={() => print('a4')}>
          {t('desk.slip.print')} ({t('desk.slip.paperA4')})
        </button>
      </div>
      {createPortal(
        <div className="slip-paper" data-paper={paper} data-testid="slip-paper">
          <style>{PAGE_RULES[paper]}</style>
          <SlipBody slip={slip} qrImage={qrImage} />
        </div>,
        document.body,
      )}
    </section>
  );
}
