import { useEffect, useState, type FormEvent } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { createPortal } from 'react-dom';
import type { ChannelOutput } from '../../../electron/contract';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote } from '../Field';
import { useSubmit } from '../useSubmit';
import { useFirstPage } from './useFirstPage';

type Report = ChannelOutput<'day.report'>;

/** The sealed days a report can be printed for: the newest batches. */
const SEALED_DAYS = 30;

/**
 * The daily report of a sealed day, chosen from the days sealed lately (`sealedDayId`: the day just
 * sealed, chosen at once): shown in a dialog, printed alone on one A4 page.
 */
export function DailyReports({ sealedDayId }: { sealedDayId: string | null }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const days = useFirstPage(
    async () => (await call('batch.list', { cursor: null, limit: SEALED_DAYS })).items,
    sealedDayId,
  );
  const [chosen, setChosen] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const dayId = chosen !== '' ? chosen : (sealedDayId ?? days[0]?.dayId ?? '');

  function onShow(event: FormEvent) {
    event.preventDefault();
    void submit(async () => setReport(await call('day.report', { dayId })));
  }

  return (
    <section aria-labelledby="manager-report-title">
      <h4 id="manager-report-title">{t('manager.report.title')}</h4>
      {days.length === 0 ? (
        <p>{t('manager.report.noSealedDays')}</p>
      ) : (
        <form onSubmit={onShow} className="inline">
          <div className="field">
            <label htmlFor="manager-report-day">{t('manager.report.day')}</label>
            <select
              id="manager-report-day"
              value={dayId}
              onChange={(event) => setChosen(event.target.value)}
            >
              {days.map((batch) => (
                <option key={batch.dayId} value={batch.dayId}>
                  {t('manager.report.dayOption', {
                    date: formatDate(batch.sessionDate),
                    closed: formatDateTime(batch.closedAt),
                  })}
                </option>
              ))}
            </select>
          </div>
          <ErrorNote text={error} />
          <button type="submit" disabled={busy}>
            {t('manager.report.show')}
          </button>
        </form>
      )}
      {report && <ReportDialog report={report} onClose={() => setReport(null)} />}
    </section>
  );
}

function ReportDialog({ report, onClose }: { report: Report; onClose(): void }) {
  const { t } = useI18n();
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    if (!printing) return;
    window.print();
    setPrinting(false);
  }, [printing]);

  return (
    <>
      <ModalOverlay
        isOpen
        isDismissable
        onOpenChange={(open) => !open && onClose()}
        className="modal-overlay"
      >
        <Modal className="modal report-modal">
          <Dialog className="dialog" aria-labelledby="daily-report-heading">
            <ReportBody report={report} headingId="daily-report-heading" />
            <div className="row-buttons">
              <button type="button" autoFocus onClick={() => setPrinting(true)}>
                {t('manager.report.print')}
              </button>
              <button type="button" className="secondary" onClick={onClose}>
                {t('manager.report.close')}
              </button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
      {createPortal(
        <div className="report-paper" data-testid="report-paper">
          <style>{'@page { size: A4; margin: 15mm; }'}</style>
          <ReportBody report={report} headingId={null} />
        </div>,
        document.body,
      )}
    </>
  );
}

/** The report's page, the same on screen and on paper. */
function ReportBody({ report, headingId }: { report: Report; headingId: string | null }) {
  const { t } = useI18n();
  const { day } = report;
  const title = t('manager.report.heading', { date: formatDate(day.sessionDate) });
  const counts: ReadonlyArray<readonly [string, string | number]> = [
    [t('manager.report.registrations'), report.registrations.total],
    [t('manager.report.vaccinated'), report.registrations.vaccinated],
    [t('manager.report.deferred'), report.registrations.deferred],
    [t('manager.report.left'), report.registrations.left],
    [t('manager.report.doses'), report.dosesTotal],
    [t('manager.report.wasted'), report.wastageTotal],
    [t('manager.report.voids'), report.voids],
    [t('manager.report.amendments'), report.amendments],
    [
      t('manager.report.late'),
      report.lateRecords === 0
        ? 0
        : t(
            report.lateReasonGiven
              ? 'manager.report.lateReasonGiven'
              : 'manager.report.lateReasonMissing',
            { count: report.lateRecords },
          ),
    ],
  ];
  return (
    <div className="daily-report">
      {headingId === null ? (
        <h2>{title}</h2>
      ) : (
        <Heading slot="title" id={headingId}>
          {title}
        </Heading>
      )}
      <p>
        {report.ppv.name} ({report.ppv.code}) ·{' '}
        {day.outreachArea
          ? t('manager.report.outreach', day.outreachArea)
          : t('manager.report.walkIn')}
      </p>
      <p>
        {t('manager.report.period', {
          opened: formatDateTime(day.openedAt),
          closed: formatDateTime(day.closedAt),
        })}{' '}
        {t('manager.report.batch', { records: report.batch.recordCount })}
      </p>
      <dl className="counts">
        {counts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="report-tables">
        <table>
          <caption>{t('manager.report.dosesTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('manager.closeOut.product')}</th>
              <th scope="col">{t('manager.closeOut.doseNumber')}</th>
              <th scope="col">{t('manager.closeOut.count')}</th>
            </tr>
          </thead>
          <tbody>
            {report.dosesByProduct.length === 0 ? (
              <tr>
                <td colSpan={3}>{t('manager.report.none')}</td>
              </tr>
            ) : (
              report.dosesByProduct.map((row) => (
                <tr key={`${row.productCode}:${row.doseNumber}`}>
                  <td>{row.productName}</td>
                  <td>{row.doseNumber}</td>
                  <td>{row.count}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <table>
          <caption>{t('manager.report.wastageTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('manager.closeOut.product')}</th>
              <th scope="col">{t('manager.report.lot')}</th>
              <th scope="col">{t('manager.report.vials')}</th>
              <th scope="col">{t('manager.report.drawn')}</th>
              <th scope="col">{t('manager.report.wastedColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {report.wastageByLot.length === 0 ? (
              <tr>
                <td colSpan={5}>{t('manager.report.none')}</td>
              </tr>
            ) : (
              report.wastageByLot.map((row) => (
                <tr key={`${row.productCode}:${row.lot ?? ''}`}>
                  <td>{row.productCode}</td>
                  <td>{row.lot ?? t('manager.report.lotWithheld')}</td>
                  <td>{row.vials}</td>
                  <td>{row.dosesDrawn}</td>
                  <td>{row.dosesWasted}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <p className="report-footnote">
        {t('manager.report.footnote', { at: formatDateTime(report.generatedAt) })}
      </p>
    </div>
  );
}
